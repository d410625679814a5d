"""Yearly figures of the mediation register (docs/figures.md, "disputes").

Seven queries whatever the number of disputes: one aggregate for the counts,
one for the agreements and one per breakdown. Each figure links to the list
filtered so that the list's count equals the figure.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from core.figures import FigureDef, FigureValue, registry
from disputes import choices as c
from disputes.models import Agreement, Dispute
from disputes.selectors import list_url, overdue_on
from disputes.success_rate import rule_for as success_rate_rule

LIST = "disputes:dispute_list"
RECEIVED = {"year": "{year}"}
CONCLUDED = {"concluded_year": "{year}", "stage": "concluded"}

DEFINITIONS = [
    FigureDef("调解纠纷数", "受理矛盾纠纷数", "件", LIST, RECEIVED, "年度内受理（登记）的矛盾纠纷"),
    FigureDef(
        "调结纠纷数",
        "调结矛盾纠纷数",
        "件",
        LIST,
        CONCLUDED,
        "年度内办结的纠纷：调解成功、调解不成功和终止（不含转办）",
    ),
    FigureDef(
        "调解成功数",
        "调解成功数",
        "件",
        LIST,
        {"concluded_year": "{year}", "status": c.Status.SUCCEEDED},
        "年度内调解成功的纠纷",
    ),
    # 调解成功率: numerator and denominator per the district's rule (disputes.success_rate;
    # default 调解成功 ÷ 调结), each published as a figure of its own with its list.
    FigureDef(
        "调解成功率",
        "调解成功率",
        "%",
        LIST,
        CONCLUDED,
        "调解成功率分子 ÷ 调解成功率分母；默认口径为调解成功 ÷ 调结（调解成功、调解不成功、终止），"
        "区可另定口径（docs/figures.md）",
        kind="rate",
    ),
    FigureDef(
        "调解成功率分子",
        "调解成功率的分子（计为调解成功的纠纷数）",
        "件",
        LIST,
        {"concluded_year": "{year}", "status": c.Status.SUCCEEDED},
        "年度内办结、按本区口径计为调解成功的纠纷（默认：调解成功）",
    ),
    FigureDef(
        "调解成功率分母",
        "调解成功率的分母（计入的办结纠纷数）",
        "件",
        LIST,
        CONCLUDED,
        "年度内办结、按本区口径计入成功率的纠纷（默认：调解成功、调解不成功、终止，不含转办）",
    ),
    FigureDef(
        "协议履行率",
        "调解协议履行率",
        "%",
        LIST,
        {"agreement_year": "{year}", "agreement": "any"},
        "已履行的调解协议 ÷ 年度内生效的调解协议",
        kind="rate",
    ),
    FigureDef(
        "司法确认数",
        "申请司法确认数",
        "件",
        LIST,
        {"agreement_year": "{year}", "agreement": "confirmation"},
        "年度内生效的调解协议中，当事人申请司法确认的（人民调解法第三十三条）",
    ),
    FigureDef(
        "超期未结纠纷数",
        "超期未结纠纷数",
        "件",
        LIST,
        {"flag": "overdue"},
        "截至年末（当年为今天）受理超过30天仍未办结的纠纷（人民调解工作若干规定第三十三条）",
    ),
    FigureDef("纠纷类别分布", "纠纷类别分布", "件", LIST, RECEIVED, "年度受理纠纷按类别"),
    FigureDef("纠纷来源分布", "纠纷来源分布", "件", LIST, RECEIVED, "年度受理纠纷按来源"),
    FigureDef("纠纷月度分布", "纠纷月度分布", "件", LIST, RECEIVED, "年度受理纠纷按受理月份"),
    FigureDef("纠纷社区分布", "纠纷社区分布", "件", LIST, RECEIVED, "年度受理纠纷按村（社区）"),
    FigureDef("纠纷等级分布", "纠纷等级分布", "件", LIST, RECEIVED, "年度受理纠纷按简单/复杂/疑难"),
]


def reference_date(year: int, today: datetime.date | None = None) -> datetime.date:
    """31 December of a past year, today for the current one."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


def _breakdown(queryset, field: str, labels: dict | None = None, order: list | None = None) -> dict:
    counts = {row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("id")).order_by(field)}
    keys = order if order is not None else list(counts)
    result = {}
    for key in keys:
        if key in counts:
            result[(labels or {}).get(key, key)] = counts[key]
    return result


def status_params(year: int, statuses) -> dict:
    """List filters for the disputes concluded in `year` in these statuses."""
    wanted = set(statuses)
    if wanted == set(c.CONCLUDED_STATUSES):
        return {"concluded_year": year, "stage": "concluded"}
    if wanted == set(c.CLOSED_STATUSES):
        return {"concluded_year": year, "stage": "closed"}
    if len(wanted) == 1:
        return {"concluded_year": year, "status": next(iter(wanted))}
    return {"concluded_year": year, "statuses": [s for s in c.Status.values if s in wanted]}


@registry.provider("disputes", DEFINITIONS)
def compute(organization, year: int) -> dict[str, FigureValue]:
    disputes = Dispute.objects.filter(organization=organization)
    received = disputes.filter(received_on__year=year)
    as_of = reference_date(year)
    rule = success_rate_rule(organization)
    concluded_in_year = Q(concluded_on__year=year, status__in=c.CONCLUDED_STATUSES)
    # The rows any count below may take (the union of their filters), so PostgreSQL reads
    # them through the (organization, received_on) and (organization, status, concluded_on)
    # indexes instead of every dispute of the town's years (EXPLAIN ANALYZE at district scale:
    # 20–26 ms → 1.5–3 ms; BENCHMARKS.md, issue 22). The counts are unchanged.
    counted = Q(received_on__year=year) | Q(concluded_on__year=year) | overdue_on(as_of)
    totals = disputes.filter(counted).aggregate(
        received=Count("id", filter=Q(received_on__year=year)),
        concluded=Count("id", filter=concluded_in_year),
        succeeded=Count("id", filter=Q(concluded_on__year=year, status=c.Status.SUCCEEDED)),
        rate_numerator=Count("id", filter=Q(concluded_on__year=year, status__in=rule.success)),
        rate_denominator=Count("id", filter=Q(concluded_on__year=year, status__in=rule.concluded)),
        overdue=Count("id", filter=overdue_on(as_of)),
    )
    numerator_url = list_url(**status_params(year, rule.success))
    denominator_url = list_url(**status_params(year, rule.concluded))
    agreements = Agreement.objects.filter(dispute__organization=organization, signed_on__year=year).aggregate(
        total=Count("id"),
        performed=Count("id", filter=Q(performance=c.Performance.PERFORMED)),
        confirmation=Count("id", filter=Q(confirmation_applied=True)),
    )
    by_category = {
        row["category__name"]: row["n"]
        for row in received.values("category__name", "category__sort_order")
        .annotate(n=Count("id"))
        .order_by("category__sort_order", "category__name")
    }
    by_source = _breakdown(received, "source", dict(c.Source.choices), list(c.Source.values))
    by_grade = _breakdown(received, "grade", dict(c.Grade.choices), list(c.Grade.values))
    by_community = {
        row["community__name"]: row["n"]
        for row in received.values("community__name").annotate(n=Count("id")).order_by("community__name")
    }
    months = {
        row["m"]: row["n"]
        for row in received.annotate(m=ExtractMonth("received_on")).values("m").annotate(n=Count("id")).order_by("m")
    }
    by_month = {f"{m}月": months.get(m, 0) for m in range(1, 13)}
    total = totals["received"]
    return {
        "调解纠纷数": FigureValue(total),
        "调结纠纷数": FigureValue(totals["concluded"]),
        "调解成功数": FigureValue(totals["succeeded"]),
        "调解成功率": FigureValue.rate(totals["rate_numerator"], totals["rate_denominator"], url=denominator_url),
        "调解成功率分子": FigureValue(totals["rate_numerator"], url=numerator_url),
        "调解成功率分母": FigureValue(totals["rate_denominator"], url=denominator_url),
        "协议履行率": FigureValue.rate(agreements["performed"], agreements["total"]),
        "司法确认数": FigureValue(agreements["confirmation"]),
        "超期未结纠纷数": FigureValue(totals["overdue"], url=list_url(flag="overdue", as_of=as_of.isoformat())),
        "纠纷类别分布": FigureValue(total, breakdown=by_category),
        "纠纷来源分布": FigureValue(total, breakdown=by_source),
        "纠纷月度分布": FigureValue(total, breakdown=by_month),
        "纠纷社区分布": FigureValue(total, breakdown=by_community),
        "纠纷等级分布": FigureValue(total, breakdown=by_grade),
    }
