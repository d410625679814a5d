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
