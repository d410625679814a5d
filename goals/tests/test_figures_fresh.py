"""No figure is ever stale (issue 22): goals carried over to this year (a service audited once
for all its goals) are on the next page."""

import datetime

import pytest
from django.utils import timezone

from goals import services
from goals.tests.factories import GoalAreaFactory, GoalFactory


@pytest.mark.django_db
def test_goals_carried_over_show_on_the_next_page(org, leader_user, assert_fresh):
    year = timezone.localdate().year
    area = GoalAreaFactory(organization=org, name="依法行政", order=1)
    GoalFactory(organization=org, area=area, year=year - 1, due_date=datetime.date(year - 1, 12, 31))
    assert_fresh(
        org, year, "目标任务数", lambda: services.goals_carry_over(organization=org, from_year=year - 1, by=leader_user)
    )
