"""A date no township record can carry (9999-12-31) is refused by the forms, and a case
that already holds one — or an old case left open for years — does not break the pages
that count deadlines.

A reply dated decades ahead (or a case left open for years) is also counted, in working
days, without the day-by-day loop's span limit that used to raise on the page."""

import datetime

import pytest
from django.urls import reverse

from litigation import calendar
from litigation.models import LitigationCase
from litigation.tests.factories import LitigationCaseFactory, ReconsiderationCaseFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_judgment_dated_9999_is_a_field_error_and_nothing_is_saved(clerk, lcase):
    data = {
        "judgment_kind": "judgment",
        "judged_on": "9999-12-31",
        "result": "dismiss_claim",
        "outcome": "",
        "judgment_served_on": "9999-12-31",
        "appeal": "none",
        "judgment_summary": "",
    }
    response = clerk.post(reverse("litigation:litigation_judgment", args=[lcase.pk]), data)
    assert response.status_code == 200
    assert "日期超出合理范围，应在1990年1月1日至2100年12月31日之间" in response.content.decode()
    lcase.refresh_from_db()
    assert lcase.judged_on is None and lcase.judgment_served_on is None


def test_deadlines_page_survives_impossible_dates_already_in_the_database(clerk, org, department):
    # Saved before the forms were bounded (update() skips validation, as an old row would).
    served = LitigationCaseFactory(organization=org, handling_department=department, case_number="A送达9999")
    LitigationCase.objects.filter(pk=served.pk).update(
        judged_on=D(9999, 12, 31), result="dismiss_claim", outcome="won", judgment_served_on=D(9999, 12, 31)
    )
    filed = LitigationCaseFactory(organization=org, handling_department=department, case_number="B立案9999")
    LitigationCase.objects.filter(pk=filed.pk).update(filed_on=D(9999, 12, 31), copy_received_on=D(9999, 12, 31))
    response = clerk.get(reverse("litigation:deadlines"))
    assert response.status_code == 200
    for case in (served, filed):
        assert clerk.get(case.get_absolute_url()).status_code == 200
    assert clerk.get(reverse("litigation:litigation_list") + "?overdue=1").status_code == 200


def test_a_reply_recorded_far_in_the_future_does_not_break_the_page(clerk, org, department):
    ReconsiderationCaseFactory(
        organization=org,
        handling_department=department,
        accepted_on=D(2024, 1, 2),
        copy_received_on=D(2024, 1, 2),
        reply_submitted_on=D(2099, 1, 1),
    )
    assert clerk.get(reverse("litigation:deadlines")).status_code == 200


def test_working_days_over_decades_match_the_day_by_day_count():
    def day_by_day(start, end):
        return sum(calendar.is_workday(start + datetime.timedelta(days=n)) for n in range(1, (end - start).days + 1))

    for start, end in [
        (D(2004, 1, 1), D(2030, 6, 30)),
        (D(1990, 1, 1), D(2100, 12, 31)),
        (D(2023, 9, 28), D(2023, 10, 9)),
    ]:
        assert calendar.working_days_between(start, end) == day_by_day(start, end)
        assert calendar.working_days_between(end, start) == -day_by_day(start, end)


@pytest.mark.parametrize("day", [D(9999, 12, 31), D(1, 1, 1)])
def test_rules_give_no_deadline_for_a_day_outside_the_record_range(day):
    assert calendar.litigation_appeal_deadline(served_on=day, ruling=False) is None
    assert calendar.litigation_judgment_deadline(filed_on=day, instance="2", simple=False) is None
    assert calendar.litigation_answer_deadline(received_on=day) is None
    assert calendar.reconsideration_reply_deadline(received_on=day, simple=False) is None
    assert calendar.reconsideration_decision_deadline(accepted_on=day, simple=False) is None
