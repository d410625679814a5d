"""Figures and alerts: values, the list behind each figure, recomputation, fixed query counts."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organization
from core.alerts import alert_registry
from core.figures import registry
from disputes import choices as c
from disputes import services
from disputes.figures import compute
from disputes.models import Agreement, Dispute, FollowUp, dispute_flags
from disputes.selectors import confirmation_closing_on, followup_due_on
from disputes.tests.factories import DisputeFactory, OrganizationFactory, PartyFactory

D = datetime.date


def figures(org, year=2023):
    return {k: v for k, v in registry.compute(org, year, apps=["disputes"]).items()}


def provider_queries() -> int:
    """Totals of the year's disputes and of the open ones, agreements, the five breakdowns (one
    query on PostgreSQL, one each elsewhere), the names of the categories and 村（社区） counted."""
    from disputes.figures import has_grouping_sets

    return 3 + (1 if has_grouping_sets("default") else 5) + 2


def make(org, community, category, received, status=c.Status.ACCEPTED, concluded=None, **kwargs):
    dispute = DisputeFactory(organization=org, community=community, category=category, received_on=received, **kwargs)
    if status == c.Status.ACCEPTED:
        return dispute
    dispute = services.dispute_start_mediation(dispute=dispute, started_on=received, by=None)
    if status == c.Status.MEDIATING:
        return dispute
    return services.dispute_conclude(dispute=dispute, result=status, concluded_on=concluded, outcome="x", by=None)


@pytest.mark.django_db
def test_every_documented_key_is_published():
    keys = {d.key for d in registry.definitions() if d.app_label == "disputes"}
    assert keys == {
        "调解纠纷数", "调结纠纷数", "调解成功数", "调解成功率", "调解成功率分子", "调解成功率分母",
        "协议履行率", "司法确认数", "超期未结纠纷数",
        "纠纷类别分布", "纠纷来源分布", "纠纷月度分布", "纠纷社区分布", "纠纷等级分布",
    }  # fmt: skip


@pytest.mark.django_db
def test_figures_are_recomputed_after_a_record_changes(org, community, category, clerk):
    a = make(org, community, category, D(2023, 1, 5), c.Status.SUCCEEDED, D(2023, 1, 9))
    make(org, community, category, D(2023, 2, 5), c.Status.FAILED, D(2023, 2, 20))
    open_one = make(org, community, category, D(2023, 12, 1), c.Status.MEDIATING)
    make(org, community, category, D(2022, 12, 20), c.Status.SUCCEEDED, D(2023, 1, 3))  # concluded in 2023
    first = figures(org)
    assert first["调解纠纷数"].value.value == 3
    assert first["调结纠纷数"].value.value == 3
    assert first["调解成功数"].value.value == 2
    rate = first["调解成功率"].value
    assert (rate.numerator, rate.denominator, str(rate.value)) == (2, 3, "66.67")
    assert first["超期未结纠纷数"].value.value == 0  # open 30 days on 31 Dec
    assert first["纠纷月度分布"].value.breakdown["12月"] == 1

    services.dispute_conclude(
        dispute=open_one, result=c.Status.SUCCEEDED, concluded_on=D(2023, 12, 28), outcome="x", by=None
    )
    PartyFactory(dispute=a)
    services.agreement_save(
        agreement=Agreement(dispute=a, form=c.AgreementForm.ORAL, signed_on=D(2023, 1, 9), terms="x"), by=None
    )
    second = figures(org)
    assert second["调结纠纷数"].value.value == 4
    assert second["调解成功数"].value.value == 3
    assert str(second["调解成功率"].value.value) == "75.00"
    fulfil = second["协议履行率"].value
    assert (fulfil.numerator, fulfil.denominator) == (0, 1)
    services.followup_record(
        followup=FollowUp(dispute=a, visited_on=D(2023, 1, 20), visitor="王", result="已履行"),
        by=None,
        performance=c.Performance.PERFORMED,
    )
    assert figures(org)["协议履行率"].value.value == 100


@pytest.mark.django_db
def test_overdue_at_year_end(org, community, category):
    make(org, community, category, D(2023, 11, 20), c.Status.MEDIATING)
    make(org, community, category, D(2023, 12, 10), c.Status.MEDIATING)
    make(org, community, category, D(2023, 10, 1), c.Status.SUCCEEDED, D(2024, 1, 10))  # still open on 31 Dec
    value = figures(org)["超期未结纠纷数"]
    assert value.value.value == 2
    assert value.url.endswith("?flag=overdue&as_of=2023-12-31")


@pytest.mark.django_db
def test_each_figure_count_equals_its_list(org, community, category, clerk):
    make(org, community, category, D(2023, 1, 5), c.Status.SUCCEEDED, D(2023, 1, 9))
    make(org, community, category, D(2023, 2, 5), c.Status.TERMINATED, D(2023, 2, 20))
    make(org, community, category, D(2023, 3, 5), c.Status.MEDIATING)
    refer = make(org, community, category, D(2023, 4, 5), c.Status.MEDIATING)
    services.dispute_refer(dispute=refer, referred_to="法院", referred_on=D(2023, 4, 6), note="", by=None)
    for key in ("调解纠纷数", "调结纠纷数", "调解成功数", "超期未结纠纷数"):
        figure = figures(org)[key]
        listed = clerk.get(figure.url).context["page_obj"].paginator.count
        assert listed == figure.value.value, key


@pytest.mark.django_db
def test_provider_query_count_does_not_grow(org, community, category):
    make(org, community, category, D(2023, 1, 5), c.Status.SUCCEEDED, D(2023, 1, 9))
    with CaptureQueriesContext(connection) as few:
        compute(org, 2023)
    for day in range(1, 20):
        make(org, community, category, D(2023, 5, day), c.Status.SUCCEEDED, D(2023, 5, 25))
    with CaptureQueriesContext(connection) as many:
        compute(org, 2023)
    assert len(few) == len(many) == provider_queries()


@pytest.mark.django_db
def test_alerts(org, community, category):
    today = D(2023, 6, 30)
    make(org, community, category, D(2023, 5, 1), c.Status.MEDIATING)  # open 60 days
    make(org, community, category, D(2023, 6, 20), c.Status.MEDIATING)  # fine
    signed = make(org, community, category, D(2023, 6, 1), c.Status.SUCCEEDED, D(2023, 6, 5))
    PartyFactory(dispute=signed)
    services.agreement_save(
        agreement=Agreement(dispute=signed, form=c.AgreementForm.ORAL, signed_on=D(2023, 6, 5), terms="x"), by=None
    )  # 司法确认 window ends 5 July; 回访 due 5 July
    alerts = alert_registry.collect(org, today)
    mine = [(a.category, a.level) for a in alerts if a.app_label == "disputes"]
    assert mine == [("纠纷超期", "danger"), ("司法确认", "warning"), ("回访", "warning")]
    assert "受理已 60 天未调结" in [a for a in alerts if a.app_label == "disputes"][0].title
    services.followup_record(
        followup=FollowUp(dispute=signed, visited_on=D(2023, 6, 20), visitor="王", result="好"), by=None
    )
    mine = [a.category for a in alert_registry.collect(org, today) if a.app_label == "disputes"]
    assert mine == ["纠纷超期", "司法确认"]


@pytest.mark.django_db
def test_followup_reminders_look_back_one_year(org, community, category, settings):
    """A visit missed over a year ago is no reminder (models.followup_lookback_days); 0 lifts the limit."""
    today = D(2023, 6, 30)
    for concluded in (D(2022, 6, 20), D(2022, 7, 10)):  # 375 and 355 days before today
        dispute = make(org, community, category, concluded - datetime.timedelta(days=3), c.Status.SUCCEEDED, concluded)
        PartyFactory(dispute=dispute)
        services.agreement_save(
            agreement=Agreement(dispute=dispute, form=c.AgreementForm.ORAL, signed_on=concluded, terms="x"), by=None
        )

    def due():
        return Dispute.objects.filter(organization=org).filter(followup_due_on(today)).count()

    def flagged():
        return sum(any("回访" in label for label, _ in dispute_flags(d, today)) for d in Dispute.objects.all())

    assert due() == flagged() == 1
    settings.DISPUTES_FOLLOWUP_LOOKBACK_DAYS = 0
    assert due() == flagged() == 2


@pytest.mark.django_db
def test_many_alerts_of_one_kind_become_one_summary(org, community, category):
    for day in range(1, 8):
        make(org, community, category, D(2023, 1, day), c.Status.MEDIATING)
    alerts = alert_registry.collect(org, D(2023, 6, 30))
    assert [a.title for a in alerts if a.app_label == "disputes"] == ["7 件纠纷受理超过30天未调结"]
    assert alerts[0].url == "/disputes/?flag=overdue"


@pytest.mark.django_db
def test_demo_reproduces_the_2023_report():
    call_command("load_demo", "--quiet-logins", verbosity=0)
    org = Organization.objects.get(name="八桥镇")
    values = figures(org)
    assert values["调解纠纷数"].value.value == 788
    assert values["调结纠纷数"].value.value == 788
    assert values["调解成功数"].value.value == 775
    assert values["调解成功率"].value.value > 98
    assert values["超期未结纠纷数"].value.value == 0
    assert sum(values["纠纷月度分布"].value.breakdown.values()) == 788
    assert len(values["纠纷社区分布"].value.breakdown) == 8
    assert values["司法确认数"].value.value > 0
    assert 0 < values["协议履行率"].value.denominator < 775
    call_command("load_demo", "--quiet-logins", verbosity=0)
    assert figures(org)["调解纠纷数"].value.value == 788


@pytest.mark.django_db
def test_demo_parties_pass_the_party_validation():
    """A clerk editing a demo party must not meet a 身份证号 error the demo itself caused."""

    from disputes.models import Party

    call_command("load_demo", "--quiet-logins", verbosity=0)
    parties = list(Party.objects.exclude(id_number="").order_by("pk")[:300])
    assert parties
    # The natural code of 大渡口区 for everyone, born before 1997 or not (no code bent to
    # the birth year to please a validator).
    assert {party.id_number[:6] for party in parties} == {"500104"}
    assert any(party.id_number[6:10] < "1997" for party in parties)
    for party in parties:
        party.full_clean()


@pytest.mark.django_db
def test_confirmation_alert_and_list_follow_the_rolled_window(org, community, category):
    # Signed 1 Sep 2023: day 30 is 1 Oct (国庆), the window ends on Sat 7 Oct (调休 working day).
    signed = make(org, community, category, D(2023, 8, 20), c.Status.SUCCEEDED, D(2023, 9, 1))
    PartyFactory(dispute=signed)
    services.agreement_save(
        agreement=Agreement(dispute=signed, form=c.AgreementForm.ORAL, signed_on=D(2023, 9, 1), terms="x"), by=None
    )
    alerts = [a for a in alert_registry.collect(org, D(2023, 10, 3)) if a.category == "司法确认"]
    assert [a.due_date for a in alerts] == [D(2023, 10, 7)]
    assert "10月07日" in alerts[0].title and "顺延" in alerts[0].detail
    assert not [a for a in alert_registry.collect(org, D(2023, 10, 8)) if a.category == "司法确认"]
    assert set(Dispute.objects.filter(confirmation_closing_on(D(2023, 10, 3)))) == {signed}
    assert not Dispute.objects.filter(confirmation_closing_on(D(2023, 9, 20))).exists()  # 17 days before


@pytest.mark.django_db
def test_two_years_at_once_are_each_year_alone(org, community, category):
    """compute_years (the dashboard's year and the one before, in one pass) gives each year
    exactly what that year alone gives: no record counted in the wrong year."""
    from accounts.tests.factories import CommunityFactory
    from disputes.figures import compute_years
    from disputes.tests.factories import DisputeCategoryFactory

    other_community = CommunityFactory(organization=org, name="八桥社区")
    other_category = DisputeCategoryFactory(organization=org, name="婚姻家庭纠纷", sort_order=1)
    make(org, community, category, D(2022, 3, 5), c.Status.SUCCEEDED, D(2022, 3, 9), source=c.Source.VISIT)
    make(org, other_community, other_category, D(2022, 12, 20), c.Status.SUCCEEDED, D(2023, 1, 3))
    make(org, community, other_category, D(2022, 6, 1), c.Status.MEDIATING, grade=c.Grade.COMPLEX)  # overdue
    make(org, other_community, category, D(2023, 2, 5), c.Status.FAILED, D(2023, 2, 20), source=c.Source.HOTLINE)
    signed = make(org, community, category, D(2023, 7, 5), c.Status.SUCCEEDED, D(2023, 7, 9))
    PartyFactory(dispute=signed)
    services.agreement_save(
        agreement=Agreement(dispute=signed, form=c.AgreementForm.ORAL, signed_on=D(2023, 7, 9), terms="x"), by=None
    )
    make(org, community, category, D(2024, 1, 5))

    with CaptureQueriesContext(connection) as together_queries:
        together = compute_years(org, [2023, 2022])
    assert len(together_queries) == provider_queries()  # the same queries as for one year
    assert set(together) == {2022, 2023}
    for year in (2022, 2023):
        alone = compute(org, year)
        assert {k: (v.value, v.breakdown) for k, v in together[year].items()} == {
            k: (v.value, v.breakdown) for k, v in alone.items()
        }, year
    # And the registry's several-years path publishes the same figures as one year at a time.
    many = registry.compute_years(org, [2022, 2023])
    for year in (2022, 2023):
        assert {k: v.value.value for k, v in many[year].items()} == {
            k: v.value.value for k, v in registry.compute(org, year).items()
        }
    assert together[2022]["纠纷来源分布"].breakdown != together[2023]["纠纷来源分布"].breakdown
    assert (
        together[2022]["纠纷月度分布"].breakdown["12月"] == 1 and together[2023]["纠纷月度分布"].breakdown["12月"] == 0
    )


def _breakdown_records(org, other_town):
    """Disputes over two years and another town's, spread over categories (one ordered first by its
    sort order, one named like another town's), 村（社区）, sources, grades and months."""
    from disputes.tests.factories import CommunityFactory, DisputeCategoryFactory

    late = DisputeCategoryFactory(organization=org, name="婚姻家庭", sort_order=9)
    early = DisputeCategoryFactory(organization=org, name="邻里纠纷", sort_order=1)
    east = CommunityFactory(organization=org, name="东风社区")
    west = CommunityFactory(organization=org, name="西城社区")
    for received, category, community, source, grade in [
        (D(2022, 3, 1), late, east, c.Source.VISIT, c.Grade.SIMPLE),
        (D(2022, 3, 9), early, east, c.Source.VISIT, c.Grade.COMPLEX),
        (D(2022, 11, 2), late, west, c.Source.GRID, c.Grade.SIMPLE),
        (D(2023, 1, 5), late, west, c.Source.VISIT, c.Grade.DIFFICULT),
        (D(2023, 1, 6), early, west, c.Source.GRID, c.Grade.SIMPLE),
        (D(2021, 6, 1), early, east, c.Source.VISIT, c.Grade.SIMPLE),  # a year not asked for
    ]:
        make(org, community, category, received, source=source, grade=grade)
    foreign = DisputeCategoryFactory(organization=other_town, name="婚姻家庭")
    make(other_town, CommunityFactory(organization=other_town, name="东风社区"), foreign, D(2022, 3, 1))


@pytest.mark.django_db
def test_breakdowns_count_each_year_by_category_community_source_grade_and_month(org):
    from disputes.figures import compute_years

    _breakdown_records(org, OrganizationFactory(name="跳磴镇"))
    values = compute_years(org, [2022, 2023])
    breakdown = {year: {k: v.breakdown for k, v in values[year].items() if v.breakdown} for year in (2022, 2023)}
    assert list(breakdown[2022]["纠纷类别分布"].items()) == [("邻里纠纷", 1), ("婚姻家庭", 2)]  # by sort order
    assert list(breakdown[2022]["纠纷社区分布"].items()) == [("东风社区", 2), ("西城社区", 1)]
    assert breakdown[2022]["纠纷来源分布"] == {c.Source.VISIT.label: 2, c.Source.GRID.label: 1}
    assert breakdown[2022]["纠纷等级分布"] == {c.Grade.SIMPLE.label: 2, c.Grade.COMPLEX.label: 1}
    assert breakdown[2022]["纠纷月度分布"] == {f"{m}月": {3: 2, 11: 1}.get(m, 0) for m in range(1, 13)}
    assert list(breakdown[2023]["纠纷类别分布"].items()) == [("邻里纠纷", 1), ("婚姻家庭", 1)]
    assert breakdown[2023]["纠纷社区分布"] == {"西城社区": 2}
    assert breakdown[2023]["纠纷等级分布"] == {c.Grade.SIMPLE.label: 1, c.Grade.DIFFICULT.label: 1}
    assert breakdown[2023]["纠纷月度分布"]["1月"] == 2
    assert compute_years(org, [2023])[2023] == values[2023]


@pytest.mark.postgres
@pytest.mark.django_db
def test_one_pass_breakdowns_equal_one_grouping_per_breakdown(org, monkeypatch):
    """PostgreSQL groups the five breakdowns in one pass (GROUPING SETS); the same counts, in the
    same order, as one grouping per breakdown (what other databases run)."""
    from disputes import figures as dispute_figures

    if connection.vendor != "postgresql":
        pytest.skip("grouping sets are PostgreSQL's")
    _breakdown_records(org, OrganizationFactory(name="跳磴镇"))
    with CaptureQueriesContext(connection) as one_pass:
        grouped = dispute_figures.compute_years(org, [2022, 2023])
    assert sum("GROUPING SETS" in q["sql"] for q in one_pass.captured_queries) == 1
    monkeypatch.setattr(dispute_figures, "has_grouping_sets", lambda alias: False)
    with CaptureQueriesContext(connection) as per_breakdown:
        separate = dispute_figures.compute_years(org, [2022, 2023])
    assert not any("GROUPING SETS" in q["sql"] for q in per_breakdown.captured_queries)
    assert len(per_breakdown) == len(one_pass) + 4
    for year in (2022, 2023):
        assert separate[year] == grouped[year]
        for key, value in grouped[year].items():
            assert list((value.breakdown or {}).items()) == list((separate[year][key].breakdown or {}).items())
