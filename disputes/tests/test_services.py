"""Serial numbers, the status machine and the validation rules of the services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from disputes import choices as c
from disputes import services
from disputes.models import Agreement, Dispute, DisputeEvent, FollowUp, SerialCounter
from disputes.tests.factories import DisputeFactory, PartyFactory

D = datetime.date


def register(org, community, category, **fields):
    data = {"received_on": D(2023, 5, 4), "community": community, "category": category, "summary": "邻里噪音"}
    data.update(fields)
    return services.dispute_register(organization=org, by=None, fields=data)


@pytest.mark.django_db
class TestSerialNumbers:
    def test_numbers_run_per_organization_and_year(self, org, other_org, community, category, other_town_dispute):
        first = register(org, community, category)
        second = register(org, community, category)
        next_year = register(org, community, category, received_on=D(2024, 1, 2))
        assert (first.serial, second.serial) == ("八桥调〔2023〕0001号", "八桥调〔2023〕0002号")
        assert next_year.serial == "八桥调〔2024〕0001号"
        # The other town counts on its own.
        assert other_town_dispute.serial == "跳磴调〔2023〕0001号"

    def test_a_deleted_number_is_never_reused(self, org, community, category):
        first = register(org, community, category)
        services.dispute_delete(dispute=first, by=None)
        again = register(org, community, category)
        assert again.serial == "八桥调〔2023〕0002号"
        assert SerialCounter.objects.get(organization=org, year=2023).last_number == 2

    def test_database_refuses_a_duplicate_number(self, dispute):
        clone = Dispute(
            organization=dispute.organization,
            community=dispute.community,
            category=dispute.category,
            received_on=dispute.received_on,
            summary="x",
            year=dispute.year,
            number=dispute.number,
            serial=dispute.serial + "x",
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            clone.save()

    def test_failed_registration_burns_no_number(self, org, community, category):
        with pytest.raises(ValidationError):
            register(org, community, category, amount=Decimal("-1"))
        assert register(org, community, category).number == 1

    def test_registration_writes_the_timeline_and_parties(self, org, community, category, mediator):
        dispute = services.dispute_register(
            organization=org,
            by=None,
            fields={"received_on": D(2023, 5, 4), "community": community, "category": category, "summary": "漏水"},
            mediators=[mediator],
            parties=[{"role": c.PartyRole.APPLICANT, "name": "张三", "phone": "13800001111"}],
        )
        assert dispute.status == c.Status.ACCEPTED
        assert dispute.handling_level == c.Level.VILLAGE  # from grade 简单
        assert list(dispute.mediators.all()) == [mediator]
        assert dispute.parties.get().name == "张三"
        assert list(dispute.events.values_list("kind", flat=True)) == [c.EventKind.REGISTERED]


# Every (status, action) pair the machine refuses. Allowed: 受理→start/终止/转办/delete, 调解中→成功/不成功/终止/转办.
ACTIONS = ["start", c.Status.SUCCEEDED, c.Status.FAILED, c.Status.TERMINATED, c.Status.REFERRED, "delete"]
ALLOWED = {
    c.Status.ACCEPTED: {"start", c.Status.TERMINATED, c.Status.REFERRED, "delete"},
    c.Status.MEDIATING: {c.Status.SUCCEEDED, c.Status.FAILED, c.Status.TERMINATED, c.Status.REFERRED},
}
IMPOSSIBLE = [
    (status, action) for status in c.Status.values for action in ACTIONS if action not in ALLOWED.get(status, set())
]


def _put_in(dispute, status):
    if status == c.Status.ACCEPTED:
        return dispute
    dispute = services.dispute_start_mediation(dispute=dispute, started_on=D(2023, 3, 2), by=None)
    if status == c.Status.MEDIATING:
        return dispute
    if status == c.Status.REFERRED:
        return services.dispute_refer(
            dispute=dispute, referred_to="八桥派出所", referred_on=D(2023, 3, 5), note="", by=None
        )
    return services.dispute_conclude(
        dispute=dispute, result=status, concluded_on=D(2023, 3, 5), outcome="结果", by=None
    )


def _do(dispute, action):
    if action == "start":
        return services.dispute_start_mediation(dispute=dispute, started_on=D(2023, 3, 6), by=None)
    if action == "delete":
        return services.dispute_delete(dispute=dispute, by=None)
    if action == c.Status.REFERRED:
        return services.dispute_refer(
            dispute=dispute, referred_to="区矛调中心", referred_on=D(2023, 3, 6), note="", by=None
        )
    return services.dispute_conclude(
        dispute=dispute, result=action, concluded_on=D(2023, 3, 6), outcome="结果", by=None
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "action"), IMPOSSIBLE, ids=lambda v: str(v))
def test_every_impossible_transition_is_refused_in_chinese(dispute, status, action):
    dispute = _put_in(dispute, status)
    events_before = DisputeEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        _do(dispute, action)
    message = " ".join(exc.value.messages)
    assert "不能" in message or "只有" in message, message
    dispute.refresh_from_db()
    assert dispute.status == status
    assert DisputeEvent.objects.count() == events_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "action"),
    [(s, a) for s, actions in ALLOWED.items() for a in sorted(actions)],
    ids=lambda v: str(v),
)
def test_every_possible_transition_works(dispute, status, action):
    dispute = _put_in(dispute, status)
    _do(dispute, action)
    if action == "delete":
        assert not Dispute.objects.filter(pk=dispute.pk).exists()
        return
    dispute.refresh_from_db()
    assert dispute.status == (c.Status.MEDIATING if action == "start" else action)
    assert dispute.is_open == (action == "start")


def test_refusal_messages_say_why():
    accepted = Dispute(status=c.Status.ACCEPTED)
    with pytest.raises(ValidationError, match="尚未开始调解"):
        services.check_transition(accepted, c.Status.SUCCEEDED)
    done = Dispute(status=c.Status.SUCCEEDED)
    with pytest.raises(ValidationError, match="该纠纷已调解成功，不能再转办"):
        services.check_transition(done, c.Status.REFERRED)


@pytest.mark.django_db
class TestBadInput:
    def test_concluded_before_received(self, mediating):
        with pytest.raises(ValidationError) as exc:
            services.dispute_conclude(
                dispute=mediating, result=c.Status.SUCCEEDED, concluded_on=D(2023, 2, 1), outcome="x", by=None
            )
        assert "办结日期不能早于" in str(exc.value)
        mediating.refresh_from_db()
        assert mediating.status == c.Status.MEDIATING and mediating.concluded_on is None

    def test_started_before_received(self, dispute):
        with pytest.raises(ValidationError, match="开始调解日期不能早于受理日期"):
            services.dispute_start_mediation(dispute=dispute, started_on=D(2023, 1, 1), by=None)
        dispute.refresh_from_db()
        assert dispute.status == c.Status.ACCEPTED

    def test_negative_amount(self, org, community, category):
        with pytest.raises(ValidationError) as exc:
            register(org, community, category, amount=Decimal("-0.01"))
        assert "涉及金额不能为负数" in str(exc.value)
        assert Dispute.objects.count() == 0

    def test_database_refuses_negative_amount_too(self, dispute):
        with pytest.raises(IntegrityError), transaction.atomic():
            Dispute.objects.filter(pk=dispute.pk).update(amount=-5)

    def test_grid_of_another_community(self, org, community, category):
        from accounts.tests.factories import CommunityFactory, GridFactory

        elsewhere = GridFactory(community=CommunityFactory(organization=org, name="八桥社区"), organization=org)
        with pytest.raises(ValidationError, match="所选网格不属于所选村"):
            register(org, community, category, grid=elsewhere)
        assert Dispute.objects.count() == 0

    def test_future_received_date(self, org, community, category):
        with pytest.raises(ValidationError, match="受理日期不能晚于今天"):
            register(org, community, category, received_on=datetime.date.today() + datetime.timedelta(days=1))

    def test_bad_id_number_of_a_party(self, org, community, category):
        with pytest.raises(ValidationError, match="身份证号校验位不正确"):
            services.dispute_register(
                organization=org,
                by=None,
                fields={"received_on": D(2023, 5, 4), "community": community, "category": category, "summary": "x"},
                parties=[{"name": "张三", "id_number": "110105194912310021"}],
            )
        assert Dispute.objects.count() == 0

    def test_a_party_born_before_1997_with_a_500104_number_is_accepted(self, org, community, category):
        # 大渡口区's code dates from 1997; python-stdnum's ric.is_valid refused such numbers.
        dispute = services.dispute_register(
            organization=org,
            by=None,
            fields={"received_on": D(2023, 5, 4), "community": community, "category": category, "summary": "x"},
            parties=[{"name": "张三", "id_number": "500104198503120019"}],
        )
        assert dispute.parties.get().id_number == "500104198503120019"

    def test_agreement_without_parties(self, mediating):
        done = services.dispute_conclude(
            dispute=mediating, result=c.Status.SUCCEEDED, concluded_on=D(2023, 3, 10), outcome="x", by=None
        )
        agreement = Agreement(dispute=done, form=c.AgreementForm.ORAL, signed_on=D(2023, 3, 10), terms="赔偿500元")
        with pytest.raises(ValidationError, match="请先在纠纷中登记当事人"):
            services.agreement_save(agreement=agreement, by=None)
        assert Agreement.objects.count() == 0

    def test_agreement_only_after_success(self, mediating, party):
        agreement = Agreement(dispute=mediating, form=c.AgreementForm.ORAL, signed_on=D(2023, 3, 10), terms="x")
        with pytest.raises(ValidationError, match="只有调解成功的纠纷"):
            services.agreement_save(agreement=agreement, by=None)
        assert Agreement.objects.count() == 0

    def test_article_29_items_are_optional_in_a_written_agreement(self, succeeded):
        # 人民调解法第二十九条: 调解协议书"可以载明" facts, responsibilities and the manner and
        # time of performance: a written agreement recording only its terms is lawful.
        agreement = Agreement(
            dispute=succeeded, form=c.AgreementForm.WRITTEN, signed_on=D(2023, 3, 10), terms="赔偿500元"
        )
        services.agreement_save(agreement=agreement, by=None)
        saved = Agreement.objects.get()
        assert saved.facts == saved.responsibilities == saved.performance_method == ""
        assert saved.performance_due is None

    def test_confirmation_after_30_days_is_refused(self, succeeded):
        agreement = Agreement(
            dispute=succeeded,
            form=c.AgreementForm.ORAL,
            signed_on=D(2023, 3, 10),
            terms="x",
            confirmation_applied=True,
            confirmation_applied_on=D(2023, 4, 11),
        )
        with pytest.raises(ValidationError, match="三十日内.*即2023-03-10至2023-04-10"):
            services.agreement_save(agreement=agreement, by=None)
        # Day 30 is Sunday 9 April: the window ends on Monday 10 April (民事诉讼法第八十五条).
        agreement.confirmation_applied_on = D(2023, 4, 10)
        services.agreement_save(agreement=agreement, by=None)
        assert list(succeeded.events.values_list("kind", flat=True))[-2:] == [
            c.EventKind.AGREEMENT,
            c.EventKind.CONFIRMATION,
        ]

    def test_followup_of_an_open_dispute(self, mediating):
        with pytest.raises(ValidationError, match="尚未办结"):
            services.followup_record(followup=FollowUp(dispute=mediating, visitor="王", result="x"), by=None)
        assert FollowUp.objects.count() == 0

    def test_followup_updates_performance(self, succeeded):
        services.agreement_save(
            agreement=Agreement(dispute=succeeded, form=c.AgreementForm.ORAL, signed_on=D(2023, 3, 10), terms="x"),
            by=None,
        )
        services.followup_record(
            followup=FollowUp(dispute=succeeded, visited_on=D(2023, 3, 20), visitor="王", result="已履行"),
            by=None,
            performance=c.Performance.PERFORMED,
        )
        agreement = Agreement.objects.get()
        assert agreement.performance == c.Performance.PERFORMED and agreement.performed_on == D(2023, 3, 20)


@pytest.mark.django_db
def test_flags(dispute):
    today = D(2023, 4, 1)  # 31 days after 2023-03-01
    assert dispute.is_overdue(today) and not dispute.is_overdue(D(2023, 3, 31))
    PartyFactory(dispute=dispute)
    done = _put_in(dispute, c.Status.SUCCEEDED)
    assert not done.is_overdue(today)
    agreement = Agreement(dispute=done, form=c.AgreementForm.ORAL, signed_on=D(2023, 3, 5), terms="x")
    assert agreement.confirmation_deadline == D(2023, 4, 4)
    assert agreement.confirmation_window_closing(D(2023, 3, 30))
    assert not agreement.confirmation_window_closing(D(2023, 3, 20))
    assert not agreement.confirmation_window_closing(D(2023, 4, 5))


@pytest.mark.django_db
def test_factory_registers_in_order(org, community, category):
    a = DisputeFactory(organization=org, community=community, category=category)
    b = DisputeFactory(organization=org, community=community, category=category)
    assert (a.number, b.number) == (1, 2)


class TestConfirmationWindow:
    """人民调解法第三十三条 (30 days) rolled to the next working day like every other period."""

    def _agreement(self, signed_on):
        return Agreement(form=c.AgreementForm.ORAL, signed_on=signed_on, terms="x")

    def test_a_window_ending_in_the_national_day_holiday_rolls_past_it(self):
        # 1 Sep 2023 + 30 = Sun 1 Oct 2023; 国庆 29 Sep–6 Oct; Sat 7 Oct 2023 was a 调休 working day.
        window = self._agreement(D(2023, 9, 1)).confirmation_window
        assert (window.due, window.estimated, window.basis) == (D(2023, 10, 7), False, "人民调解法第33条·30日")
        assert self._agreement(D(2023, 9, 1)).confirmation_deadline == D(2023, 10, 7)

    def test_a_window_in_2027_is_counted_on_the_statutory_holidays_and_says_so(self):
        # 1 Sep 2027 + 30 = Fri 1 Oct 2027 (国庆); weekend; 补假 4–5 Oct → Wed 6 Oct, an estimate.
        window = self._agreement(D(2027, 9, 1)).confirmation_window
        assert (window.due, window.estimated) == (D(2027, 10, 6), True)
        assert window.estimate_note == "（按法定节日推算，待国务院放假安排公布后核对）"

    def test_the_closing_flag_uses_the_rolled_day(self):
        agreement = self._agreement(D(2023, 9, 1))
        assert agreement.confirmation_window_closing(D(2023, 10, 3))  # still open until 7 Oct
        assert agreement.confirmation_window_open(D(2023, 10, 7))
        assert not agreement.confirmation_window_open(D(2023, 10, 8))
