"""Reads of the publicity pages and figures, scoped to one organization."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from publicity.models import GridMonthlyEntry, LegalEducationEvent, LegalLiaison


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def events(organization) -> QuerySet[LegalEducationEvent]:
    return LegalEducationEvent.objects.filter(organization=organization).select_related("community")


def event_totals(queryset) -> dict:
    return queryset.aggregate(count=Count("pk"), people=Coalesce(Sum("participants"), 0))


def liaisons(organization) -> QuerySet[LegalLiaison]:
    return LegalLiaison.objects.filter(organization=organization).select_related("community")


def active_on_q(day: datetime.date) -> Q:
    """在册 on `day`: trained by then and not yet withdrawn."""
    return Q(trained_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def entries(organization) -> QuerySet[GridMonthlyEntry]:
    return GridMonthlyEntry.objects.filter(organization=organization).select_related("grid", "grid__community")


# Keys differ from the field names: an aggregate may not shadow a field.
ENTRY_SUMS = {
    "households": Coalesce(Sum("households_visited"), 0),
    "suggested": Coalesce(Sum("suggestions"), 0),
    "found": Coalesce(Sum("problems_found"), 0),
    "solved": Coalesce(Sum("problems_solved"), 0),
}


def entry_totals(queryset) -> dict:
    return queryset.aggregate(count=Count("pk"), grids=Count("grid", distinct=True), **ENTRY_SUMS)


def grid_year_summary(organization, year: int):
    """One row per grid with work recorded in the year: sums and the number of months filed."""
    return (
        GridMonthlyEntry.objects.filter(organization=organization, year=year)
        .values("grid", "grid__name", "grid__community__name", "grid__keeper")
        .annotate(months=Count("pk"), **ENTRY_SUMS)
        .order_by("grid__community__name", "grid_id")  # grids in creation order: 第2网格 before 第10网格
    )


def publicity_figures_of_years(organization, years) -> dict[int, dict]:
    """Everything figures.py publishes, for several years, keyed by year: three aggregate queries
    (each groups or filters by year), so the dashboard's year and the one before cost what one did."""
    years = sorted(set(years))
    mock = Q(kind=LegalEducationEvent.Kind.MOCK_TRIAL)
    event_sums, liaison_counts, in_years = {}, {}, Q()
    for year in years:
        in_year = Q(date__range=(datetime.date(year, 1, 1), year_end(year)))
        in_years |= in_year
        event_sums.update(
            {
                f"count_{year}": Count("pk", filter=in_year),
                f"people_{year}": Coalesce(Sum("participants", filter=in_year), 0),
                f"mock_count_{year}": Count("pk", filter=in_year & mock),
                f"mock_participants_{year}": Coalesce(Sum("participants", filter=in_year & mock), 0),
            }
        )
        liaison_counts[f"liaisons_{year}"] = Count("pk", filter=active_on_q(year_end(year)))
    events = LegalEducationEvent.objects.filter(in_years, organization=organization).aggregate(**event_sums)
    liaisons = LegalLiaison.objects.filter(organization=organization).aggregate(**liaison_counts)
    no_entries = {"count": 0, "grids": 0, **dict.fromkeys(ENTRY_SUMS, 0)}
    grids = {
        row.pop("year"): row
        for row in GridMonthlyEntry.objects.filter(organization=organization, year__in=years)
        .values("year")
        .annotate(count=Count("pk"), grids=Count("grid", distinct=True), **ENTRY_SUMS)
        .order_by()
    }
    return {
        year: {
            "events": {key.rsplit("_", 1)[0]: value for key, value in events.items() if key.endswith(f"_{year}")},
            "liaisons": liaisons[f"liaisons_{year}"],
            "grid": grids.get(year, no_entries),
        }
        for year in years
    }
