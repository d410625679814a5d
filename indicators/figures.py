"""Figures of indicators/: every active definition's key with its value of the year (two queries).

The standard keys (catalogue.py, docs/figures.md) are registered at start-up;
keys a town adds later are published at run time through FigureValue.definition.
"""

from core.figures import FigureDef, FigureValue, registry
from indicators.catalogue import STANDARD_INDICATORS, STANDARD_KEYS
from indicators.models import display_number
from indicators.selectors import yearly_rows_of_years

URL = "indicators:yearly"
YEAR = {"year": "{year}"}


@registry.provider(
    "indicators",
    [FigureDef(i.key, i.label, i.unit, url_name=URL, url_params=YEAR, kind="amount") for i in STANDARD_INDICATORS],
)
def compute(organization, year):
    return compute_years(organization, [year])[year]


def compute_years(organization, years) -> dict[int, dict[str, FigureValue]]:
    """The figures of several years in the same two queries as one."""
    return {year: _year_values(rows) for year, rows in yearly_rows_of_years(organization, sorted(set(years))).items()}


compute.many_years = compute_years


def _year_values(rows) -> dict[str, FigureValue]:
    result = {}
    for definition, value in rows:
        figure = FigureValue(display_number(value.value) if value else None)
        if definition.key not in STANDARD_KEYS:
            figure.definition = FigureDef(
                definition.key,
                definition.label,
                definition.unit,
                url_name=URL,
                url_params=YEAR,
                description=definition.description,
                kind="amount",
            )
        result[definition.key] = figure
    return result
