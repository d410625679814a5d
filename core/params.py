"""Bounded reads of the GET parameters a view uses directly, not through a FilterSet
(`?year=` of a summary page, `?days=` of the deadlines, `?after=` of a new section…).

Each helper answers a value within the bounds of core/filters.py, or the default:
these parameters pick what a page shows rather than filter a list, so a bad
value falls back quietly instead of erroring. Nothing typed in a URL reaches the
database unchecked (`int('9' * 30)` overflows SQLite, `date(99999, 1, 1)` raises).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError

from core.filters import BIGINT_MAX, BIGINT_MIN, YEAR_MAX, YEAR_MIN, BoundedIntegerField

T = TypeVar("T")


def _clean(field: forms.Field, raw, default: T) -> T:
    try:
        value = field.clean(raw)
    except ValidationError:
        return default
    return default if value is None else value


def get_int(
    params: Mapping, name: str, *, default: T = None, min_value: int = BIGINT_MIN, max_value: int = BIGINT_MAX
) -> int | T:
    field = BoundedIntegerField(min_value=min_value, max_value=max_value, required=False)
    return _clean(field, params.get(name), default)


def get_year(
    params: Mapping, name: str = "year", *, default: T, min_value: int = YEAR_MIN, max_value: int = YEAR_MAX
) -> int | T:
    return get_int(params, name, default=default, min_value=min_value, max_value=max_value)


def get_id(params: Mapping, name: str) -> int | None:
    """A primary key: a positive 64-bit integer, or None."""
    return get_int(params, name, default=None, min_value=1, max_value=BIGINT_MAX)


def get_choice(params: Mapping, name: str, choices: Iterable[str], *, default: str = "") -> str:
    value = params.get(name, default)
    return value if value in set(choices) else default
