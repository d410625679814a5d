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


def publicity_figures(organization, year: int) -> dict:
    """Everything figures.py publishes, in three aggregate queries."""
    start, end = datetime.date(year, 1, 1), year_end(year)
    mock = Q(kind=LegalEducationEvent.Kind.MOCK_TRIAL)
    ev = LegalEducationEvent.objects.filter(organization=organization, date__range=(start, end)).aggregate(
        count=Count("pk"),
        people=Coalesce(Sum("participants"), 0),
        mock_count=Count("pk", filter=mock),
        mock_participants=Coalesce(Sum("participants", filter=mock), 0),
    )
    liaison_count = LegalLiaison.objects.filter(organization=organization).filter(active_on_q(end)).count()
    grid = entry_totals(GridMonthlyEntry.objects.filter(organization=organization, year=year))
    return {"events": ev, "liaisons": liaison_count, "grid": grid}
