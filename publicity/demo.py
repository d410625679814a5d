"""2023 demo of publicity/: 普法活动 (3 模拟法庭 with 630 participants), 48 在册法律明白人,
and the 2023 monthly work of all 138 grids adding up exactly to the seed report's totals.

Deterministic (fixed seeds), idempotent (only missing rows are inserted), bulk inserts.
Names, ID numbers and phones are fictional; ID numbers carry a valid check digit.
"""

import datetime
import random

from simple_history.utils import bulk_create_with_history

from core.validators import id_check_digit
from publicity.models import GridMonthlyEntry, LegalEducationEvent, LegalLiaison

YEAR = 2023
# The seed: 入户宣传走访 9 万余户，收集意见建议 621 条，排查问题 1440 条、解决问题 1440 条.
GRID_TOTALS = {"households_visited": 91326, "suggestions": 621, "problems_found": 1440}

K = LegalEducationEvent.Kind
# (date, kind, title, community, place, organizer, participants, materials)
EVENTS = [
    (
        "2023-04-18",
        K.MOCK_TRIAL,
        "“模拟法庭”进社区——邻里噪音纠纷案",
        "双山社区",
        "双山社区党群服务中心",
        "八桥镇司法所",
        220,
        300,
    ),
    (
        "2023-07-12",
        K.MOCK_TRIAL,
        "“模拟法庭”进社区——赡养纠纷案",
        "八桥社区",
        "八桥社区文化广场",
        "八桥镇司法所",
        210,
        260,
    ),
    (
        "2023-10-25",
        K.MOCK_TRIAL,
        "“模拟法庭”进社区——物业服务合同纠纷案",
        "新山村社区",
        "新山村社区议事厅",
        "八桥镇司法所",
        200,
        240,
    ),
    ("2023-03-08", K.LECTURE, "“三八”妇女维权法治讲座", "大堰社区", "大堰社区会议室", "八桥镇妇联", 80, 150),
    ("2023-05-16", K.LECTURE, "《民法典》婚姻家庭编专题讲座", "钰鑫社区", "钰鑫社区会议室", "八桥镇司法所", 65, 120),
    (
        "2023-09-14",
        K.LECTURE,
        "领导班子会前学法：《行政复议法》修订要点",
        None,
        "镇政府三楼会议室",
        "八桥镇党政办公室",
        35,
        40,
    ),
    ("2023-11-22", K.LECTURE, "防范电信网络诈骗法治讲座", "柏华社区", "柏华社区活动室", "八桥派出所", 90, 200),
    (
        "2023-01-16",
        K.CAMPAIGN,
        "春节前“平安过年”法治宣传",
        "玉虚社区",
        "玉虚社区广场",
        "八桥镇平安法治办公室",
        150,
        500,
    ),
    ("2023-03-15", K.CAMPAIGN, "“3·15”消费者权益保护宣传", "八桥社区", "八桥菜市场", "八桥市场监管所", 200, 600),
    ("2023-04-15", K.CAMPAIGN, "全民国家安全教育日宣传", "建胜社区", "建胜社区广场", "八桥镇平安法治办公室", 120, 400),
    ("2023-06-26", K.CAMPAIGN, "国际禁毒日宣传", "双山社区", "双山公园", "八桥镇禁毒办", 180, 500),
    ("2023-08-08", K.CAMPAIGN, "《民法典》宣传月集中宣传", "大堰社区", "大堰社区广场", "八桥镇司法所", 160, 450),
    ("2023-12-04", K.CAMPAIGN, "“12·4”国家宪法日宣传", "钰鑫社区", "中交丽景公园", "八桥镇司法所", 260, 800),
    ("2023-05-30", K.SCHOOL, "法治进校园：未成年人保护法宣讲", "新山村社区", "八桥小学", "八桥镇司法所", 300, 300),
    ("2023-09-07", K.SCHOOL, "开学第一课：预防校园欺凌", "柏华社区", "大渡口区育才学校", "八桥镇司法所", 280, 280),
    (
        "2023-06-09",
        K.ENTERPRISE,
        "法治进企业：劳动合同与用工风险",
        None,
        "八桥镇青年创业孵化基地",
        "八桥镇经济发展办公室",
        45,
        90,
    ),
    ("2023-10-19", K.ENTERPRISE, "法治进企业：安全生产法宣讲", None, "辖区重点企业", "八桥镇综合行政执法大队", 60, 100),
    (
        "2023-02-21",
        K.COMMUNITY,
        "法治进社区：“法律明白人”培训会",
        "双山社区",
        "双山社区党群服务中心",
        "八桥镇司法所",
        52,
        100,
    ),
    (
        "2023-07-27",
        K.COMMUNITY,
        "法治进社区：物业管理条例宣讲",
        "玉虚社区",
        "玉虚社区会议室",
        "玉虚社区居委会",
        70,
        150,
    ),
    (
        "2023-11-09",
        K.COMMUNITY,
        "法治进社区：老年人防诈骗",
        "建胜社区",
        "建胜社区老年活动中心",
        "建胜社区居委会",
        85,
        160,
    ),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
FEMALE_GIVEN = {"秀英", "桂兰", "丽华", "玉梅", "春燕", "淑芬", "丽娟", "红梅"}
GIVEN = [
    "秀英",
    "建国",
    "桂兰",
    "志强",
    "丽华",
    "德明",
    "玉梅",
    "国平",
    "春燕",
    "海涛",
    "淑芬",
    "永红",
    "晓东",
    "丽娟",
    "明亮",
    "红梅",
]
OCCUPATIONS = ["网格员", "楼栋长", "人民调解员", "居民小组长", "社区干部", "退休教师"]
ACTIVE_LIAISONS = 48
WITHDRAWN_LIAISONS = 2  # withdrew during 2023: on record, not counted at year end


def _id_number(rng: random.Random, index: int) -> str:
    # 500104 = 重庆市大渡口区; sequence numbers 9xx are never issued to real residents here
    birth = datetime.date(1955, 1, 1) + datetime.timedelta(days=rng.randrange(0, 40 * 365))
    body = f"500104{birth:%Y%m%d}9{index:02d}"
    return body + id_check_digit(body)


def _spread_weighted(total: int, n: int, rng: random.Random, low: int, high: int) -> list[int]:
    weights = [rng.randint(low, high) for _ in range(n)]
    scale = sum(weights)
    parts = [total * w // scale for w in weights]
    for i in range(total - sum(parts)):
        parts[i * 7 % n] += 1
    return parts


def _spread_sparse(total: int, n: int, rng: random.Random) -> list[int]:
    parts = [0] * n
    for _ in range(total):
        parts[rng.randrange(n)] += 1
    return parts


def load(ctx) -> None:
    org = ctx.organization
    user = ctx.users.get("clerk")
    _load_events(org, ctx, user)
    _load_liaisons(org, ctx, user)
    _load_grid_entries(org, ctx, user)


def _load_events(org, ctx, user) -> None:
    existing = set(LegalEducationEvent.objects.filter(organization=org).values_list("date", "title"))
    new = []
    for date, kind, title, community, place, organizer, participants, materials in EVENTS:
        day = datetime.date.fromisoformat(date)
        if (day, title) in existing:
            continue
        new.append(
            LegalEducationEvent(
                organization=org,
                date=day,
                kind=kind,
                title=title,
                community=ctx.communities[community] if community else None,
                place=place,
                organizer=organizer,
                participants=participants,
                materials_count=materials,
                materials="法治宣传折页、《民法典》读本",
            )
        )
    if new:
        bulk_create_with_history(new, LegalEducationEvent, default_user=user)


def _load_liaisons(org, ctx, user) -> None:
    if LegalLiaison.objects.filter(organization=org).exists():
        return
    rng = random.Random(48)
    communities = list(ctx.communities.values())
    people = []
    for i in range(ACTIVE_LIAISONS + WITHDRAWN_LIAISONS):
        withdrawn = i >= ACTIVE_LIAISONS
        trained = datetime.date(YEAR, 2, 21) if i < 30 else datetime.date(YEAR, 6, 20)
        given = GIVEN[(i * 5) % len(GIVEN)]
        people.append(
            LegalLiaison(
                organization=org,
                name=SURNAMES[i % len(SURNAMES)] + given,
                gender=LegalLiaison.Gender.FEMALE if given in FEMALE_GIVEN else LegalLiaison.Gender.MALE,
                id_number=_id_number(rng, i),
                phone=f"1390000{i:04d}",
                community=communities[i % len(communities)],
                occupation=OCCUPATIONS[i % len(OCCUPATIONS)],
                trained_on=trained,
                status=LegalLiaison.Status.WITHDRAWN if withdrawn else LegalLiaison.Status.ACTIVE,
                left_on=datetime.date(YEAR, 9, 30) if withdrawn else None,
                note="工作调动，已退出" if withdrawn else "",
            )
        )
    bulk_create_with_history(people, LegalLiaison, default_user=user)


def _load_grid_entries(org, ctx, user) -> None:
    grids = sorted(ctx.grids, key=lambda g: g.pk)
    slots = [(grid, month) for grid in grids for month in range(1, 13)]
    rng = random.Random(YEAR)
    households = _spread_weighted(GRID_TOTALS["households_visited"], len(slots), rng, 70, 130)
    suggestions = _spread_sparse(GRID_TOTALS["suggestions"], len(slots), rng)
    problems = _spread_sparse(GRID_TOTALS["problems_found"], len(slots), rng)
    existing = set(GridMonthlyEntry.objects.filter(organization=org, year=YEAR).values_list("grid_id", "month"))
    new = [
        GridMonthlyEntry(
            organization=org,
            grid=grid,
            year=YEAR,
            month=month,
            households_visited=households[i],
            suggestions=suggestions[i],
            problems_found=problems[i],
            problems_solved=problems[i],  # the seed: 排查 1440 条、解决 1440 条
        )
        for i, (grid, month) in enumerate(slots)
        if (grid.pk, month) not in existing
    ]
    if new:
        bulk_create_with_history(new, GridMonthlyEntry, default_user=user, batch_size=500)
