"""其他年度数据: the standard indicator definitions of every town and a value for every year."""

from __future__ import annotations

from bench.gen.common import Context, bulk
from indicators.models import IndicatorDefinition, IndicatorValue
from indicators.services import standard_definitions_create


def generate(ctx: Context) -> None:
    for town in ctx.towns:
        rng = ctx.rng("indicators", town.code)
        org = town.organization
        standard_definitions_create(organization=org, departments=town.departments)
        definitions = list(IndicatorDefinition.objects.filter(organization=org).order_by("order"))
        # A year before a value the town already has (八桥镇's demo year): a little below it.
        known = {
            (v.definition_id, v.year): v.value
            for v in IndicatorValue.objects.filter(organization=org, year__in=ctx.years)
        }
        rows = []
        for year in ctx.years:
            if ctx.skip(town, year) or year == ctx.today.year:
                continue  # this year's values are filled in at year end
            growth = 1 + (year - ctx.first_year) * 0.06
            for definition in definitions:
                if (definition.pk, year) in known:
                    continue
                base = {"家": 120, "个": 10, "件": 40, "名": 3}.get(definition.unit, 20)
                value = round(base * growth * rng.uniform(0.7, 1.3))
                if (definition.pk, year + 1) in known:
                    value = round(float(known[(definition.pk, year + 1)]) * rng.uniform(0.8, 1.0))
                rows.append(
                    IndicatorValue(
                        organization=org, year=year, definition=definition, value=value, source="年度工作台账"
                    )
                )
        bulk(IndicatorValue, rows, ctx)
