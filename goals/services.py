"""Writes on goals beyond a single form save."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.audit import log_event
from goals.models import MAX_YEAR, Goal, GoalUpdate
from goals.selectors import unfinished_goals


@transaction.atomic
def goal_add_update(
    *,
    goal: Goal,
    date: datetime.date,
    text: str,
    reported_by: str,
    progress: int | None = None,
    by=None,
) -> GoalUpdate:
    """Record progress on a goal; a given percentage also moves the goal's own progress.

    A goal not started becomes 推进中 with its first progress; completing it
    stays an explicit status change (it needs the result summary).
    """
    update = GoalUpdate(
        goal=goal,
        organization_id=goal.organization_id,
        date=date,
        text=text,
        reported_by=reported_by,
        progress=progress,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    update.full_clean()
    update.save()
    if progress is not None and progress != goal.progress:
        goal.progress = progress
        if goal.status == Goal.Status.NOT_STARTED and progress > 0:
            goal.status = Goal.Status.IN_PROGRESS
        if goal.status == Goal.Status.COMPLETED and progress < 100:
            goal.status = Goal.Status.IN_PROGRESS
        goal.full_clean()
        goal.save()
    return update


@dataclass
class CarryOverResult:
    from_year: int
    created: list[Goal] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.created)


@transaction.atomic
def goals_carry_over(*, organization, from_year: int, by=None) -> CarryOverResult:
    """Carry every unfinished goal of `from_year` into the next year, in one action.

    Each new goal links to its original (`carried_from`, one-to-one, so the
    database itself refuses a second copy); the original keeps its status and
    updates, and gets an update saying where it went. Running it again carries
    only goals not carried yet, so nothing is duplicated.
    """
    to_year = from_year + 1
    if to_year > MAX_YEAR:
        raise ValidationError(f"年度须在 {MAX_YEAR} 年以内。")
    # Lock the originals so two clerks pressing the button at once cannot both copy them.
    originals = list(unfinished_goals(organization, from_year).select_for_update(of=("self",)))
    result = CarryOverResult(from_year=from_year)
    if not originals:
        return result
    next_order = (Goal.objects.filter(organization=organization, year=to_year).aggregate(m=Max("order"))["m"]) or 0
    today = timezone.localdate()
    for offset, original in enumerate(originals, start=1):
        goal = Goal(
            organization=organization,
            year=to_year,
            area=original.area,
            order=next_order + offset,
            title=original.title,
            description=original.description,
            department=original.department,
            responsible_person=original.responsible_person,
            due_date=datetime.date(to_year, 12, 31),
            status=Goal.Status.IN_PROGRESS if original.progress > 0 else Goal.Status.NOT_STARTED,
            progress=original.progress,
            carried_from=original,
        )
        goal.full_clean()
        goal.save()
        result.created.append(goal)
        goal_add_update(
            goal=original,
            date=today,
            text=f"{from_year}年未完成（进度 {original.progress}%），已结转至{to_year}年继续推进。",
            reported_by=getattr(by, "display_name", "") or "系统",
            by=by,
        )
    log_event(
        "workflow",
        user=by,
        model=Goal,
        organization_id=organization.pk,
        row_count=result.count,
        detail=f"{from_year}年未完成目标任务结转至{to_year}年：{result.count}项",
    )
    return result
