from __future__ import annotations

from django.db.models import QuerySet

from indicators.models import IndicatorDefinition, IndicatorValue


def definitions(organization) -> QuerySet[IndicatorDefinition]:
    return IndicatorDefinition.objects.filter(organization=organization).select_related("department")


def active_definitions(organization) -> QuerySet[IndicatorDefinition]:
    return definitions(organization).filter(is_active=True)


def yearly_rows(organization, year: int, include_inactive: bool = False) -> list[tuple]:
    """(definition, value or None) for every definition of the town, in order: two queries."""
    return yearly_rows_of_years(organization, [year], include_inactive)[year]


def yearly_rows_of_years(organization, years, include_inactive: bool = False) -> dict[int, list[tuple]]:
    """yearly_rows() of several years, keyed by year: still two queries (the definitions, and the
    values of all the years)."""
    defs = list(definitions(organization) if include_inactive else active_definitions(organization))
    values = {year: {} for year in years}
    for value in IndicatorValue.objects.filter(organization=organization, year__in=years).select_related("definition"):
        values[value.year][value.definition_id] = value
    return {year: [(d, values[year].get(d.pk)) for d in defs if d.is_active or d.pk in values[year]] for year in years}


def value_years(organization) -> list[int]:
    years = IndicatorValue.objects.filter(organization=organization).order_by().values_list("year", flat=True)
    return sorted(set(years), reverse=True)
