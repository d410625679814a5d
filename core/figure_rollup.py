"""The figures of a district (区): its towns' figures added up, never re-entered.

"最多报一次": a district records nothing of its own for the registry's figures; its yearly
figures are those of its 镇街 (Organization.parent) taken together:

- a count or an amount is the sum of the towns' values;
- a rate is computed again from the summed numerators and denominators — never an
  average of the towns' rates (a town with 788 disputes weighs more than one with 12);
- a breakdown (纠纷类别分布 …, 负责人出庭应诉率 per 审级) is added up label by label, its
  rates again from summed numerators and denominators;
- narrative items (下一年度工作打算) are a town's own plans, not the district's: none.

Each town's figures come from its own cache entry (core.figure_cache), so a write in one
town recomputes that town only, and reading a district costs the same few queries for 2 or
for 10 towns: the towns, their version tokens, one multi-key cache read (a query with the
database cache backend), then one computation for each town whose entry is missing.
"""

from __future__ import annotations

from core import figures as core_figures

# accounts.Organization.Kind.DISTRICT (core never imports an app; the value is the contract).
DISTRICT = "district"


def is_district(organization) -> bool:
    return getattr(organization, "kind", None) == DISTRICT


def towns_of(organization) -> list:
    """The district's 镇街, in name order (one query)."""
    return list(type(organization).objects.filter(parent=organization).order_by("name"))


def district_figures(organization, year: int) -> dict[str, core_figures.ResolvedFigure]:
    """The district's figures of the year: its towns' figures aggregated (module docstring)."""
    from core import figure_cache

    per_town = figure_cache.many_year_figures(towns_of(organization), [year])
    return aggregate(list(per_town.values()), year)


def aggregate(towns: list[dict[str, core_figures.ResolvedFigure]], year: int) -> dict[str, core_figures.ResolvedFigure]:
    """Several towns' figures of one year as one organization's."""
    keys: dict[str, core_figures.FigureDef] = {}
    for figures in towns:
        for key, resolved in figures.items():
            keys.setdefault(key, resolved.definition)
    result = {}
    for key, definition in keys.items():
        values = [figures[key].value for figures in towns if key in figures]
        result[key] = core_figures.ResolvedFigure(definition, combine(values), year)
    return result


def combine(values: list[core_figures.FigureValue]) -> core_figures.FigureValue:
    """One figure of several towns: summed, or a rate of summed numerators/denominators."""
    FigureValue = core_figures.FigureValue
    urls = {v.url for v in values}
    url = urls.pop() if len(urls) == 1 else ""  # a list filter all towns share; else the figure's own
    breakdown = _combine_breakdowns([v.breakdown for v in values if v.breakdown is not None])
    if values and all(v.denominator is not None for v in values):
        numerator = sum(v.numerator or 0 for v in values)
        denominator = sum(v.denominator for v in values)
        return FigureValue.rate(numerator, denominator, url=url, breakdown=breakdown)
    present = [v.value for v in values if v.value is not None]
    total = sum(present, start=0) if present else None
    definition = next((v.definition for v in values if v.definition is not None), None)
    return FigureValue(total, url=url, breakdown=breakdown, definition=definition)


def _combine_breakdowns(breakdowns: list[dict]) -> dict | None:
    if not breakdowns:
        return None
    labels: list = []
    for breakdown in breakdowns:
        labels += [label for label in breakdown if label not in labels]
    result = {}
    for label in labels:
        parts = [b[label] for b in breakdowns if label in b]
        if all(isinstance(p, core_figures.FigureValue) for p in parts):
            result[label] = combine(parts)
        else:
            result[label] = sum(p.value if isinstance(p, core_figures.FigureValue) else p for p in parts)
    return result
