"""Figures of indicators/: every active definition's key with its value of the year (two queries).

The standard keys (catalogue.py, docs/figures.md) are registered at start-up;
keys a town adds later are published at run time through FigureValue.definition.
"""

from core.figures import FigureDef, FigureValue, registry
from indicators.catalogue import STANDARD_INDICATORS, STANDARD_KEYS
from indicators.models import display_number
from indicators.selectors import yearly_rows

URL = "indicators:yearly"
YEAR = {"year": "{year}"}


@registry.provider(
    "indicators",
    [FigureDef(i.key, i.label, i.unit, url_name=URL, url_params=YEAR, kind="amount") for i in STANDARD_INDICATORS],
)
def compute(organization, year):
    result = {}
    for definition, value in yearly_rows(organization, year):
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
