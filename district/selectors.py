"""What the district's pages read: its towns' published figures and their reports.

Every figure comes from the figure registry (core.figures, each data app's figures.py) —
nothing here counts records itself. A rate is published with its numerator and
denominator, so the district's total is the ratio of the sums (never an average of the
towns' rates).

Queries, whatever the number of towns (district/tests/test_queries.py):
towns (1), figure tokens (1), cached figures (one cache read), reports (1)
[+ the 保密审查 of those reports (1) and the district's 报送 deadline (1) on the tracker].
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Prefetch

from accounts.models import Organization
from core.figure_cache import many_year_figures
from core.figures import FigureValue
from reports.choices import ReportStatus
from reports.deadlines import publication_deadline, submission_deadline
from reports.models import AnnualReport, SecrecyReview


@dataclass(frozen=True)
class Column:
    """One figure column of the comparison: `key` is its ?sort= name."""

    key: str
    label: str
    figure: str  # the registry key (docs/figures.md)
    group: str
    rate: bool = False

    @property
    def header(self) -> str:
        return f"{self.group}{self.label}" if self.label in ("件数", "场次", "人次", "成功率") else self.label


COLUMNS = [
    Column("holders", "持证人数", "持证人数", "行政执法"),
    Column("training", "培训达标率", "培训达标率", "行政执法", rate=True),
    Column("recon", "件数", "行政复议案件数", "复议"),
    Column("recon_corrected", "被纠错率", "复议被纠错率", "复议", rate=True),
    Column("suits", "件数", "行政应诉案件数", "应诉"),
    Column("lost", "败诉率", "败诉率", "应诉", rate=True),
    Column("appear", "负责人出庭应诉率", "负责人出庭应诉率", "应诉", rate=True),
    Column("mediation", "件数", "调解纠纷数", "调解"),
    Column("mediation_success", "成功率", "调解成功率", "调解", rate=True),
    Column("events", "场次", "普法活动场次", "普法"),
    Column("people", "人次", "普法参与人数", "普法"),
    Column("liaisons", "法律明白人", "法律明白人数", "普法"),
    Column("goals", "目标完成率", "目标完成率", "目标任务", rate=True),
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
# ?sort= accepts these (and "-" before them); anything else keeps the default order.
SORT_KEYS = {"town", "status", "released", *COLUMN_BY_KEY}
STATUS_ORDER = list(ReportStatus.values)


@dataclass
class Cell:
    """One town's figure of a column, with last year's beside it."""

    column: Column
    value: int | Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    previous: int | Decimal | None = None
    url: str = ""
    previous_numerator: int | None = None
    previous_denominator: int | None = None

    @property
    def change(self) -> int | Decimal | None:
        """Change against last year: a difference of counts, or of rates in 百分点."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class TownRow:
    town: Organization
    cells: dict[str, Cell]
    report: AnnualReport | None = None

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else "未建立"

    @property
    def status_badge(self) -> str:
        return self.report.status_badge if self.report else "light"

    @property
    def released_on(self) -> datetime.date | None:
        return self.report.publicly_released_on if self.report else None


@dataclass
class Comparison:
    district: Organization
    year: int
    rows: list[TownRow]
    totals: dict[str, Cell] = field(default_factory=dict)


def district_towns(district: Organization):
    """The district's own towns and streets (镇街), by name."""
    return Organization.objects.filter(parent=district).order_by("name")


def _town_url(url: str, town: Organization) -> str:
    """A figure's list link, narrowed to one town (core.mixins: ?org= of a district user)."""
    if not url:
        return ""
    return f"{url}{'&' if '?' in url else '?'}org={town.pk}"


def _cell(column: Column, figures: dict, previous: dict, town: Organization) -> Cell:
    figure = figures.get(column.figure)
    before = previous.get(column.figure)
    value = figure.value if figure is not None else FigureValue(None)
    last = before.value if before is not None else FigureValue(None)
    return Cell(
        column=column,
        value=value.value,
        numerator=value.numerator,
        denominator=value.denominator,
        previous=last.value,
        url=_town_url(figure.url, town) if figure is not None else "",
        previous_numerator=last.numerator,
        previous_denominator=last.denominator,
    )


def _sum(values) -> int | Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _total(column: Column, cells: list[Cell]) -> Cell:
    """A count: the sum. A rate: Σ numerators ÷ Σ denominators (FigureValue.rate), this
    year's and last year's alike — never an average of the towns' rates."""
    if not column.rate:
        return Cell(column, _sum(c.value for c in cells), previous=_sum(c.previous for c in cells))
    now = FigureValue.rate(sum(c.numerator or 0 for c in cells), sum(c.denominator or 0 for c in cells))
    before = FigureValue.rate(
        sum(c.previous_numerator or 0 for c in cells), sum(c.previous_denominator or 0 for c in cells)
    )
    return Cell(column, now.value, now.numerator, now.denominator, previous=before.value)


def comparison(district: Organization, year: int, sort: str = "") -> Comparison:
    towns = list(district_towns(district))
    figures = many_year_figures(towns, [year, year - 1])
    reports = {r.organization_id: r for r in AnnualReport.objects.filter(organization__in=towns, year=year)}
    rows = []
    for town in towns:
        current, previous = figures[(town.pk, year)], figures[(town.pk, year - 1)]
        cells = {c.key: _cell(c, current, previous, town) for c in COLUMNS}
        rows.append(TownRow(town=town, cells=cells, report=reports.get(town.pk)))

    totals = {c.key: _total(c, [row.cells[c.key] for row in rows]) for c in COLUMNS}
    return Comparison(district=district, year=year, rows=sort_rows(rows, sort), totals=totals)


def sort_rows(rows: list[TownRow], sort: str) -> list[TownRow]:
    """Sorted by a whitelisted column; an empty figure goes last either way."""
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key not in SORT_KEYS or key == "town":
        return sorted(rows, key=lambda r: r.town.name, reverse=descending)

    def value(row: TownRow):
        if key == "status":
            # Workflow order: 未建立, 起草, 送审, 审定, 发布.
            return STATUS_ORDER.index(row.report.status) + 1 if row.report else 0
        if key == "released":
            return row.released_on
        return row.cells[key].value

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    return sorted(present, key=value, reverse=descending) + missing


# ---------------------------------------------------------------- the report tracker


@dataclass
class ReportRow:
    town: Organization
    report: AnnualReport | None
    submission_deadline: datetime.date
    publication_deadline: datetime.date
    today: datetime.date

    @property
    def secrecy_review(self) -> SecrecyReview | None:
        return self.report.current_secrecy_review if self.report else None

    @property
    def sent_on(self) -> datetime.date | None:
        return self.report.sent_to_district_on if self.report else None

    @property
    def released_on(self) -> datetime.date | None:
        return self.report.publicly_released_on if self.report else None

    @property
    def published_at(self) -> datetime.datetime | None:
        return getattr(self.report, "last_published_at", None) if self.report else None

    @staticmethod
    def _late(done_on: datetime.date | None, deadline: datetime.date, today: datetime.date) -> bool:
        # Late: done after the deadline, or not done and the deadline has passed.
        return done_on > deadline if done_on is not None else today > deadline

    @property
    def sending_overdue(self) -> bool:
        return self._late(self.sent_on, self.submission_deadline, self.today)

    @property
    def release_overdue(self) -> bool:
        return self._late(self.released_on, self.publication_deadline, self.today)

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else "未建立"

    @property
    def is_published(self) -> bool:
        return self.report is not None and self.report.status == ReportStatus.PUBLISHED


def report_tracker(district: Organization, year: int, today: datetime.date) -> list[ReportRow]:
    towns = list(district_towns(district))
    reports = AnnualReport.objects.filter(organization__in=towns, year=year).annotate(
        last_published_at=Max("revisions__published_at")
    )
    reports = reports.prefetch_related(Prefetch("secrecy_reviews", queryset=SecrecyReview.objects.all()))
    by_town = {r.organization_id: r for r in reports}
    # The district sets one 报送 deadline for all its towns (reports.deadlines).
    send_by = submission_deadline(district, year)
    publish_by = publication_deadline(year)
    return [ReportRow(t, by_town.get(t.pk), send_by, publish_by, today) for t in towns]
