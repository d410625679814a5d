"""Reads the goal pages, figures and alerts need — scoped to one organization."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from goals.models import Goal, GoalArea, GoalUpdate


def overdue_cutoff(year: int | None, today: datetime.date) -> datetime.date:
    """Goals due before this day and not completed are overdue (逾期/滞后).

    For a past year the year is judged as it closed (due by 31 December), so a
    report written in January sees the same number as on New Year's Eve.
    """
    if year is None:
        return today
    return min(today, datetime.date(year + 1, 1, 1))


def overdue_q(cutoff: datetime.date) -> Q:
    return Q(due_date__lt=cutoff) & ~Q(status=Goal.Status.COMPLETED)


def goal_queryset(organization) -> QuerySet[Goal]:
    return Goal.objects.filter(organization=organization).select_related("area", "department", "carried_from")


def goal_years(organization) -> list[int]:
    years = Goal.objects.filter(organization=organization).order_by().values_list("year", flat=True).distinct()
    return sorted(years, reverse=True)


def year_tabs(organization, year: int | None) -> list[int]:
    """The list's year tabs, newest first: every year from the first to the last with goals,
    and the year shown — contiguous, so a year without goals still has its tab."""
    years = {*goal_years(organization), *([year] if year else [])}
    return list(range(max(years), min(years) - 1, -1)) if years else []


def goal_counts(organization, year: int, today: datetime.date) -> dict[str, int]:
    """目标任务数 / 已完成 / 逾期 of one year, and the number of plans of year+1: one query."""
    return goal_counts_of_years(organization, [year], today)[year]


def goal_counts_of_years(organization, years, today: datetime.date) -> dict[int, dict[str, int]]:
    """goal_counts() of several years in one query, keyed by year."""
    counts = {}
    for year in years:
        this_year = Q(year=year)
        counts.update(
            {
                f"total_{year}": Count("pk", filter=this_year),
                f"completed_{year}": Count("pk", filter=this_year & Q(status=Goal.Status.COMPLETED)),
                f"overdue_{year}": Count("pk", filter=this_year & overdue_q(overdue_cutoff(year, today))),
                f"in_progress_{year}": Count("pk", filter=this_year & Q(status=Goal.Status.IN_PROGRESS)),
                f"next_year_{year}": Count("pk", filter=Q(year=year + 1)),
            }
        )
    wanted = sorted({y for year in years for y in (year, year + 1)})
    row = Goal.objects.filter(organization=organization, year__in=wanted).aggregate(**counts)
    return {year: {key.rsplit("_", 1)[0]: row[key] for key in row if key.endswith(f"_{year}")} for year in years}


def next_year_plans(organization, year: int) -> list[Goal]:
    """The goals of year+1 in report order: section 二 is one flat list (一是、二是…) by 序号."""
    return next_year_plans_of_years(organization, [year])[year]


def next_year_plans_of_years(organization, years) -> dict[int, list[Goal]]:
    """next_year_plans() of several years in one query, keyed by the year they follow."""
    plans = {year: [] for year in years}
    rows = goal_queryset(organization).filter(year__in=[year + 1 for year in years]).order_by("year", "order", "pk")
    for goal in rows:
        plans[goal.year - 1].append(goal)
    return plans


def unfinished_goals(organization, year: int) -> QuerySet[Goal]:
    """Goals of `year` not completed and not yet carried into the next year."""
    return (
        goal_queryset(organization)
        .filter(year=year, carried_to__isnull=True)
        .exclude(status=Goal.Status.COMPLETED)
        .order_by("area__order", "order", "pk")
    )


def goal_lineage(goal: Goal) -> list[Goal]:
    """The goal and the goals it was carried from, newest first (one query per carried year)."""
    chain = [goal]
    current = goal
    while current.carried_from_id:
        current = Goal.objects.select_related("area").get(pk=current.carried_from_id)
        chain.append(current)
    return chain


def lineage_updates(chain: list[Goal]) -> QuerySet[GoalUpdate]:
    return GoalUpdate.objects.filter(goal__in=[g.pk for g in chain]).select_related("goal", "created_by")


def active_areas(organization) -> QuerySet[GoalArea]:
    return GoalArea.objects.filter(organization=organization, is_active=True)


def area_list(organization) -> QuerySet[GoalArea]:
    return (
        GoalArea.objects.filter(organization=organization).annotate(goal_count=Count("goals")).order_by("order", "name")
    )


def overdue_goals(organization, today: datetime.date) -> QuerySet[Goal]:
    return goal_queryset(organization).filter(overdue_q(today)).order_by("due_date", "pk")


def due_soon_goals(organization, today: datetime.date, days: int) -> QuerySet[Goal]:
    return (
        goal_queryset(organization)
        .filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days))
        .exclude(status=Goal.Status.COMPLETED)
        .order_by("due_date", "pk")
    )
