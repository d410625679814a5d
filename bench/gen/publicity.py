"""普法 and grid work at district scale: events, 法律明白人 and every grid's monthly entries.

1,000 grids × every month from the first year to last month ≈ 130,000 entries
(八桥镇's 2023 entries are the demo's, adding up to the seed report's totals).
"""

from __future__ import annotations

import datetime

from bench.gen.common import Context, Town, bulk, day_in, name, phone, pick, random_id_number
from publicity.models import GridMonthlyEntry, LegalEducationEvent, LegalLiaison

DISTRICT_EVENTS = 8_000
LIAISONS_PER_TOWN = 50
K = LegalEducationEvent.Kind
KINDS = [
    (K.MOCK_TRIAL, 4),
    (K.LECTURE, 20),
    (K.CAMPAIGN, 35),
    (K.SCHOOL, 12),
    (K.ENTERPRISE, 8),
    (K.COMMUNITY, 18),
    (K.OTHER, 3),
]
TITLES = {
    K.MOCK_TRIAL: "“模拟法庭”进社区",
    K.LECTURE: "《民法典》专题法治讲座",
    K.CAMPAIGN: "“宪法宣传周”普法宣传",
    K.SCHOOL: "法治进校园——预防未成年人犯罪",
    K.ENTERPRISE: "法治进企业——劳动合同法宣讲",
    K.COMMUNITY: "法治进社区——反诈宣传",
    K.OTHER: "法律明白人培训",
}


def generate(ctx: Context) -> None:
    for town in ctx.towns:
        rng = ctx.rng("publicity", town.code)
        _events(ctx, rng, town)
        if not town.is_demo:  # 八桥镇's 48 法律明白人 are the demo's
            _liaisons(ctx, rng, town)
    # Month after month across the district, as the grids report.
    for year in ctx.years:
        for town in ctx.towns:
            if not ctx.skip(town, year):
                _grid_entries(ctx, ctx.rng("publicity", "grid", town.code, year), town, year)


def _events(ctx: Context, rng, town: Town) -> None:
    org = town.organization
    rows = []
    for year in ctx.years:
        if ctx.skip(town, year):
            continue
        first, last = ctx.year_days(year)
        for _ in range(ctx.share(DISTRICT_EVENTS, year, what="events", town=town)):
            kind = pick(rng, KINDS)
            community = rng.choice(town.communities) if rng.random() < 0.8 else None
            participants = rng.randint(150, 260) if kind == K.MOCK_TRIAL else rng.randint(20, 200)
            rows.append(
                LegalEducationEvent(
                    organization=org,
                    date=day_in(rng, first, last),
                    kind=kind,
                    title=TITLES[kind],
                    place=f"{community.name}党群服务中心" if community else f"{org.name}人民政府会议室",
                    community=community,
                    organizer=f"{org.name}司法所",
                    participants=participants,
                    materials_count=participants + rng.randint(0, 200),
                    materials="《民法典》读本、反诈宣传手册",
                    summary="活动围绕群众关心的法律问题开展，现场解答法律咨询。",
                )
            )
    bulk(LegalEducationEvent, rows, ctx)


def _liaisons(ctx: Context, rng, town: Town) -> None:
    rows = []
    seen = set()
    for _ in range(ctx.n(LIAISONS_PER_TOWN, what="liaisons", town=town)):
        male = rng.random() < 0.5
        number = random_id_number(rng, male=male)
        if number in seen:
            continue
        seen.add(number)
        trained = day_in(rng, datetime.date(ctx.first_year, 1, 1), ctx.today - datetime.timedelta(days=30))
        withdrawn = rng.random() < 0.1
        rows.append(
            LegalLiaison(
                organization=town.organization,
                name=name(rng),
                gender="male" if male else "female",
                id_number=number,
                phone=phone(rng),
                community=rng.choice(town.communities),
                occupation=rng.choice(["网格员", "楼栋长", "人民调解员", "社区干部", "退休教师"]),
                trained_on=trained,
                status="withdrawn" if withdrawn else "active",
                left_on=day_in(rng, trained, ctx.today - datetime.timedelta(days=1)) if withdrawn else None,
            )
        )
    bulk(LegalLiaison, rows, ctx)


def _grid_entries(ctx: Context, rng, town: Town, year: int) -> None:
    rows = []
    last_month = 12 if year < ctx.today.year else ctx.today.month - 1
    for grid in town.grids:
        size = rng.uniform(0.7, 1.3)
        for month in range(1, last_month + 1):
            found = rng.randint(0, 2) if rng.random() < 0.7 else rng.randint(3, 6)
            rows.append(
                GridMonthlyEntry(
                    organization=town.organization,
                    grid=grid,
                    year=year,
                    month=month,
                    households_visited=round(rng.randint(40, 70) * size),
                    suggestions=rng.randint(0, 1),
                    problems_found=found,
                    problems_solved=found if rng.random() < 0.95 else max(0, found - 1),
                )
            )
    bulk(GridMonthlyEntry, rows, ctx)
