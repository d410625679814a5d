"""2023 demo of goals/: the seed report's section 一 as completed 2023 goals, section 二 as 2024 plans.

Texts are verbatim from the seed (goals/seed_text.py). Idempotent: a goal is
identified by organization, year and title; missing ones are bulk-created.
"""

import datetime

from simple_history.utils import bulk_create_with_history

from goals.models import Goal, GoalArea, GoalUpdate
from goals.seed_text import AREAS_2023, PLANS_2024

# Responsible department per 2023 goal, in the seed's order (fictional persons).
GOAL_OWNERS_2023 = [
    ("党政办公室", "周文"),
    ("党政办公室", "周文"),
    ("司法所", "李司法"),
    ("综合行政执法大队", "张执法"),
    ("经济发展办公室", "陈经发"),
    ("便民服务中心", "刘便民"),
    ("党政办公室", "周文"),
    ("司法所", "李司法"),
    ("平安法治办公室", "赵平安"),
    ("司法所", "李司法"),
    ("平安法治办公室", "赵平安"),
]
# 2024 plans: (area index into AREAS_2023, department, person)
PLAN_OWNERS_2024 = [
    (3, "司法所", "李司法"),
    (0, "司法所", "李司法"),
    (1, "经济发展办公室", "陈经发"),
    (1, "综合行政执法大队", "张执法"),
]
# Progress notes of every 2023 goal (the dates are the quarters' ends).
UPDATE_NOTES = [
    (datetime.date(2023, 3, 31), 25, "制定年度工作方案，明确责任科室和时间节点。"),
    (datetime.date(2023, 6, 30), 50, "按方案推进，完成上半年各项工作。"),
    (datetime.date(2023, 9, 30), 75, "前三季度工作有序推进。"),
    (datetime.date(2023, 12, 31), 100, "全年任务完成，形成总结材料。"),
]


def _last_sentence(text: str) -> str:
    """The item's closing sentence, usually its result; a one-sentence item is all method."""
    sentences = [s for s in text.split("。") if s.strip()]
    return (sentences[-1] + "。") if len(sentences) > 1 else "全年目标任务已完成。"


def load(ctx) -> None:
    org = ctx.organization
    areas = []
    for order, (name, _items) in enumerate(AREAS_2023, start=1):
        area, _ = GoalArea.objects.get_or_create(organization=org, name=name, defaults={"order": order})
        areas.append(area)

    existing = set(Goal.objects.filter(organization=org, year__in=[2023, 2024]).values_list("year", "title"))
    new_goals = []
    order = 0
    owners = iter(GOAL_OWNERS_2023)
    for area, (_name, items) in zip(areas, AREAS_2023, strict=True):
        for title, rest in items:
            order += 1
            department, person = next(owners)
            if (2023, title) in existing:
                continue
            new_goals.append(
                Goal(
                    organization=org,
                    year=2023,
                    area=area,
                    order=order,
                    title=title,
                    description=rest,
                    department=ctx.departments[department],
                    responsible_person=person,
                    due_date=datetime.date(2023, 12, 31),
                    status=Goal.Status.COMPLETED,
                    progress=100,
                    result_summary=_last_sentence(rest),
                )
            )
    for order, ((title, rest), (area_index, department, person)) in enumerate(
        zip(PLANS_2024, PLAN_OWNERS_2024, strict=True), start=1
    ):
        if (2024, title) in existing:
            continue
        new_goals.append(
            Goal(
                organization=org,
                year=2024,
                area=areas[area_index],
                order=order,
                title=title,
                description=rest,
                department=ctx.departments[department],
                responsible_person=person,
                # Plans get their deadlines when the year's work plan is issued.
                due_date=None,
                status=Goal.Status.NOT_STARTED,
                progress=0,
            )
        )
    if not new_goals:
        return
    created = bulk_create_with_history(new_goals, Goal, default_user=ctx.users.get("clerk"))
    if not all(g.pk for g in created):  # SQLite before returning ids: read them back
        titles = [(g.year, g.title) for g in new_goals]
        created = [g for g in Goal.objects.filter(organization=org) if (g.year, g.title) in titles]
    updates = [
        GoalUpdate(
            organization=org,
            goal=goal,
            date=date,
            text=text,
            reported_by=goal.responsible_person,
            progress=progress,
        )
        for goal in created
        if goal.year == 2023
        for date, progress, text in UPDATE_NOTES
    ]
    bulk_create_with_history(updates, GoalUpdate, default_user=ctx.users.get("clerk"))
