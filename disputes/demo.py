"""2023 demo of the 连心桥 platform: 788 disputes received and concluded in 2023,
775 of them 调解成功 (98.35%: the seed report's "788 件，调解成功率达 98% 以上").

Deterministic (random.Random(2023)), fast (bulk inserts: a few thousand rows in
well under a second or two), idempotent (skipped when the 2023 register exists).
A handful of disputes of the last weeks (relative to ctx.today) keep the live
alerts (超期, 司法确认, 回访) populated. Names, ID numbers and phones are fictional;
ID numbers carry a valid checksum.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from disputes import choices as c
from disputes import search
from disputes.models import (
    Agreement,
    Dispute,
    DisputeCategory,
    DisputeEvent,
    FollowUp,
    Mediator,
    Party,
)
from disputes.services import allocate_serials

YEAR = 2023
TOTAL = 788
SUCCEEDED = 775
FAILED = 8  # the other 5 are 终止

# name, sort order, weight of the 2023 caseload
CATEGORIES = [
    ("婚姻家庭", 10, 16),
    ("邻里纠纷", 20, 27),
    ("房屋宅基地", 30, 6),
    ("合同纠纷", 40, 9),
    ("损害赔偿", 50, 11),
    ("劳动争议", 60, 8),
    ("物业纠纷", 70, 13),
    ("征地拆迁", 80, 3),
    ("其他", 90, 7),
]
# Spring Festival and summer are busier (family, neighbours, water leaks).
MONTH_WEIGHTS = [74, 70, 63, 62, 64, 66, 70, 68, 62, 66, 60, 63]
SOURCES = [
    (c.Source.VISIT, 30),
    (c.Source.GRID, 25),
    (c.Source.CALL, 9),
    (c.Source.HOTLINE, 12),
    (c.Source.PETITION, 6),
    (c.Source.POLICE, 9),
    (c.Source.COURT, 5),
    (c.Source.OTHER, 4),
]
MEDIATORS = [
    ("陈和平", "八桥镇人民调解委员会"),
    ("刘明理", "八桥镇人民调解委员会"),
    ("赵静宜", "八桥镇司法所"),
    ("孙安邦", "八桥镇人民调解委员会"),
    ("周守信", "双山社区人民调解委员会"),
    ("吴佳和", "八桥社区人民调解委员会"),
    ("郑睦邻", "新山村社区人民调解委员会"),
    ("冯雅琴", "大堰社区人民调解委员会"),
    ("何立言", "钰鑫社区人民调解委员会"),
    ("许德润", "柏华社区人民调解委员会"),
    ("韩晓敏", "玉虚社区人民调解委员会"),
    ("曹永康", "建胜社区人民调解委员会"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜"
GIVEN = "建国秀英志强丽华明军桂兰海燕德明玉梅文斌春花永红小平俊杰淑珍国庆红梅家豪晓东雪芳子涵宇轩思雨"
SUMMARIES = {
    "婚姻家庭": [
        "夫妻因家庭琐事及子女抚养问题发生矛盾",
        "兄弟姐妹因老人赡养费用分担产生纠纷",
        "离婚后因探望子女时间安排发生争执",
    ],
    "邻里纠纷": [
        "楼上住户卫生间漏水致楼下天花板受损",
        "邻居在公共楼道堆放杂物引发争执",
        "饲养犬只噪音扰民引发邻里矛盾",
    ],
    "房屋宅基地": ["相邻住户因房屋滴水檐界限发生争议", "因自建房屋遮挡采光引发纠纷"],
    "合同纠纷": ["装修工程款结算发生争议", "房屋租赁合同提前解除押金退还纠纷", "买卖二手车辆尾款支付纠纷"],
    "损害赔偿": ["非机动车相撞致人轻微受伤赔偿纠纷", "宠物咬伤他人医疗费赔偿纠纷", "高空坠物损坏车辆赔偿纠纷"],
    "劳动争议": ["务工人员追讨拖欠劳务报酬", "工地务工受伤后误工费赔偿争议"],
    "物业纠纷": ["业主与物业公司因物业费收取标准发生争议", "小区停车位管理引发业主与物业纠纷"],
    "征地拆迁": ["征地补偿款家庭内部分配纠纷", "拆迁安置房分配顺序争议"],
    "其他": ["商户占道经营引发与周边居民矛盾", "小区广场舞噪音扰民纠纷"],
}
DURATION = {c.Grade.SIMPLE: (0, 9), c.Grade.COMPLEX: (4, 24), c.Grade.DIFFICULT: (12, 45)}


def _spread(total: int, weights: list[int]) -> list[int]:
    """Split `total` by weights exactly (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _id_number(rng: random.Random) -> str:
    """A fictional 身份证号 of 大渡口区 (500104) with a valid GB 11643 check digit.

    Whatever the birth year: a number keeps the area code it was issued with, and
    Chongqing residents born before 1997 (when 500104 was created) commonly hold 500104
    numbers; core.validators accepts them.
    """
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 52))
    body = f"500104{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _name(rng: random.Random) -> str:
    given = GIVEN[rng.randrange(0, len(GIVEN) - 1, 2) :][:2]
    return rng.choice(SURNAMES) + (given if rng.random() < 0.7 else given[0])


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "152", "158", "177", "186", "189"]) + f"{rng.randrange(0, 10**8):08d}"


def _pick(rng: random.Random, weighted: list[tuple]) -> object:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def load(ctx) -> None:
    org = ctx.organization
    categories = {}
    for name, order, _weight in CATEGORIES:
        categories[name], _ = DisputeCategory.objects.get_or_create(
            organization=org, name=name, defaults={"sort_order": order}
        )
    mediators = [
        Mediator.objects.get_or_create(organization=org, name=name, defaults={"unit": unit})[0]
        for name, unit in MEDIATORS
    ]
    if not Dispute.objects.filter(organization=org, year=YEAR).exists():
        _load_year(ctx, categories, mediators)
    if (
        ctx.today.year > YEAR
        and not Dispute.objects.filter(organization=org, received_on__gt=datetime.date(YEAR, 12, 31)).exists()
    ):
        _load_recent(ctx, categories, mediators)


def _load_year(ctx, categories: dict, mediators: list) -> None:
    rng = random.Random(YEAR)
    org = ctx.organization
    clerk = ctx.users.get("clerk")
    grids_by_community: dict[int, list] = {}
    for grid in ctx.grids:
        grids_by_community.setdefault(grid.community_id, []).append(grid)
    communities = list(ctx.communities.values())
    community_weights = [len(grids_by_community.get(cm.pk, [])) or 1 for cm in communities]

    # Received dates: exact monthly counts, days spread inside each month.
    dates = []
    for month, count in enumerate(_spread(TOTAL, MONTH_WEIGHTS), start=1):
        first = datetime.date(YEAR, month, 1)
        days = ((first.replace(month=month + 1) if month < 12 else datetime.date(YEAR + 1, 1, 1)) - first).days
        dates += sorted(first + datetime.timedelta(days=rng.randrange(days)) for _ in range(count))
    category_names = []
    for (name, _order, _w), count in zip(CATEGORIES, _spread(TOTAL, [w for *_, w in CATEGORIES]), strict=True):
        category_names += [name] * count
    rng.shuffle(category_names)

    rows = []
    for index, received in enumerate(dates):
        category = category_names[index]
        grade = _pick(rng, [(c.Grade.SIMPLE, 75), (c.Grade.COMPLEX, 21), (c.Grade.DIFFICULT, 4)])
        if category in ("征地拆迁", "劳动争议") and grade == c.Grade.SIMPLE and rng.random() < 0.5:
            grade = c.Grade.COMPLEX
        risk = {
            c.Grade.SIMPLE: _pick(rng, [(c.Risk.GREEN, 95), (c.Risk.YELLOW, 5)]),
            c.Grade.COMPLEX: _pick(rng, [(c.Risk.GREEN, 45), (c.Risk.YELLOW, 50), (c.Risk.RED, 5)]),
            c.Grade.DIFFICULT: _pick(rng, [(c.Risk.YELLOW, 55), (c.Risk.RED, 45)]),
        }[grade]
        source = _pick(rng, SOURCES)
        mediation_type = (
            c.MediationType.JUDICIAL
            if source == c.Source.COURT
            else _pick(rng, [(c.MediationType.PEOPLE, 86), (c.MediationType.ADMINISTRATIVE, 14)])
        )
        community = rng.choices(communities, weights=community_weights)[0]
        grid = rng.choice(grids_by_community[community.pk]) if grids_by_community.get(community.pk) else None
        # All 788 were concluded within 2023: late-December cases simply took fewer days.
        low, high = DURATION[grade]
        high = min(high, (datetime.date(YEAR, 12, 31) - received).days)
        concluded = received + datetime.timedelta(days=rng.randint(min(low, high), high))
        started = min(received + datetime.timedelta(days=rng.randint(0, 1)), concluded)
        amount = Decimal(0)
        if category in ("合同纠纷", "损害赔偿", "劳动争议", "征地拆迁") or rng.random() < 0.15:
            amount = Decimal(rng.choice([500, 800, 1200, 2000, 3500, 5000, 8000, 12000, 20000, 46000]))
        rows.append(
            {
                "received_on": received,
                "started_on": started,
                "concluded_on": concluded,
                "category": categories[category],
                "grade": grade,
                "risk": risk,
                "source": source,
                "mediation_type": mediation_type,
                "community": community,
                "grid": grid,
                "amount": amount,
                "summary": rng.choice(SUMMARIES[category]),
            }
        )
    # 13 not successful: mostly the hard ones.
    hard = [i for i, r in enumerate(rows) if r["grade"] != c.Grade.SIMPLE]
    unsuccessful = rng.sample(hard, TOTAL - SUCCEEDED)
    statuses = [c.Status.SUCCEEDED] * TOTAL
    for n, i in enumerate(unsuccessful):
        statuses[i] = c.Status.FAILED if n < FAILED else c.Status.TERMINATED

    numbers = allocate_serials(organization=org, year=YEAR, count=TOTAL)
    disputes = []
    for row, status, (number, serial) in zip(rows, statuses, numbers, strict=True):
        outcome = {
            c.Status.SUCCEEDED: "经调解，双方自愿达成协议，纠纷化解。",
            c.Status.FAILED: "经多次调解，双方分歧较大，未能达成协议，已告知当事人通过诉讼途径解决。",
            c.Status.TERMINATED: "申请人撤回调解申请，调解终止。",
        }[status]
        disputes.append(
            Dispute(
                organization=org,
                year=YEAR,
                number=number,
                serial=serial,
                handling_level=c.LEVEL_FOR_GRADE[row["grade"]],
                status=status,
                outcome=outcome,
                registered_by=clerk,
                **row,
            )
        )
    Dispute.objects.bulk_create(disputes, batch_size=500)
    disputes = list(Dispute.objects.filter(organization=org, year=YEAR).select_related("community").order_by("number"))

    through = Dispute.mediators.through
    links, parties, agreements, followups, events = [], [], [], [], []
    town_mediators, community_mediators = mediators[:4], mediators[4:]
    for d in disputes:
        team = [rng.choice(community_mediators if d.grade == c.Grade.SIMPLE else town_mediators)]
        if d.grade != c.Grade.SIMPLE and rng.random() < 0.6:
            team.append(rng.choice([m for m in mediators if m not in team]))
        links += [through(dispute_id=d.pk, mediator_id=m.pk) for m in team]
        for role in (c.PartyRole.APPLICANT, c.PartyRole.RESPONDENT):
            parties.append(
                Party(
                    dispute=d,
                    role=role,
                    name=_name(rng),
                    id_number=_id_number(rng),
                    phone=_phone(rng),
                    address=f"重庆市大渡口区八桥镇{d.community.name}{rng.randint(1, 120)}号",
                )
            )
        events += [
            DisputeEvent(
                dispute=d,
                kind=c.EventKind.REGISTERED,
                on=d.received_on,
                by=clerk,
                note=f"来源：{d.get_source_display()}",
            ),
            DisputeEvent(
                dispute=d, kind=c.EventKind.STARTED, on=d.started_on, by=clerk, note="、".join(m.name for m in team)
            ),
            DisputeEvent(
                dispute=d,
                kind=c.EventKind.CONCLUDED,
                on=d.concluded_on,
                by=clerk,
                note=f"{d.get_status_display()}：{d.outcome}",
            ),
        ]
        if d.status != c.Status.SUCCEEDED:
            continue
        # Written agreements for the harder cases and some simple ones; oral for quick settlements.
        roll = rng.random()
        if d.grade != c.Grade.SIMPLE or roll < 0.30:
            form = c.AgreementForm.WRITTEN
        elif roll < 0.55:
            form = c.AgreementForm.ORAL
        else:
            continue
        signed = d.concluded_on
        due = signed + datetime.timedelta(days=rng.choice([0, 7, 15, 30]))
        applied = (
            form == c.AgreementForm.WRITTEN
            and (d.amount >= 5000 or d.mediation_type == c.MediationType.JUDICIAL)
            and rng.random() < 0.45
        )
        performance = _pick(
            rng, [(c.Performance.PERFORMED, 96), (c.Performance.PARTIAL, 3), (c.Performance.NOT_PERFORMED, 1)]
        )
        agreement = Agreement(
            dispute=d,
            organization_id=d.organization_id,
            form=form,
            signed_on=signed,
            facts=d.summary if form == c.AgreementForm.WRITTEN else "",
            responsibilities="双方对纠纷发生均负有一定责任，经调解互谅互让。"
            if form == c.AgreementForm.WRITTEN
            else "",
            terms=f"{'由被申请人一次性支付申请人' + str(d.amount) + '元，' if d.amount else ''}双方就本纠纷不再争议。",
            performance_method=("现金或转账支付" if d.amount else "按协议约定履行")
            if form == c.AgreementForm.WRITTEN
            else "",
            performance_due=due if form == c.AgreementForm.WRITTEN else None,
            performance=performance,
            performed_on=min(due, datetime.date(YEAR + 1, 1, 31)) if performance == c.Performance.PERFORMED else None,
            confirmation_applied=applied,
            confirmation_applied_on=signed + datetime.timedelta(days=rng.randint(1, 20)) if applied else None,
            confirmation_court="重庆市大渡口区人民法院" if applied else "",
            confirmation_result=c.ConfirmationResult.CONFIRMED if applied else "",
        )
        agreements.append(agreement)
        events.append(
            DisputeEvent(
                dispute=d, kind=c.EventKind.AGREEMENT, on=signed, by=clerk, note=f"达成{agreement.get_form_display()}"
            )
        )
        if applied:
            events.append(
                DisputeEvent(
                    dispute=d,
                    kind=c.EventKind.CONFIRMATION,
                    on=agreement.confirmation_applied_on,
                    by=clerk,
                    note="申请司法确认，重庆市大渡口区人民法院",
                )
            )
        visited = signed + datetime.timedelta(days=rng.randint(5, 25))
        visitor = team[0].name
        followups.append(
            FollowUp(
                dispute=d,
                visited_on=visited,
                visitor=visitor,
                method=_pick(rng, [(c.VisitMethod.PHONE, 70), (c.VisitMethod.HOME, 30)]),
                satisfaction=_pick(
                    rng, [(c.Satisfaction.SATISFIED, 90), (c.Satisfaction.BASIC, 9), (c.Satisfaction.UNSATISFIED, 1)]
                ),
                result="协议已按约履行，双方关系缓和，未发现反复。"
                if performance == c.Performance.PERFORMED
                else "协议尚未完全履行，已督促当事人按约履行。",
            )
        )
        events.append(
            DisputeEvent(dispute=d, kind=c.EventKind.FOLLOWUP, on=visited, by=clerk, note=f"回访人：{visitor}")
        )
    through.objects.bulk_create(links, batch_size=1000)
    Party.objects.bulk_create(parties, batch_size=1000)
    search.refresh_party_names(Dispute.objects.filter(organization=org, year=YEAR))
    Agreement.objects.bulk_create(agreements, batch_size=1000)
    FollowUp.objects.bulk_create(followups, batch_size=1000)
    DisputeEvent.objects.bulk_create(events, batch_size=1000)


def _load_recent(ctx, categories: dict, mediators: list) -> None:
    """A few live cases around ctx.today so the alerts and open statuses show something."""
    rng = random.Random(ctx.today.toordinal())
    org, clerk = ctx.organization, ctx.users.get("clerk")
    grids = ctx.grids
    today = ctx.today
    # (days ago received, status, days ago concluded, agreement days ago or None)
    plan = [
        (52, c.Status.MEDIATING, None),
        (41, c.Status.ACCEPTED, None),
        (35, c.Status.MEDIATING, None),
        (12, c.Status.MEDIATING, None),
        (3, c.Status.ACCEPTED, None),
        (30, c.Status.SUCCEEDED, 26),  # 司法确认 window closes in 4 days
        (45, c.Status.SUCCEEDED, 36),  # 回访 overdue
        (20, c.Status.SUCCEEDED, 15),
    ]
    names = list(categories)
    for days_ago, status, concluded_ago in plan:
        received = today - datetime.timedelta(days=days_ago)
        grid = rng.choice(grids)
        [(number, serial)] = allocate_serials(organization=org, year=received.year)
        concluded = today - datetime.timedelta(days=concluded_ago) if concluded_ago is not None else None
        dispute = Dispute.objects.create(
            organization=org,
            year=received.year,
            number=number,
            serial=serial,
            received_on=received,
            source=_pick(rng, SOURCES),
            community=grid.community,
            grid=grid,
            category=categories[rng.choice(names)],
            grade=c.Grade.COMPLEX if days_ago > 30 else c.Grade.SIMPLE,
            risk=c.Risk.YELLOW if days_ago > 30 else c.Risk.GREEN,
            status=status,
            started_on=received + datetime.timedelta(days=1) if status != c.Status.ACCEPTED else None,
            concluded_on=concluded,
            outcome="经调解，双方达成书面协议。" if concluded else "",
            summary=rng.choice(SUMMARIES["邻里纠纷"]),
            registered_by=clerk,
        )
        dispute.mediators.set([rng.choice(mediators)])
        for role in (c.PartyRole.APPLICANT, c.PartyRole.RESPONDENT):
            Party.objects.create(
                dispute=dispute, role=role, name=_name(rng), id_number=_id_number(rng), phone=_phone(rng)
            )
        DisputeEvent.objects.create(dispute=dispute, kind=c.EventKind.REGISTERED, on=received, by=clerk)
        if concluded:
            Agreement.objects.create(
                dispute=dispute,
                form=c.AgreementForm.WRITTEN,
                signed_on=concluded,
                facts=dispute.summary,
                responsibilities="双方各负一定责任。",
                terms="被申请人于十五日内修复并赔偿申请人损失800元。",
                performance_method="转账支付",
                performance_due=concluded + datetime.timedelta(days=15),
            )
            DisputeEvent.objects.create(
                dispute=dispute, kind=c.EventKind.CONCLUDED, on=concluded, by=clerk, note="调解成功"
            )
