from __future__ import annotations

from django.db.models import QuerySet

from indicators.models import IndicatorDefinition, IndicatorValue


def definitions(organization) -> QuerySet[IndicatorDefinition]:
    return IndicatorDefinition.objects.filter(organization=organization).select_related("department")


def active_definitions(organization) -> QuerySet[IndicatorDefinition]:
    return definitions(organization).filter(is_active=True)


def values_of_year(organization, year: int) -> dict[int, IndicatorValue]:
    """{definition id: value} of one year: one query."""
    queryset = IndicatorValue.objects.filter(organization=organization, year=year).select_related("definition")
    return {v.definition_id: v for v in queryset}


def yearly_rows(organization, year: int, include_inactive: bool = False) -> list[tuple]:
    """(definition, value or None) for every definition of the town, in order: two queries."""
    defs = definitions(organization) if include_inactive else active_definitions(organization)
    values = values_of_year(organization, year)
    return [(d, values.get(d.pk)) for d in defs if d.is_active or d.pk in values]


def value_years(organization) -> list[int]:
    years = IndicatorValue.objects.filter(organization=organization).order_by().values_list("year", flat=True)
    return sorted(set(years), reverse=True)
