"""No figure is ever stale (issue 22): a 复议案件 entered through the portal is on the next page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from litigation.tests.test_views import reconsideration_data


@pytest.mark.django_db
def test_a_case_entered_shows_on_the_next_page(org, department, clerk, assert_fresh):
    today = timezone.localdate()

    def day(days_ago: int) -> str:
        return (today - datetime.timedelta(days=days_ago)).isoformat()

    data = reconsideration_data(
        department,
        case_number=f"渡府复〔{today.year}〕15号",
        act_date=day(9),
        applied_on=day(7),
        accepted_on=day(5),
        copy_received_on=day(3),
    )

    def write():
        response = clerk.post(reverse("litigation:reconsideration_add"), data)
        assert response.status_code == 302, response.context["form"].errors

    assert_fresh(org, today.year, "行政复议案件数", write)


@pytest.mark.django_db
def test_an_overdue_case_entered_shows_in_the_alerts(org, department, clerk, assert_alerts_fresh):
    """The 复议答复 alerts are cached with the figures: a case entered is on the next page."""
    today = timezone.localdate()

    def day(days_ago: int) -> str:
        return (today - datetime.timedelta(days=days_ago)).isoformat()

    number = f"渡府复〔{today.year}〕16号"
    # Received 30 days ago, no reply: 10 working days have passed, the reply is overdue.
    data = reconsideration_data(
        department,
        case_number=number,
        act_date=day(40),
        applied_on=day(35),
        accepted_on=day(32),
        copy_received_on=day(30),
    )

    def write():
        response = clerk.post(reverse("litigation:reconsideration_add"), data)
        assert response.status_code == 302, response.context["form"].errors

    assert_alerts_fresh(write, number)


@pytest.mark.django_db
def test_a_reply_recorded_leaves_the_alerts(org, department, assert_alerts_fresh):
    from litigation.tests.factories import ReconsiderationCaseFactory

    today = timezone.localdate()
    case = ReconsiderationCaseFactory(
        organization=org,
        handling_department=department,
        accepted_on=today - datetime.timedelta(days=32),
        copy_received_on=today - datetime.timedelta(days=30),
    )

    def write():
        case.reply_submitted_on = today
        case.save()

    assert_alerts_fresh(write, case.case_number, appears=False)
