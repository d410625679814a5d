"""连心桥 mediation register at district scale: ~200,000 disputes with parties, mediators,
agreements, follow-up visits and timelines.

The shape follows the app's 2023 demo (categories, months, sources, grades, durations,
~98 % 调解成功); serial numbers come from `disputes.services.allocate_serials`, so the
counters are right for the next clerk's registration. Disputes received in the last
weeks before today are still open (受理/调解中), as on a live register.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from bench.gen.common import Context, Town, bulk, day_in, name, phone, pick, random_id_number, spread
from disputes import choices as c
from disputes.demo import CATEGORIES, DURATION, MEDIATORS, MONTH_WEIGHTS, SOURCES, SUMMARIES
from disputes.models import (
    SEARCH_SEPARATOR,
    Agreement,
    Dispute,
    DisputeCategory,
    DisputeEvent,
    FollowUp,
    Mediator,
    Party,
)
from disputes.services import allocate_serials

DISTRICT_DISPUTES = 200_000
D = datetime.timedelta
OUTCOMES = {
    c.Status.SUCCEEDED: "经调解，双方自愿达成协议，纠纷化解。",
    c.Status.FAILED: "经多次调解，双方分歧较大，未能达成协议，已告知当事人通过诉讼途径解决。",
    c.Status.TERMINATED: "申请人撤回调解申请，调解终止。",
    c.Status.REFERRED: "涉及行政执法事项，已转区级主管部门办理。",
}


def generate(ctx: Context) -> None:
    lists = {town.code: _lists(town) for town in ctx.towns}
    # Year by year across the towns, as a live register fills up: the rows of one town are
    # spread over the table as they would be, not stored together (which would flatter
    # every per-town scan and skew the planner's correlation statistics).
    for year in ctx.years:
        for town in ctx.towns:
            if not ctx.skip(town, year):
                _year(ctx, town, year, *lists[town.code])


def _lists(town: Town) -> tuple[dict, list]:
    org = town.organization
    for category_name, order, _w in CATEGORIES:
        DisputeCategory.objects.get_or_create(organization=org, name=category_name, defaults={"sort_order": order})
    if not Mediator.objects.filter(organization=org).exists():
        bulk(
            Mediator,
            [Mediator(organization=org, name=n, unit=unit.replace("八桥镇", org.name)) for n, unit in MEDIATORS],
        )
    categories = {cat.name: cat for cat in DisputeCategory.objects.filter(organization=org)}
    return categories, list(Mediator.objects.filter(organization=org).order_by("pk"))


def _year(ctx: Context, town: Town, year: int, categories: dict, mediators: list) -> None:
    rng = ctx.rng("disputes", town.code, year)
    org = town.organization
    clerk = town.users["clerk"]
    first, last = ctx.year_days(year)
    total = ctx.share(DISTRICT_DISPUTES, year, what="disputes", town=town)
    grids = town.grids
    weights = [w for *_, w in CATEGORIES]
    names = [n for n, *_ in CATEGORIES]
    months = [m for m in range(1, 13) if datetime.date(year, m, 1) <= last]
    dates = []
    for month, count in zip(months, spread(total, [MONTH_WEIGHTS[m - 1] for m in months]), strict=True):
        start = datetime.date(year, month, 1)
        end = min((start + D(days=31)).replace(day=1) - D(days=1), last)
        dates += [day_in(rng, start, end) for _ in range(count)]
    dates.sort()
    numbers = allocate_serials(organization=org, year=year, count=len(dates))
    close = ctx.closes(town, year)
    disputes, teams = [], []
    for received, (number, serial) in zip(dates, numbers, strict=True):
        category = rng.choices(names, weights=weights)[0]
        grade = pick(rng, [(c.Grade.SIMPLE, 75), (c.Grade.COMPLEX, 21), (c.Grade.DIFFICULT, 4)])
        risk = {
            c.Grade.SIMPLE: pick(rng, [(c.Risk.GREEN, 95), (c.Risk.YELLOW, 5)]),
            c.Grade.COMPLEX: pick(rng, [(c.Risk.GREEN, 45), (c.Risk.YELLOW, 50), (c.Risk.RED, 5)]),
            c.Grade.DIFFICULT: pick(rng, [(c.Risk.YELLOW, 55), (c.Risk.RED, 45)]),
        }[grade]
        source = pick(rng, SOURCES)
        grid = rng.choice(grids)
        low, high = DURATION[grade]
        concluded = received + D(days=rng.randint(low, high))
        started = received + D(days=rng.randint(0, 1))
        if close is not None:  # late-December disputes of a closing year simply took fewer days
            concluded = min(concluded, close)
        if concluded >= ctx.today:
            status = c.Status.MEDIATING if started < ctx.today else c.Status.ACCEPTED
            concluded = None
            started = started if status == c.Status.MEDIATING else None
        else:
            roll = rng.random() * (1 if grade == c.Grade.SIMPLE else 0.3)
            status = (
                c.Status.FAILED
                if roll < 0.008
                else c.Status.TERMINATED
                if roll < 0.013
                else c.Status.REFERRED
                if roll < 0.018
                else c.Status.SUCCEEDED
            )
            started = min(started, concluded)
        amount = Decimal(0)
        if category in ("合同纠纷", "损害赔偿", "劳动争议", "征地拆迁") or rng.random() < 0.15:
            amount = Decimal(rng.choice([500, 800, 1200, 2000, 3500, 5000, 8000, 12000, 20000, 46000]))
        disputes.append(
            Dispute(
                organization=org,
                year=year,
                number=number,
                serial=serial,
                received_on=received,
                source=source,
                community_id=grid.community_id,
                grid=grid,
                category=categories[category],
                grade=grade,
                handling_level=c.LEVEL_FOR_GRADE[grade],
                risk=risk,
                mediation_type=c.MediationType.JUDICIAL
                if source == c.Source.COURT
                else pick(rng, [(c.MediationType.PEOPLE, 86), (c.MediationType.ADMINISTRATIVE, 14)]),
                amount=amount,
                summary=rng.choice(SUMMARIES[category]),
                status=status,
                started_on=started,
                concluded_on=concluded,
                outcome=OUTCOMES.get(status, ""),
                referred_to="大渡口区综合行政执法局" if status == c.Status.REFERRED else "",
                registered_by=clerk,
            )
        )
        team = [rng.choice(mediators[4:] if grade == c.Grade.SIMPLE else mediators[:4])]
        if grade != c.Grade.SIMPLE and rng.random() < 0.6:
            team.append(rng.choice([m for m in mediators if m not in team]))
        teams.append(team)
    parties = _parties(rng, town, disputes)
    bulk(Dispute, disputes, ctx)
    _details(ctx, rng, disputes, teams, parties, clerk, close)


def _parties(rng, town: Town, disputes: list) -> list:
    """Two parties per dispute, drawn before the disputes are inserted so each dispute goes in
    with its searchable names (disputes.search) rather than being updated afterwards."""
    parties = []
    community_names = {cm.pk: cm.name for cm in town.communities}
    for d in disputes:
        pair = [
            Party(
                dispute=d,
                role=role,
                name=name(rng),
                id_number=random_id_number(rng),
                phone=phone(rng),
                address=f"重庆市大渡口区{town.organization.name}{community_names[d.community_id]}{rng.randint(1, 120)}号",
            )
            for role in (c.PartyRole.APPLICANT, c.PartyRole.RESPONDENT)
        ]
        d.party_names = SEARCH_SEPARATOR.join(p.name for p in pair)
        parties += pair
    return parties


def _details(ctx: Context, rng, disputes: list, teams: list, parties: list, clerk, close=None) -> None:
    # `close`: the last day any of the year's records may reach (Context.closes), or None.
    last = min(ctx.today - D(days=1), close) if close is not None else ctx.today - D(days=1)
    through = Dispute.mediators.through
    links, agreements, followups, events = [], [], [], []
    for d, team in zip(disputes, teams, strict=True):
        links += [through(dispute_id=d.pk, mediator_id=m.pk) for m in team]
        events.append(DisputeEvent(dispute=d, kind=c.EventKind.REGISTERED, on=d.received_on, by=clerk, note="受理登记"))
        if d.started_on:
            events.append(
                DisputeEvent(
                    dispute=d, kind=c.EventKind.STARTED, on=d.started_on, by=clerk, note="、".join(m.name for m in team)
                )
            )
        if d.concluded_on:
            kind = c.EventKind.REFERRED if d.status == c.Status.REFERRED else c.EventKind.CONCLUDED
            events.append(
                DisputeEvent(dispute=d, kind=kind, on=d.concluded_on, by=clerk, note=f"{d.get_status_display()}")
            )
        if d.status != c.Status.SUCCEEDED:
            continue
        roll = rng.random()
        if d.grade != c.Grade.SIMPLE or roll < 0.30:
            form = c.AgreementForm.WRITTEN
        elif roll < 0.55:
            form = c.AgreementForm.ORAL
        else:
            continue
        written = form == c.AgreementForm.WRITTEN
        signed = d.concluded_on
        due = signed + D(days=rng.choice([0, 7, 15, 30]))
        if close is not None:
            due = min(due, close)
        applied = written and (d.amount >= 5000 or d.mediation_type == c.MediationType.JUDICIAL) and rng.random() < 0.45
        applied_on = signed + D(days=rng.randint(1, 20)) if applied else None
        if applied_on and applied_on > last:
            applied, applied_on = False, None
        performance = pick(
            rng, [(c.Performance.PERFORMED, 96), (c.Performance.PARTIAL, 3), (c.Performance.NOT_PERFORMED, 1)]
        )
        if performance == c.Performance.PERFORMED and due >= ctx.today:
            performance = c.Performance.PENDING
        agreements.append(
            Agreement(
                dispute=d,
                organization_id=d.organization_id,
                form=form,
                signed_on=signed,
                facts=d.summary if written else "",
                responsibilities="双方对纠纷发生均负有一定责任，经调解互谅互让。" if written else "",
                terms=f"{'由被申请人一次性支付申请人' + str(d.amount) + '元，' if d.amount else ''}双方就本纠纷不再争议。",
                performance_method=("现金或转账支付" if d.amount else "按协议约定履行") if written else "",
                performance_due=due if written else None,
                performance=performance,
                performed_on=due if performance == c.Performance.PERFORMED else None,
                confirmation_applied=applied,
                confirmation_applied_on=applied_on,
                confirmation_court="重庆市大渡口区人民法院" if applied else "",
                confirmation_result=c.ConfirmationResult.CONFIRMED if applied else "",
            )
        )
        events.append(DisputeEvent(dispute=d, kind=c.EventKind.AGREEMENT, on=signed, by=clerk, note="达成调解协议"))
        visited = signed + D(days=rng.randint(5, 25))
        if visited <= last:
            followups.append(
                FollowUp(
                    dispute=d,
                    visited_on=visited,
                    visitor=team[0].name,
                    method=pick(rng, [(c.VisitMethod.PHONE, 70), (c.VisitMethod.HOME, 30)]),
                    satisfaction=pick(
                        rng,
                        [(c.Satisfaction.SATISFIED, 90), (c.Satisfaction.BASIC, 9), (c.Satisfaction.UNSATISFIED, 1)],
                    ),
                    result="协议已按约履行，双方关系缓和，未发现反复。",
                )
            )
            events.append(DisputeEvent(dispute=d, kind=c.EventKind.FOLLOWUP, on=visited, by=clerk, note="回访"))
    bulk(through, links, ctx)
    bulk(Party, parties, ctx)
    bulk(Agreement, agreements, ctx)
    bulk(FollowUp, followups, ctx)
    bulk(DisputeEvent, events, ctx)
