"""The registry of named yearly figures (指标).

Each data app publishes its figures in its own `figures.py`:

    from core.figures import FigureDef, FigureValue, registry

    @registry.provider(
        "enforcement",
        [
            FigureDef("持证人数", "持有有效行政执法证人数", "人", url_name="enforcement:officer_list"),
            ...
        ],
    )
    def compute(organization, year) -> dict[str, FigureValue]:
        ...  # a few aggregate queries, never one query per row

`reports` and the dashboard read figures only through `registry`; they never
import a data app's models. A provider computes all its figures at once so a
page that shows every figure costs a fixed number of queries.

Keys are the Chinese names staff type in report placeholders (【持证人数】), so
they must be unique across apps; the registry refuses a duplicate.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class FigureDef:
    key: str
    label: str
    unit: str = ""
    url_name: str = ""
    # Extra query parameters of the list behind the figure; "{year}" is filled in.
    url_params: dict = field(default_factory=dict)
    description: str = ""
    # "count" | "rate" (numerator/denominator, value in %) | "amount"
    kind: str = "count"
    app_label: str = ""

    def url(self, year: int) -> str:
        if not self.url_name:
            return ""
        try:
            base = reverse(self.url_name)
        except NoReverseMatch:
            return ""
        params = {k: str(v).format(year=year) for k, v in self.url_params.items()}
        return f"{base}?{urlencode(params)}" if params else base


@dataclass
class FigureValue:
    value: int | Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    url: str = ""  # overrides FigureDef.url() when the list needs other filters
    breakdown: dict | None = None  # e.g. {"婚姻家庭": 120, ...} for charts
    # Narrative items a report section can list, e.g. next year's plans:
    # [{"title": "深入开展普法宣传", "text": "积极开展多种形式的普法宣传活动。…"}]
    items: list | None = None
    # Set by a provider for a key it defines at run time (the indicators app's managed
    # list): the figure is published under this definition, unless another app owns the key.
    definition: FigureDef | None = None

    @classmethod
    def rate(cls, numerator: int, denominator: int, **kwargs) -> FigureValue:
        """A percentage with its numerator and denominator; None when nothing to divide."""
        if not denominator:
            return cls(None, numerator=numerator, denominator=denominator, **kwargs)
        value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return cls(value, numerator=numerator, denominator=denominator, **kwargs)


@dataclass
class ResolvedFigure:
    definition: FigureDef
    value: FigureValue
    year: int

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def url(self) -> str:
        return self.value.url or self.definition.url(self.year)


Provider = Callable[..., dict]
# One sequence for every registry (a test's fake one too), so two registries never share a
# generation; the real registry's is the same in every process (apps register in order).
_generations = itertools.count(1)


class FigureRegistry:
    def __init__(self):
        self._definitions: dict[str, FigureDef] = {}
        self._providers: list[tuple[str, list[FigureDef], Provider]] = []
        # Changes whenever the providers do: part of the figure cache's key
        # (core.figure_cache), so a test's fake providers never read real figures.
        self.generation = next(_generations)

    def provider(self, app_label: str, definitions: list[FigureDef]):
        def decorator(func: Provider) -> Provider:
            self.register(app_label, definitions, func)
            return func

        return decorator

    def register(self, app_label: str, definitions: list[FigureDef], func: Provider) -> None:
        stamped = []
        for definition in definitions:
            if definition.key in self._definitions:
                raise ValueError(f"指标键重复：{definition.key}")
            definition = FigureDef(**{**definition.__dict__, "app_label": app_label})
            self._definitions[definition.key] = definition
            stamped.append(definition)
        self._providers.append((app_label, stamped, func))
        self.generation = next(_generations)

    @contextmanager
    def isolated(self, keep: bool = False) -> Iterator[FigureRegistry]:
        """For tests: an empty registry inside the block (register fakes freely),
        the real providers restored afterwards, whatever the apps registered.
        With keep=True the block starts from a copy of the real providers."""
        saved = self._definitions, self._providers
        self._definitions, self._providers = (dict(saved[0]), list(saved[1])) if keep else ({}, [])
        self.generation = next(_generations)
        try:
            yield self
        finally:
            self._definitions, self._providers = saved
            self.generation = next(_generations)

    def definitions(self) -> list[FigureDef]:
        return list(self._definitions.values())

    def get(self, key: str) -> FigureDef | None:
        return self._definitions.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._definitions

    def compute(self, organization, year: int, apps: list[str] | None = None) -> dict[str, ResolvedFigure]:
        """Every figure of the year, one provider call per app."""
        result: dict[str, ResolvedFigure] = {}
        for app_label, definitions, func in self._providers:
            if apps is not None and app_label not in apps:
                continue
            self._resolve(result, app_label, definitions, func(organization, year), year)
        return result

    def compute_years(self, organization, years) -> dict[int, dict[str, ResolvedFigure]]:
        """compute() of several years. A provider with a `many_years(organization, years)`
        attribute (returning {year: values}) is called once for them all — the dashboard's
        year and the one before cost one pass over its records, not two; the others once
        per year. The same figures as compute() year by year (core/tests/test_figures.py)."""
        years = sorted(set(years))
        result: dict[int, dict[str, ResolvedFigure]] = {year: {} for year in years}
        if not years:
            return result
        for app_label, definitions, func in self._providers:
            many = getattr(func, "many_years", None)
            by_year = many(organization, years) if many else {year: func(organization, year) for year in years}
            for year in years:
                self._resolve(result[year], app_label, definitions, by_year[year], year)
        return result

    def _resolve(self, result: dict, app_label: str, definitions: list[FigureDef], values: dict, year: int) -> None:
        """A provider's values of one year as ResolvedFigures, added to `result`."""
        for definition in definitions:
            value = values.get(definition.key)
            if value is None:
                value = FigureValue(None)
            elif not isinstance(value, FigureValue):
                value = FigureValue(value)
            result[definition.key] = ResolvedFigure(definition, value, year)
        for key, value in values.items():
            extra = getattr(value, "definition", None)
            if extra is None or key in result or key in self._definitions:
                continue
            result[key] = ResolvedFigure(FigureDef(**{**extra.__dict__, "app_label": app_label}), value, year)


registry = FigureRegistry()
