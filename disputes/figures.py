"""Yearly figures of the mediation register (docs/figures.md, "disputes").

Six queries whatever the number of disputes and of years asked for together (ten on
SQLite): two aggregates for the counts (the disputes of the years, the open ones), one for
the agreements, one for the five breakdowns grouped by year (one per breakdown on SQLite)
and one each for the names of the categories and 村（社区） counted. Each figure links to the list
filtered so that the list's count equals the figure.
"""

from __future__ import annotations

import datetime

from django.db import connections
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from accounts.models import Community
from core.figures import FigureDef, FigureValue, registry
from disputes import choices as c
from disputes.models import Agreement, Dispute, DisputeCategory
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
    return compute_years(organization, [year])[year]


def compute_years(organization, years) -> dict[int, dict[str, FigureValue]]:
    """The figures of several years in six queries, ten on SQLite (the dashboard asks for a year
    and the one before): counts, agreements and the five breakdowns, each grouped by year."""
    years = sorted(set(years))
    disputes = Dispute.objects.filter(organization=organization)
    rule = success_rate_rule(organization)
    # Two aggregates, each over only the rows it may count, so that PostgreSQL reads them through
    # the (organization, received_on) and (organization, status, concluded_on) indexes: the
    # disputes received or concluded in the years, and those still open on a year's reference
    # day (the overdue ones are among them). One aggregate over the union read every dispute of
    # the town instead (EXPLAIN ANALYZE at district scale: 8.7 ms against 4.0 + 1.9 ms;
    # BENCHMARKS.md, issue 22). The counts are unchanged.
    span = (datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31))  # one range per index
    in_years = Q(received_on__range=span) | Q(concluded_on__range=span)
    received_any, signed_any, counts, overdue_counts = Q(), Q(), {}, {}
    for year in years:
        received_any |= Q(received_on__year=year)
        signed_any |= Q(signed_on__year=year)
        counts.update(
            {
                f"received_{year}": Count("id", filter=Q(received_on__year=year)),
                f"concluded_{year}": Count("id", filter=Q(concluded_on__year=year, status__in=c.CONCLUDED_STATUSES)),
                f"succeeded_{year}": Count("id", filter=Q(concluded_on__year=year, status=c.Status.SUCCEEDED)),
                f"numerator_{year}": Count("id", filter=Q(concluded_on__year=year, status__in=rule.success)),
                f"denominator_{year}": Count("id", filter=Q(concluded_on__year=year, status__in=rule.concluded)),
            }
        )
        overdue_counts[f"overdue_{year}"] = Count("id", filter=overdue_on(reference_date(year)))
    earliest = min(reference_date(year) for year in years)
    open_then = Q(concluded_on__isnull=True) | Q(concluded_on__gt=earliest)  # every row overdue_on() may take
    totals = disputes.filter(in_years).aggregate(**counts) | disputes.filter(open_then).aggregate(**overdue_counts)
    agreement_counts = {}
    for year in years:
        in_year = Q(signed_on__year=year)
        agreement_counts.update(
            {
                f"total_{year}": Count("id", filter=in_year),
                f"performed_{year}": Count("id", filter=in_year & Q(performance=c.Performance.PERFORMED)),
                f"confirmation_{year}": Count("id", filter=in_year & Q(confirmation_applied=True)),
            }
        )
    agreements = Agreement.objects.filter(signed_any, organization=organization).aggregate(**agreement_counts)
    breakdowns = _breakdowns(disputes.filter(received_any), years)
    return {
        year: _year_values(
            year,
            rule,
            {key.rsplit("_", 1)[0]: value for key, value in totals.items() if key.endswith(f"_{year}")},
            {key.rsplit("_", 1)[0]: value for key, value in agreements.items() if key.endswith(f"_{year}")},
            breakdowns={
                "纠纷类别分布": breakdowns["category"][year],
                "纠纷来源分布": _labelled(breakdowns["source"][year], c.Source),
                "纠纷月度分布": {f"{m}月": breakdowns["month"][year].get(m, 0) for m in range(1, 13)},
                "纠纷社区分布": breakdowns["community"][year],
                "纠纷等级分布": _labelled(breakdowns["grade"][year], c.Grade),
            },
        )
        for year in years
    }


compute.many_years = compute_years


# The five breakdowns of the received disputes: the column each groups by.
BREAKDOWNS = {
    "category": F("category_id"),
    "community": F("community_id"),
    "source": F("source"),
    "grade": F("grade"),
    "month": ExtractMonth("received_on"),
}


def _breakdowns(received, years) -> dict[str, dict[int, dict]]:
    """{breakdown: {year: {value: count}}} of the received disputes, for the five breakdowns;
    a category or a 村（社区） by its name, in the order of its list.

    On PostgreSQL one pass over the disputes (GROUP BY GROUPING SETS, one grouping per
    breakdown): five groupings read the year's rows five times, and were a third of the time of
    the dashboard after a write (BENCHMARKS.md, issue 22). Other databases (SQLite has no
    grouping sets) group once per breakdown; the counts are the same (disputes/tests/test_figures.py).
    """
    rows = (
        received.annotate(b_year=ExtractYear("received_on"), **{f"b_{key}": expr for key, expr in BREAKDOWNS.items()})
        .values("b_year", *(f"b_{key}" for key in BREAKDOWNS))
        .order_by()
    )
    counts = {key: {year: {} for year in years} for key in BREAKDOWNS}
    if has_grouping_sets(rows.db):
        rows_by_key = _grouping_sets(rows)
    else:
        rows_by_key = {
            key: rows.values_list("b_year", f"b_{key}").annotate(n=Count("id")).order_by() for key in BREAKDOWNS
        }
    for key, grouped in rows_by_key.items():
        for year, value, n in grouped:
            counts[key][int(year)][int(value) if key == "month" else value] = n
    return {
        **counts,
        "category": _named(counts["category"], DisputeCategory.objects.order_by("sort_order", "name")),
        "community": _named(counts["community"], Community.objects.order_by("name")),
    }


def has_grouping_sets(alias: str) -> bool:
    return connections[alias].vendor == "postgresql"


def _grouping_sets(rows) -> dict[str, list[tuple]]:
    """(year, value, count) of each breakdown, from one query: the rows' own SQL (the ORM's
    filters) grouped by the year and each breakdown's column in turn."""
    quote = connections[rows.db].ops.quote_name
    sql, params = rows.query.sql_with_params()
    year = f"r.{quote('b_year')}"
    columns = [f"r.{quote(f'b_{key}')}" for key in BREAKDOWNS]
    # GROUPING(...) has a bit per column, set where the row is not grouped by it.
    sets = ", ".join(f"({year}, {column})" for column in columns)
    query = (
        f"SELECT GROUPING({', '.join(columns)}), {year}, {', '.join(columns)}, COUNT(*) "
        f"FROM ({sql}) r GROUP BY GROUPING SETS ({sets})"
    )
    result = {key: [] for key in BREAKDOWNS}
    every = 2 ** len(columns) - 1
    which = {every - 2 ** (len(columns) - 1 - i): (i, key) for i, key in enumerate(BREAKDOWNS)}
    with connections[rows.db].cursor() as cursor:
        cursor.execute(query, params)
        for grouping, year_value, *values, n in cursor.fetchall():
            i, key = which[grouping]
            result[key].append((year_value, values[i], n))
    return result


def _named(counts: dict[int, dict[int, int]], rows) -> dict[int, dict[str, int]]:
    """{year: {id: count}} → {year: {name: count}}, in the order of `rows` (the list's order,
    sorted by the database as the lists are): one query for the names of the rows counted."""
    ids = {pk for by_id in counts.values() for pk in by_id}
    names = list(rows.filter(pk__in=ids).values_list("pk", "name")) if ids else []
    result = {}
    for year, by_id in counts.items():
        named = result[year] = {}
        for pk, name in names:
            if pk in by_id:
                named[name] = named.get(name, 0) + by_id[pk]
    return result


def _labelled(counts: dict, choices) -> dict[str, int]:
    """Counts by value → by label, in the choices' order, without the values no row has."""
    labels = dict(choices.choices)
    return {labels[value]: counts[value] for value in choices.values if counts.get(value)}


def _year_values(year: int, rule, totals: dict, agreements: dict, breakdowns: dict) -> dict[str, FigureValue]:
    as_of = reference_date(year)
    numerator_url = list_url(**status_params(year, rule.success))
    denominator_url = list_url(**status_params(year, rule.concluded))
    total = totals["received"]
    return {
        "调解纠纷数": FigureValue(total),
        "调结纠纷数": FigureValue(totals["concluded"]),
        "调解成功数": FigureValue(totals["succeeded"]),
        "调解成功率": FigureValue.rate(totals["numerator"], totals["denominator"], url=denominator_url),
        "调解成功率分子": FigureValue(totals["numerator"], url=numerator_url),
        "调解成功率分母": FigureValue(totals["denominator"], url=denominator_url),
        "协议履行率": FigureValue.rate(agreements["performed"], agreements["total"]),
        "司法确认数": FigureValue(agreements["confirmation"]),
        "超期未结纠纷数": FigureValue(totals["overdue"], url=list_url(flag="overdue", as_of=as_of.isoformat())),
        **{key: FigureValue(total, breakdown=breakdown) for key, breakdown in breakdowns.items()},
    }
