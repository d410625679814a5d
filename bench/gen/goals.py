"""目标任务 at district scale: each town's goals of every year, with quarterly progress notes.

八桥镇's 2023 goals and 2024 plans are the demo's (the seed report's sections 一 and 二).
"""

from __future__ import annotations

import datetime

from bench.gen.common import Context, bulk, name
from goals.models import Goal, GoalArea, GoalUpdate
from goals.seed_text import AREAS_2023

GOALS_PER_YEAR = 15
DEPARTMENTS = ["党政办公室", "司法所", "综合行政执法大队", "平安法治办公室", "经济发展办公室", "便民服务中心"]


def generate(ctx: Context) -> None:
    for town in ctx.towns:
        rng = ctx.rng("goals", town.code)
        org = town.organization
        areas = [
            GoalArea.objects.get_or_create(organization=org, name=area_name, defaults={"order": order})[0]
            for order, (area_name, _items) in enumerate(AREAS_2023, start=1)
        ]
        items = [(title, text) for _name, area_items in AREAS_2023 for title, text in area_items]
        goals, updates = [], []
        for year in [*ctx.years, ctx.plan_year]:
            if town.is_demo and year in (ctx.demo_year, ctx.demo_year + 1):
                continue
            plan = year == ctx.plan_year
            wanted = ctx.n(
                GOALS_PER_YEAR * (0.3 if plan else 1), what="plans" if plan else "goals", town=town, year=year
            )
            for order in range(1, wanted + 1):
                title, text = rng.choice(items)
                due = datetime.date(year, rng.choice([6, 9, 12]), 30 if rng.random() < 0.5 else 15)
                if plan:
                    status, progress = Goal.Status.NOT_STARTED, 0
                elif year < ctx.today.year or due < ctx.today:
                    done = rng.random() < 0.93
                    status = Goal.Status.COMPLETED if done else Goal.Status.DELAYED
                    progress = 100 if done else rng.choice([50, 70, 80, 90])
                else:
                    status, progress = Goal.Status.IN_PROGRESS, rng.choice([25, 50, 75])
                goal = Goal(
                    organization=org,
                    year=year,
                    area=rng.choice(areas),
                    order=order,
                    title=f"{title}（{year}）",
                    description=text,
                    department=town.departments[rng.choice(DEPARTMENTS)],
                    responsible_person=name(rng),
                    due_date=None if plan else due,
                    status=status,
                    progress=progress,
                    result_summary="全年目标任务已完成。" if status == Goal.Status.COMPLETED else "",
                )
                goals.append(goal)
        bulk(Goal, goals, ctx)
        for goal in goals:
            if goal.due_date is None:
                continue
            for quarter, share in ((3, 25), (6, 50), (9, 75), (12, 100)):
                day = datetime.date(goal.year, quarter, 28)
                if day >= ctx.today or share > goal.progress:
                    break
                updates.append(
                    GoalUpdate(
                        organization=org,
                        goal=goal,
                        date=day,
                        text="按计划推进，完成阶段性任务。",
                        reported_by=goal.responsible_person,
                        progress=share,
                    )
                )
        bulk(GoalUpdate, updates, ctx)
