"""行政执法人员台账 at district scale: 2,000 officers, their certificate chains, trainings, exams.

Certificates follow the app's rules (services.certificate_renew): a 5-year card
renewed (换发) shortly before it expires closes the old one (注销, reason 换发)
and points to it through `replaces`; an officer who leaves has the card 注销.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from bench.gen.common import Context, Town, bulk, day_in, id_number, name, phone, pick
from enforcement.choices import CertificateKind, CertificateState, EmploymentStatus, ExamKind
from enforcement.forms import default_expiry
from enforcement.models import Certificate, EnforcementCategory, Exam, Officer, Training, TrainingAttendance
from enforcement.services import ensure_default_categories

OFFICERS_PER_TOWN = 250
TRAININGS_PER_YEAR = 15
TEAM = "综合行政执法大队"
DEPARTMENT_WEIGHTS = [
    (TEAM, 60),
    ("司法所", 6),
    ("平安法治办公室", 8),
    ("规划建设管理环保办公室", 10),
    ("经济发展办公室", 6),
    ("社会事务办公室", 6),
    ("便民服务中心", 4),
]
POSITIONS = ["执法队员", "执法队员", "执法队员", "中队长", "科员", "副所长", "主任"]
TRAINING_TITLES = [
    ("行政执法人员公共法律知识培训", "大渡口区司法局", 24),
    ("综合行政执法业务能力提升培训", "大渡口区综合行政执法局", 32),
    ("安全生产执法专题培训", "镇人民政府", 12),
    ("行政处罚法专题培训", "大渡口区司法局", 8),
    ("行政执法文书制作培训", "大渡口区司法局", 6),
    ("行政执法“三项制度”培训", "大渡口区司法局", 8),
    ("生态环境执法专题培训", "大渡口区生态环境局", 12),
    ("市场监管执法实务培训", "大渡口区市场监管局", 16),
]


def generate(ctx: Context) -> None:
    for town in ctx.towns:
        _town(ctx, town)


def _town(ctx: Context, town: Town) -> None:
    rng = ctx.rng("enforcement", town.code)
    org = town.organization
    ensure_default_categories(organization=org)
    categories = list(EnforcementCategory.objects.filter(organization=org))
    region = f"大渡口区{org.name}"
    today = ctx.today
    start = datetime.date(ctx.first_year - 6, 1, 1)
    existing = list(Officer.objects.filter(organization=org))
    count = ctx.n(OFFICERS_PER_TOWN, what="officers", town=town) - len(existing)
    if town.is_demo and ctx.demo:
        count = 0  # 八桥镇's roster is the demo's: an officer more would change its 持证人数
    officers = []
    for seq in range(count):
        male = rng.random() < 0.7
        birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 35))
        joined = day_in(rng, max(start, birth.replace(year=birth.year + 22)), today - datetime.timedelta(days=30))
        left = None
        status = EmploymentStatus.ACTIVE
        if rng.random() < 0.18:
            left = day_in(rng, joined + datetime.timedelta(days=200), today - datetime.timedelta(days=1))
            if left > joined:
                status = EmploymentStatus.RETIRED if birth.year < 1970 else EmploymentStatus.TRANSFERRED
            else:
                left = None
        officers.append(
            Officer(
                organization=org,
                name=name(rng),
                gender="male" if male else "female",
                # sequence 250+ keeps clear of the demo's ID numbers (sequence < 130)
                id_number=id_number(birth, 250 + seq, male=male),
                phone=phone(rng),
                department=town.departments[pick(rng, DEPARTMENT_WEIGHTS)],
                position=rng.choice(POSITIONS),
                has_legal_qualification=rng.random() < 0.12,
                employment_status=status,
                joined_on=joined,
                left_on=left,
            )
        )
    bulk(Officer, officers, ctx)
    _certificates(ctx, rng, town, officers, categories, region)
    _trainings(ctx, rng, town, existing + officers)


def _certificates(ctx, rng, town, officers, categories, region) -> None:
    today = ctx.today
    chains: list[list[dict]] = []
    for seq, officer in enumerate(officers):
        if rng.random() < 0.05:
            continue  # not certified (yet)
        issued = officer.joined_on + datetime.timedelta(days=rng.randint(60, 400))
        end = officer.left_on or today
        if issued >= end:
            continue
        kind = CertificateKind.SUPERVISION if rng.random() < 0.04 else CertificateKind.ENFORCEMENT
        chain = []
        generation = 1
        while True:
            card = {
                "officer": officer,
                "number": f"50010{town.index}{issued:%Y}{seq:04d}{generation:02d}",
                "kind": kind,
                "issued_on": issued,
                "expires_on": default_expiry(issued),
                "region": region,
                "state": CertificateState.VALID,
            }
            chain.append(card)
            renew_on = card["expires_on"] - datetime.timedelta(days=rng.randint(5, 40))
            if renew_on > end or renew_on <= issued:
                break
            card.update(state=CertificateState.CANCELLED, state_reason="换发", state_changed_on=renew_on)
            issued = renew_on
            generation += 1
        last = chain[-1]
        if officer.left_on and last["expires_on"] >= officer.left_on:
            last.update(
                state=CertificateState.CANCELLED,
                state_reason="调离" if officer.employment_status == EmploymentStatus.TRANSFERRED else "退休",
                state_changed_on=officer.left_on + datetime.timedelta(days=5),
            )
        elif officer.left_on is None and last["expires_on"] >= today:
            roll = rng.random()
            if roll < 0.01:
                last.update(state=CertificateState.SUSPENDED, state_reason="涉嫌违纪，暂扣", state_changed_on=today)
            elif roll < 0.015:
                last.update(state=CertificateState.REVOKED, state_reason="违法执法，吊销", state_changed_on=today)
        chains.append(chain)

    # Generation by generation, so each renewal can point at the card it replaced.
    previous: dict[int, Certificate] = {}
    depth = max((len(c) for c in chains), default=0)
    created: list[Certificate] = []
    for g in range(depth):
        rows = []
        for chain in chains:
            if g < len(chain):
                fields = chain[g]
                rows.append(Certificate(replaces=previous.get(fields["officer"].pk), **fields))
        bulk(Certificate, rows, ctx)
        previous = {c.officer_id: c for c in rows}
        created += rows
    through = Certificate.categories.through
    bulk(
        through,
        [
            through(certificate_id=c.pk, enforcementcategory_id=cat.pk)
            for c in created
            for cat in rng.sample(categories, rng.randint(1, 4))
        ],
        ctx,
    )
    exams = []
    for c in created:
        if c.replaces_id is None:
            exams.append(
                _exam(rng, c.officer, ExamKind.NEW, c.issued_on - datetime.timedelta(days=rng.randint(20, 60)))
            )
        else:
            exams.append(
                _exam(rng, c.officer, ExamKind.RENEWAL, c.issued_on - datetime.timedelta(days=rng.randint(7, 30)))
            )
    bulk(Exam, exams, ctx)


def _exam(rng, officer, kind, day) -> Exam:
    score = Decimal(rng.randint(52, 98))
    label = {ExamKind.NEW: "行政执法人员资格考试", ExamKind.RENEWAL: "行政执法证换证考试"}[kind]
    return Exam(officer=officer, title=f"{day.year}年{label}", kind=kind, exam_on=day, score=score, passed=score >= 60)


def _trainings(ctx, rng, town, officers) -> None:
    org = town.organization
    trainings, rosters = [], []
    for year in ctx.years:
        if ctx.skip(town, year):
            continue
        first, last = ctx.year_days(year)
        for _ in range(ctx.n(TRAININGS_PER_YEAR * ctx.year_fraction(year), what="trainings", town=town, year=year)):
            title, organizer, hours = rng.choice(TRAINING_TITLES)
            day = day_in(rng, first, last)
            days = 1 if hours <= 8 else rng.randint(1, 4)
            end = min(day + datetime.timedelta(days=days - 1), last)
            in_post = [o for o in officers if o.joined_on <= day and (o.left_on is None or o.left_on >= day)]
            team_only = "综合行政执法" in title
            pool = [o for o in in_post if not team_only or o.department_id == town.departments[TEAM].pk]
            attendees = rng.sample(pool, min(len(pool), rng.randint(20, 90)))
            training = Training(
                organization=org,
                title=f"{year}年度{title}" if rng.random() < 0.5 else title,
                start_on=day,
                end_on=end if end > day else None,
                organizer=organizer.replace("镇人民政府", f"{org.name}人民政府"),
                location=f"{org.name}人民政府会议室",
                hours=Decimal(hours),
            )
            trainings.append(training)
            rosters.append(attendees)
    bulk(Training, trainings, ctx)
    bulk(
        TrainingAttendance,
        [
            TrainingAttendance(
                training=t, officer=o, hours=t.hours if rng.random() < 0.92 else max(Decimal("0.5"), t.hours / 2)
            )
            for t, roster in zip(trainings, rosters, strict=True)
            for o in roster
        ],
        ctx,
    )
