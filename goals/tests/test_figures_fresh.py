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


@pytest.mark.django_db
def test_an_overdue_goal_shows_in_the_alerts(org, assert_alerts_fresh):
    """The 目标任务 alerts are cached with the figures: a goal entered is on the next page."""
    today = timezone.localdate()
    area = GoalAreaFactory(organization=org, name="依法行政", order=1)

    def write():
        GoalFactory(
            organization=org,
            area=area,
            year=today.year,
            title="完成行政执法案卷评查",
            due_date=today - datetime.timedelta(days=10),
        )

    assert_alerts_fresh(write, "完成行政执法案卷评查")
