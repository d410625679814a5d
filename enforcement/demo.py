"""2023 demo of the 行政执法人员 register (seed: "全镇共有 11 人持有行政执法证").

Twelve fictional officers: eleven in post on 2023-12-31, each holding a valid
行政执法证 that day (持证人数 2023 = 11, 持证率 100%), four of them renewed (换发)
during 2023, one newly certified in 2023, and one who retired in 2023 (card 注销).
Cards that would have lapsed since are renewed up to the demo's "today", except
孙志强's, whose card expires 90 days after today so the expiry alert shows.

ID numbers carry 大渡口区's area code and a valid check digit; they belong to no one.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from stdnum.cn import ric

from enforcement import services
from enforcement.choices import CertificateState, EmploymentStatus, ExamKind
from enforcement.forms import default_expiry
from enforcement.models import Certificate, EnforcementCategory, Exam, Officer, Training, TrainingAttendance

D = datetime.date
TEAM = "综合行政执法大队"
REGION = "大渡口区八桥镇"
URBAN = ["城市管理", "市场监管", "安全生产", "生态环境"]

# key, name, male?, birth, department, position, legal qualification, joined,
# first card (issued, expires), categories, renewed on (2023) or None
OFFICERS = [
    (
        1,
        "陈立军",
        True,
        D(1978, 5, 12),
        TEAM,
        "大队长",
        False,
        D(2013, 3, 1),
        (D(2018, 4, 16), D(2023, 4, 15)),
        URBAN,
        D(2023, 3, 20),
    ),
    (
        2,
        "刘晓燕",
        False,
        D(1986, 9, 3),
        "司法所",
        "副所长",
        True,
        D(2015, 7, 1),
        (D(2021, 6, 10), D(2026, 6, 9)),
        ["城市管理", "市场监管"],
        None,
    ),
    (
        3,
        "王建华",
        True,
        D(1982, 1, 27),
        TEAM,
        "中队长",
        False,
        D(2014, 8, 1),
        (D(2018, 9, 5), D(2023, 9, 4)),
        URBAN,
        D(2023, 8, 21),
    ),
    (
        4,
        "赵静",
        False,
        D(1990, 11, 18),
        "规划建设管理环保办公室",
        "科员",
        False,
        D(2019, 9, 1),
        (D(2022, 3, 15), D(2027, 3, 14)),
        ["自然资源", "生态环境"],
        None,
    ),
    (
        5,
        "孙志强",
        True,
        D(1975, 6, 30),
        TEAM,
        "中队长",
        False,
        D(2012, 5, 1),
        (D(2019, 1, 10), D(2024, 1, 9)),
        URBAN,
        None,
    ),
    (
        6,
        "周敏",
        False,
        D(1994, 2, 14),
        "经济发展办公室",
        "科员",
        False,
        D(2022, 7, 1),
        (D(2023, 5, 18), D(2028, 5, 17)),
        ["市场监管", "农业农村"],
        None,
    ),
    (
        7,
        "吴国平",
        True,
        D(1980, 12, 8),
        TEAM,
        "执法队员",
        False,
        D(2013, 10, 1),
        (D(2018, 11, 20), D(2023, 11, 19)),
        URBAN,
        D(2023, 11, 6),
    ),
    (
        8,
        "郑丽",
        False,
        D(1988, 4, 22),
        "社会事务办公室",
        "科员",
        False,
        D(2017, 3, 1),
        (D(2020, 7, 1), D(2025, 6, 30)),
        ["卫生健康", "文化旅游"],
        None,
    ),
    (
        9,
        "冯德明",
        True,
        D(1972, 8, 16),
        "平安法治办公室",
        "主任",
        True,
        D(2010, 1, 1),
        (D(2021, 10, 12), D(2026, 10, 11)),
        ["安全生产", "应急管理"],
        None,
    ),
    (
        10,
        "何春梅",
        False,
        D(1984, 3, 9),
        TEAM,
        "执法队员",
        False,
        D(2014, 11, 1),
        (D(2018, 12, 3), D(2023, 12, 2)),
        URBAN,
        D(2023, 11, 27),
    ),
    (
        11,
        "马超",
        True,
        D(1992, 7, 25),
        TEAM,
        "执法队员",
        False,
        D(2020, 6, 1),
        (D(2022, 8, 8), D(2027, 8, 7)),
        ["城市管理", "安全生产"],
        None,
    ),
    (
        12,
        "黄永福",
        True,
        D(1963, 8, 2),
        TEAM,
        "执法队员",
        False,
        D(2008, 4, 1),
        (D(2020, 5, 11), D(2025, 5, 10)),
        URBAN,
        None,
    ),
]
RETIRED = {12: D(2023, 8, 31)}
ALERT_OFFICER = 5

TRAININGS = [
    ("2023年度行政执法人员公共法律知识培训", D(2023, 3, 15), D(2023, 3, 17), "大渡口区司法局", Decimal(24), "all"),
    ("综合行政执法业务能力提升培训", D(2023, 6, 6), D(2023, 6, 9), "大渡口区综合行政执法局", Decimal(32), "team"),
    ("安全生产执法专题培训", D(2023, 9, 14), None, "八桥镇人民政府", Decimal(12), [4, 8, 9, 11]),
    ("新修订《行政复议法》专题培训", D(2023, 10, 12), None, "大渡口区司法局", Decimal(8), [1, 2, 3, 5, 6, 7, 9, 10]),
]

# key, title, kind, date, score, passed
EXAMS = [
    (6, "2023年行政执法人员资格考试（第一批）", ExamKind.NEW, D(2023, 2, 25), Decimal(54), False),
    (6, "2023年行政执法人员资格考试（第二批）", ExamKind.NEW, D(2023, 4, 20), Decimal(82), True),
    (1, "2023年行政执法证换证考试（第一批）", ExamKind.RENEWAL, D(2023, 3, 10), Decimal(88), True),
    (3, "2023年行政执法证换证考试（第二批）", ExamKind.RENEWAL, D(2023, 8, 10), Decimal(79), True),
    (7, "2023年行政执法证换证考试（第三批）", ExamKind.RENEWAL, D(2023, 10, 26), Decimal(85), True),
    (10, "2023年行政执法证换证考试（第三批）", ExamKind.RENEWAL, D(2023, 10, 26), Decimal(91), True),
]


def fake_id_number(birth: datetime.date, key: int, male: bool) -> str:
    """500104 (大渡口区) + birth date + a sequence of the right parity + check digit."""
    sequence = 100 + key * 2 + (1 if male else 0)
    body = f"500104{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def card_number(issued_on: datetime.date, key: int, generation: int) -> str:
    return f"500104{issued_on:%Y}{key:02d}{generation:02d}"


def load(ctx) -> None:
    org = ctx.organization
    services.ensure_default_categories(organization=org)
    categories = {c.name: c for c in EnforcementCategory.objects.filter(organization=org)}
    officers = {}
    for key, name, male, birth, dept, position, legal, joined, (issued, expires), cats, renewed_on in OFFICERS:
        officer, created = Officer.objects.get_or_create(
            organization=org,
            id_number=fake_id_number(birth, key, male),
            defaults={
                "name": name,
                "gender": "male" if male else "female",
                "phone": f"139{(key * 7919) % 10000:04d}{(key * 104729) % 10000:04d}",
                "department": ctx.departments[dept],
                "position": position,
                "has_legal_qualification": legal,
                "joined_on": joined,
                "employment_status": EmploymentStatus.RETIRED if key in RETIRED else EmploymentStatus.ACTIVE,
                "left_on": RETIRED.get(key),
            },
        )
        officers[key] = officer
        card, created = Certificate.objects.get_or_create(
            number=card_number(issued, key, 1),
            defaults={"officer": officer, "issued_on": issued, "expires_on": expires, "region": REGION},
        )
        if created:
            card.categories.set([categories[c] for c in cats])
        if renewed_on and not hasattr(card, "replaced_by"):
            services.certificate_renew(
                certificate=card,
                new_number=card_number(renewed_on, key, 2),
                issued_on=renewed_on,
                expires_on=default_expiry(renewed_on),
            )
        if key in RETIRED and card.state == CertificateState.VALID:
            services.certificate_cancel(certificate=card, reason="退休", on=RETIRED[key] + datetime.timedelta(days=5))
        if key not in RETIRED:
            _bring_current(ctx, key, card, alert=key == ALERT_OFFICER)
    _trainings(ctx, officers)
    for key, title, kind, day, score, passed in EXAMS:
        Exam.objects.get_or_create(
            officer=officers[key], title=title, exam_on=day, defaults={"kind": kind, "score": score, "passed": passed}
        )


def _bring_current(ctx, key: int, card: Certificate, *, alert: bool) -> None:
    """Renew (a week before expiry, never after today) until the card is not due for an alert.

    The alert officer's last card is cut to expire 90 days after today instead.
    """
    card.refresh_from_db()
    while hasattr(card, "replaced_by"):
        card = card.replaced_by
    today = ctx.today
    horizon = today + datetime.timedelta(days=settings.CERTIFICATE_EXPIRY_WINDOW_DAYS)
    generation = Certificate.objects.filter(officer=card.officer).count()
    while card.state == CertificateState.VALID:
        if card.expires_on > horizon or (alert and today < card.expires_on):
            return
        renew_on = min(card.expires_on, today) - datetime.timedelta(days=7)
        if renew_on <= card.issued_on:
            return
        expires = default_expiry(renew_on)
        if alert and expires > horizon:
            expires = today + datetime.timedelta(days=90)
        generation += 1
        card = services.certificate_renew(
            certificate=card,
            new_number=card_number(renew_on, key, generation),
            issued_on=renew_on,
            expires_on=expires,
        )


def _trainings(ctx, officers: dict[int, Officer]) -> None:
    team = [k for k, o in officers.items() if o.department.name == TEAM]
    for title, start, end, organizer, hours, who in TRAININGS:
        training, _ = Training.objects.get_or_create(
            organization=ctx.organization,
            title=title,
            start_on=start,
            defaults={"end_on": end, "organizer": organizer, "hours": hours, "location": "八桥镇人民政府会议室"},
        )
        keys = list(officers) if who == "all" else team if who == "team" else who
        for key in keys:
            officer = officers[key]
            if officer.left_on and officer.left_on < start:
                continue
            TrainingAttendance.objects.get_or_create(training=training, officer=officer, defaults={"hours": hours})
