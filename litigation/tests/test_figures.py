"""The litigation figures: the 2023 demo values, and each figure recomputed after a change."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.models import Organization
from core.figures import registry
from litigation.models import Hearing, LitigationCase, ReconsiderationCase
from litigation.tests.factories import HearingFactory, LitigationCaseFactory, ReconsiderationCaseFactory

D = datetime.date


def figures(org, year):
    return {k: f.value for k, f in registry.compute(org, year, apps=["litigation"]).items()}


@pytest.mark.django_db
def test_demo_reproduces_the_2023_report():
    call_command("load_demo", "--quiet-logins", verbosity=0)
    values = figures(Organization.objects.get(name="八桥镇"), 2023)
    assert values["行政复议案件数"].value == 3
    assert values["行政应诉案件数"].value == 6
    for key in ("复议按期答复率", "应诉按期答辩率", "负责人出庭应诉率"):
        assert values[key].value == Decimal("100.00"), key
    assert (values["复议按期答复率"].numerator, values["复议按期答复率"].denominator) == (3, 3)
    assert (values["应诉按期答辩率"].numerator, values["应诉按期答辩率"].denominator) == (6, 6)
    assert (values["负责人出庭应诉率"].numerator, values["负责人出庭应诉率"].denominator) == (5, 5)
    per_level = values["负责人出庭应诉率"].breakdown
    assert (per_level["一审"].numerator, per_level["一审"].denominator) == (4, 4)
    assert (per_level["二审"].numerator, per_level["二审"].denominator) == (1, 1)
    assert per_level["二审"].url.endswith("hearing_year=2023&level=2")
    assert (values["负责人出庭应诉案件数"].value, values["开庭审理案件数"].value) == (5, 5)
    assert values["行政复议审结数"].value == 3
    assert values["复议被纠错率"].value == Decimal("0.00")
    assert values["行政应诉审结数"].value == 5
    # The appealed 一审 (12号) counts once, at its 二审 (186号): 4 lawsuits ended in 2023, not 5.
    assert (values["败诉率"].numerator, values["败诉率"].denominator) == (0, 4)


@pytest.mark.django_db
def test_demo_is_idempotent_and_valid():
    call_command("load_demo", "--quiet-logins", verbosity=0)
    counts = (ReconsiderationCase.objects.count(), LitigationCase.objects.count(), Hearing.objects.count())
    call_command("load_demo", "--quiet-logins", verbosity=0)
    assert counts == (3, 6, 7)  # 6 trials and one 庭前会议
    assert (ReconsiderationCase.objects.count(), LitigationCase.objects.count(), Hearing.objects.count()) == counts
    for case in [*ReconsiderationCase.objects.all(), *LitigationCase.objects.all(), *Hearing.objects.all()]:
        case.full_clean()
    # Accepted before 2024: the old law, calendar days.
    assert set(ReconsiderationCase.objects.values_list("law", flat=True)) == {"2017"}


@pytest.fixture
def year_cases(org, department):
    """2023: two 复议 (one replied on time), two 应诉 (answered on time), one hearing each."""
    r1 = ReconsiderationCaseFactory(
        organization=org, handling_department=department, law="2017",
        accepted_on=D(2023, 3, 7), copy_received_on=D(2023, 3, 9), reply_submitted_on=D(2023, 3, 16),
    )  # fmt: skip
    r2 = ReconsiderationCaseFactory(
        organization=org, handling_department=department, law="2017",
        accepted_on=D(2023, 6, 15), copy_received_on=D(2023, 6, 19), reply_submitted_on=D(2023, 6, 27),
    )  # fmt: skip
    l1 = LitigationCaseFactory(
        organization=org, handling_department=department,
        filed_on=D(2023, 2, 20), copy_received_on=D(2023, 2, 24), answer_submitted_on=D(2023, 3, 8),
    )  # fmt: skip
    l2 = LitigationCaseFactory(
        organization=org, handling_department=department,
        filed_on=D(2023, 4, 10), copy_received_on=D(2023, 4, 13), answer_submitted_on=D(2023, 4, 24),
    )  # fmt: skip
    h1 = HearingFactory(case=l1, held_on=D(2023, 4, 18))
    h2 = HearingFactory(case=l2, held_on=D(2023, 6, 6))
    return {"r1": r1, "r2": r2, "l1": l1, "l2": l2, "h1": h1, "h2": h2}


@pytest.mark.django_db
class TestRecomputed:
    def test_baseline(self, org, year_cases):
        v = figures(org, 2023)
        assert v["行政复议案件数"].value == 2 and v["行政应诉案件数"].value == 2
        assert v["复议按期答复率"].value == Decimal("100.00")
        assert v["负责人出庭应诉率"].value == Decimal("100.00")
        assert v["复议被纠错率"].value is None and v["败诉率"].value is None  # nothing decided: no rate

    def test_a_late_reply_lowers_the_reply_rate(self, org, year_cases):
        r = year_cases["r1"]
        r.reply_submitted_on = D(2023, 3, 21)  # due 20 Mar (19 Mar a Sunday)
        r.save()
        v = figures(org, 2023)["复议按期答复率"]
        assert (v.numerator, v.denominator, v.value) == (1, 2, Decimal("50.00"))

    def test_late_counts_name_each_reply_or_answer_not_on_time(self, org, year_cases, department, client, clerk_user):
        # The report's claim check (“均及时提交答复书、答辩状”) reads these two counts.
        assert figures(org, 2023)["复议逾期答复数"].value == 0
        r = year_cases["r1"]
        r.reply_submitted_on = D(2023, 3, 21)  # due 20 Mar: late
        r.save()
        LitigationCaseFactory(  # due mid-September, never answered: overdue
            organization=org, handling_department=department, filed_on=D(2023, 9, 1), copy_received_on=D(2023, 9, 4)
        )
        resolved = registry.compute(org, 2023, apps=["litigation"])
        assert resolved["复议逾期答复数"].value.value == 1
        assert resolved["应诉逾期答辩数"].value.value == 1
        # The figure's link lists exactly those cases.
        client.force_login(clerk_user)
        html = client.get(resolved["复议逾期答复数"].url).content.decode()
        assert r.case_number in html and year_cases["r2"].case_number not in html
        html = client.get(resolved["应诉逾期答辩数"].url).content.decode()
        assert year_cases["l1"].case_number not in html and year_cases["l2"].case_number not in html

    def test_a_correcting_decision_raises_the_correction_rate(self, org, year_cases):
        for case, decision in ((year_cases["r1"], "revoke"), (year_cases["r2"], "uphold")):
            case.decided_on, case.decision = D(2023, 8, 10), decision
            case.save()
        v = figures(org, 2023)
        assert v["行政复议审结数"].value == 2
        assert (v["复议被纠错率"].numerator, v["复议被纠错率"].denominator) == (1, 2)

    def test_a_late_answer_lowers_the_answer_rate(self, org, year_cases):
        case = year_cases["l2"]
        case.answer_submitted_on = D(2023, 5, 5)  # due 28 Apr
        case.save()
        v = figures(org, 2023)["应诉按期答辩率"]
        assert (v.numerator, v.denominator) == (1, 2)

    def test_a_lawyer_only_hearing_lowers_the_appearance_rate(self, org, year_cases):
        hearing = year_cases["h2"]
        hearing.leader_role, hearing.absence_reason = "lawyer", "镇长外出学习"
        hearing.save()
        v = figures(org, 2023)["负责人出庭应诉率"]
        assert (v.numerator, v.denominator) == (1, 2)
        assert (v.breakdown["一审"].numerator, v.breakdown["一审"].denominator) == (1, 2)

    def test_one_qualifying_appearance_per_level_is_enough(self, org, year_cases):
        # 2020 规定第七条: a second session attended only by staff does not undo the first.
        HearingFactory(case=year_cases["l1"], held_on=D(2023, 5, 9), leader_role="staff", absence_reason="出差")
        v = figures(org, 2023)["负责人出庭应诉率"]
        assert (v.numerator, v.denominator) == (2, 2)

    def test_a_lost_case_raises_the_loss_rate(self, org, year_cases):
        case = year_cases["l1"]
        case.judged_on, case.result, case.outcome = D(2023, 5, 26), "revoke", "lost"
        case.save()
        v = figures(org, 2023)
        assert v["行政应诉审结数"].value == 1
        assert (v["败诉率"].numerator, v["败诉率"].denominator, v["败诉率"].value) == (1, 1, Decimal("100.00"))

    def test_an_unanswered_case_not_yet_due_is_left_out(self, org, year_cases, department):
        LitigationCaseFactory(
            organization=org, handling_department=department, filed_on=D(2099, 1, 5), copy_received_on=D(2099, 1, 6)
        )
        v = figures(org, 2099)
        assert v["行政应诉案件数"].value == 1
        assert (v["应诉按期答辩率"].numerator, v["应诉按期答辩率"].denominator) == (0, 0)

    def test_an_overdue_unanswered_case_counts_as_not_on_time(self, org, year_cases, department):
        LitigationCaseFactory(
            organization=org, handling_department=department, filed_on=D(2023, 9, 1), copy_received_on=D(2023, 9, 4)
        )
        v = figures(org, 2023)["应诉按期答辩率"]
        assert (v.numerator, v.denominator) == (2, 3)

    def test_other_towns_are_not_counted(self, org, other_org, year_cases):
        ReconsiderationCaseFactory(
            organization=other_org, accepted_on=D(2023, 3, 1), copy_received_on=D(2023, 3, 2), law="2017"
        )
        assert figures(org, 2023)["行政复议案件数"].value == 2

    def test_figures_cost_three_queries(self, org, year_cases, django_assert_num_queries):
        # 复议 of the year, 应诉 of the year (each flagged final or not, a subquery), trials of the year.
        with django_assert_num_queries(3):
            figures(org, 2023)


def listed(org, **params):
    """The rows the figure's list link shows (the same FilterSet as the page)."""
    from litigation.filters import LitigationFilterSet
    from litigation.selectors import litigation_cases

    data = {k: str(v) for k, v in params.items()}
    return set(LitigationFilterSet(data, queryset=litigation_cases(org), organization=org).qs)


@pytest.mark.django_db
class TestAppearanceRate:
    """负责人出庭应诉率: 开庭审理 only, per case per 审级, by the year the trial was held."""

    @pytest.fixture
    def first(self, org, department):
        return LitigationCaseFactory(
            organization=org, handling_department=department, filed_on=D(2023, 2, 20), copy_received_on=D(2023, 2, 24)
        )

    def test_a_pretrial_meeting_or_an_inquiry_is_not_a_trial(self, org, first):
        # A 负责人 at the 庭前会议 and at a 询问, only a lawyer at the trial: not an appearance.
        HearingFactory(case=first, held_on=D(2023, 3, 20), kind="pretrial")
        HearingFactory(case=first, held_on=D(2023, 3, 27), kind="inquiry")
        HearingFactory(case=first, held_on=D(2023, 4, 18), leader_role="lawyer", absence_reason="外出学习")
        v = figures(org, 2023)
        assert (v["负责人出庭应诉率"].numerator, v["负责人出庭应诉率"].denominator) == (0, 1)
        assert (v["负责人出庭应诉案件数"].value, v["开庭审理案件数"].value) == (0, 1)
        assert listed(org, hearing_year=2023, leader=1) == set()
        assert listed(org, hearing_year=2023) == {first}

    def test_a_case_with_only_a_pretrial_meeting_is_not_in_the_denominator(self, org, first):
        HearingFactory(case=first, held_on=D(2023, 3, 20), kind="pretrial", leader_role="staff", absence_reason="-")
        v = figures(org, 2023)["负责人出庭应诉率"]
        assert (v.numerator, v.denominator, v.value) == (0, 0, None)
        assert listed(org, hearing_year=2023) == set()

    def test_each_instance_needs_its_own_appearance(self, org, department, first):
        HearingFactory(case=first, held_on=D(2023, 4, 18))  # 镇长 at the 一审 trial
        second = LitigationCaseFactory(
            organization=org, handling_department=department, level="2", first_instance=first,
            filed_on=D(2023, 7, 3), copy_received_on=D(2023, 7, 6),
        )  # fmt: skip
        HearingFactory(case=second, held_on=D(2023, 8, 22), leader_role="lawyer", absence_reason="镇长外出")
        v = figures(org, 2023)["负责人出庭应诉率"]
        assert (v.numerator, v.denominator) == (1, 2)
        assert (v.breakdown["一审"].numerator, v.breakdown["一审"].denominator) == (1, 1)
        assert (v.breakdown["二审"].numerator, v.breakdown["二审"].denominator) == (0, 1)
        assert listed(org, hearing_year=2023, leader=1) == {first}

    def test_counted_in_the_year_the_trial_was_held(self, org, first):
        HearingFactory(case=first, held_on=D(2024, 1, 16))
        assert figures(org, 2023)["负责人出庭应诉率"].denominator == 0
        v = figures(org, 2024)["负责人出庭应诉率"]
        assert (v.numerator, v.denominator) == (1, 1)
        assert listed(org, hearing_year=2024, leader=1) == {first}


@pytest.mark.django_db
class TestLossRate:
    """败诉率: each lawsuit once, by its final judgment, in the year of that judgment."""

    @pytest.fixture
    def first(self, org, department):
        return LitigationCaseFactory(
            organization=org, handling_department=department, filed_on=D(2023, 2, 20), copy_received_on=D(2023, 2, 24),
            judgment_kind="judgment", judged_on=D(2023, 5, 26), result="revoke", outcome="lost",
            judgment_served_on=D(2023, 5, 30),
        )  # fmt: skip

    def _second(self, org, department, first, **judgment):
        return LitigationCaseFactory(
            organization=org, handling_department=department, level="2", first_instance=first,
            filed_on=D(2023, 7, 3), copy_received_on=D(2023, 7, 6), **judgment,
        )  # fmt: skip

    def test_an_unappealed_loss_counts(self, org, first):
        v = figures(org, 2023)["败诉率"]
        assert (v.numerator, v.denominator) == (1, 1)
        assert listed(org, final_year=2023) == {first}

    def test_an_appealed_case_counts_once_at_its_second_instance(self, org, department, first):
        # Lost at 一审, we appealed and the 二审 amended in our favour: one lawsuit, not lost.
        first.appeal = "defendant"
        first.save()
        second = self._second(org, department, first, judgment_kind="judgment", judged_on=D(2023, 9, 15),
                              result="amend", outcome="won")  # fmt: skip
        v = figures(org, 2023)
        assert (v["败诉率"].numerator, v["败诉率"].denominator) == (0, 1)
        assert (v["败诉率"].breakdown["二审"].numerator, v["败诉率"].breakdown["二审"].denominator) == (0, 1)
        assert v["行政应诉审结数"].value == 2  # both judgments were given; only the last decides the lawsuit
        assert listed(org, final_year=2023) == {second}

    def test_a_pending_appeal_leaves_the_lawsuit_out(self, org, department, first):
        first.appeal = "plaintiff"
        first.save()
        assert figures(org, 2023)["败诉率"].denominator == 0  # appeal registered, 二审 not yet entered
        self._second(org, department, first)
        assert figures(org, 2023)["败诉率"].denominator == 0  # 二审 registered, not yet judged
        assert listed(org, final_year=2023) == set()

    def test_a_second_instance_in_the_next_year_counts_there(self, org, department, first):
        first.appeal = "plaintiff"
        first.save()
        second = self._second(org, department, first, judgment_kind="judgment", judged_on=D(2024, 1, 10),
                              result="uphold", outcome="lost")  # fmt: skip
        assert figures(org, 2023)["败诉率"].denominator == 0
        v = figures(org, 2024)["败诉率"]
        assert (v.numerator, v.denominator) == (1, 1)
        assert listed(org, final_year=2024, outcome="lost") == {second}

    def test_a_remand_is_not_final(self, org, department, first):
        first.appeal = "plaintiff"
        first.save()
        self._second(org, department, first, judgment_kind="ruling", judged_on=D(2023, 9, 15), result="remand")
        assert figures(org, 2023)["败诉率"].denominator == 0


@pytest.mark.django_db
class TestCorrectionRate:
    """复议被纠错率: 撤销、变更、确认违法、责令履行 (and 确认无效) over the cases 审结 in the year."""

    @pytest.mark.parametrize(
        "decision,corrected",
        [
            ("revoke", True),
            ("change", True),
            ("confirm_illegal", True),
            ("order_perform", True),
            ("confirm_void", True),
            ("uphold", False),
            ("dismiss", False),
            ("terminate", False),
        ],
    )
    def test_which_decisions_correct(self, org, year_cases, decision, corrected):
        case = year_cases["r1"]
        case.decided_on, case.decision = D(2023, 4, 28), decision
        case.save()
        v = figures(org, 2023)["复议被纠错率"]
        assert (v.numerator, v.denominator) == (int(corrected), 1)

    def test_named_exactly_so(self):
        definition = registry.get("复议被纠错率")
        assert definition is not None and definition.kind == "rate"
        assert "复议纠错率" not in registry


@pytest.mark.django_db
def test_several_years_at_once_are_each_year_alone(org, department, year_cases, django_assert_num_queries):
    """compute_years (the dashboard's year and the one before, in one pass) gives each year what
    that year alone gives, from the same three queries: no case counted in the wrong year."""
    from litigation.figures import compute, compute_years

    ReconsiderationCaseFactory(
        organization=org, handling_department=department, law="2017", accepted_on=D(2022, 12, 20),
        copy_received_on=D(2022, 12, 22), reply_submitted_on=D(2023, 1, 20),
        decided_on=D(2023, 2, 20), decision="revoke",
    )  # fmt: skip
    appealed = year_cases["l1"]
    appealed.judgment_kind, appealed.judged_on, appealed.result, appealed.outcome = (
        "judgment",
        D(2023, 5, 26),
        "revoke",
        "lost",
    )
    appealed.judgment_served_on, appealed.appeal = D(2023, 5, 30), "plaintiff"
    appealed.save()
    second = LitigationCaseFactory(
        organization=org, handling_department=department, level="2", first_instance=appealed,
        filed_on=D(2023, 7, 3), copy_received_on=D(2023, 7, 6), judgment_kind="judgment",
        judged_on=D(2024, 1, 10), result="uphold", outcome="lost",
    )  # fmt: skip
    HearingFactory(case=second, held_on=D(2024, 1, 5))

    with django_assert_num_queries(3):
        together = compute_years(org, [2024, 2022, 2023])
    assert sorted(together) == [2022, 2023, 2024]
    for year in (2022, 2023, 2024):
        alone = compute(org, year)
        assert {k: (v.value, v.numerator, v.denominator) for k, v in together[year].items()} == {
            k: (v.value, v.numerator, v.denominator) for k, v in alone.items()
        }, year
    assert together[2022]["行政复议案件数"].value == 1 and together[2023]["行政复议审结数"].value == 1
    assert together[2024]["败诉率"].denominator == 1 and together[2023]["败诉率"].denominator == 0
    assert together[2024]["开庭审理案件数"].value == 1 and together[2023]["开庭审理案件数"].value == 2
