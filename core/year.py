"""The one year context of the portal: the year a person picked anywhere is the default everywhere.

A page that shows one year (the dashboard, a ledger's year filter, goals, indicators,
reports) calls `current_year(request)` for its default instead of "this year" or
"last year". The year comes, in this order, from:

1. `?year=` of this request (YearMemoryMiddleware has already remembered it);
2. the year remembered in the session (picked on an earlier page);
3. the latest year in which most of the town's ledgers have records, so a fresh install
   with the 2023 demo opens on 2023 rather than on a nearly empty current year
   (computed once, when the person signs in: `remember_latest_year`);
4. this year.

`picked_year(request)` is the year the person picked themselves (steps 1–2 after a
`?year=`), or None: a ledger list, which otherwise shows every year, and the district's
pages, which otherwise open on the year being reported, follow it.

`year_choices(request)` gives the years a selector offers: contiguous, newest first,
from FIRST_YEAR (or an older chosen year) to this year (or a later chosen year), so
the chosen year is always among them.

Core never imports an app: the latest record year is read from every installed model
that belongs to an organization directly and has a `year` field or a date field.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.apps import apps
from django.db import connections, models, router
from django.db.models import F, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone

from core.filters import YEAR_MAX, YEAR_MIN
from core.params import get_year

# The platform's records start in 2020; a selector offers no fewer years than these.
FIRST_YEAR = 2020
SESSION_KEY = "portal_year"
# Set when the person picked the year (a `?year=` on any page), not the sign-in default.
PICKED_KEY = "portal_year_picked"
# Apps whose rows describe the portal itself, not a year's work.
NOT_RECORDS = {"accounts", "core", "admin", "auth", "contenttypes", "sessions", "axes", "dashboard"}


def _today() -> datetime.date:
    return timezone.localdate()


def _bounds() -> tuple[int, int]:
    """Years a person may pick: anything a ledger can hold, up to next year (plans)."""
    return YEAR_MIN, min(YEAR_MAX, _today().year + 1)


def requested_year(request) -> int | None:
    """The valid `?year=` of this request, or None."""
    low, high = _bounds()
    return get_year(request.GET, default=None, min_value=low, max_value=high)


def remember(request, year: int, *, picked: bool = False) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.get(SESSION_KEY) != year:
        session[SESSION_KEY] = year
    if picked and not session.get(PICKED_KEY):
        session[PICKED_KEY] = True


def picked_year(request) -> int | None:
    """The year the person picked — on this request or earlier in the session — or None.

    A ledger list, which otherwise shows every year, narrows to this one: once someone
    has picked 2023 on the dashboard, the ledgers open on 2023 too. The sign-in default
    (step 3 above) is not a pick, so a first look at a ledger still shows all of it.
    """
    year = requested_year(request)
    if year is not None:
        return year
    session = getattr(request, "session", None)
    if session is not None and session.get(PICKED_KEY):
        return current_year(request)
    return None


def _year_source(model) -> tuple[str, bool] | None:
    """(field name, is a date) that says which year a row belongs to, or None."""
    for field in model._meta.concrete_fields:
        if field.name == "year" and isinstance(field, models.IntegerField):
            return "year", False
    for field in model._meta.concrete_fields:
        if (
            type(field) is models.DateField  # not DateTimeField (created_at), a subclass
            and not (field.auto_now or field.auto_now_add)
        ):
            return field.name, True
    return None


def _record_models():
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in NOT_RECORDS or meta.model_name.startswith("historical"):
            continue
        names = {f.name for f in meta.concrete_fields}
        if "organization" not in names:
            continue
        source = _year_source(model)
        if source is not None:
            yield model, source


# Stand-ins the sign-in query is compiled with once per database; each run puts the town's id
# and the year's bounds in their places (_years_per_ledger). Within every field's range: Django
# drops a comparison with a value a column cannot hold (a negative year) from the SQL.
_TOWN, _YEAR, _DAY = 987_654_321, 30_011, datetime.date(1, 1, 2)


class _YearsQuery(NamedTuple):
    sql: str
    params: list
    town: list[int]  # positions of the town's id among the parameters
    year: list[int]  # of the last year (ledgers with a `year` column)
    day: list[int]  # of the year's last day (ledgers with a date)


_compiled: dict[str, _YearsQuery | None] = {}


def _years_query(using: str) -> _YearsQuery | None:
    """The UNION ALL of each ledger's distinct years, compiled with the stand-ins, and where
    each stand-in sits among its parameters (found once here, checked: one town and one bound
    per ledger, so nothing else is ever replaced)."""
    parts, dated = [], 0
    for index, (model, (field, is_date)) in enumerate(_record_models()):
        queryset = model._default_manager.using(using).filter(organization_id=_TOWN).order_by()
        if is_date:
            queryset = queryset.filter(**{f"{field}__lte": _DAY})
            year = ExtractYear(field)
            dated += 1
        else:
            queryset = queryset.filter(**{f"{field}__lte": _YEAR})
            year = F(field)
        ledger = Value(index, output_field=models.IntegerField())
        parts.append(queryset.annotate(ledger=ledger, record_year=year).values_list("ledger", "record_year").distinct())
    if not parts:
        return None
    sql, params = parts[0].union(*parts[1:], all=True).query.get_compiler(using).as_sql()
    day = connections[using].ops.adapt_datefield_value(_DAY)  # a date, or its text on SQLite
    town = [i for i, p in enumerate(params) if type(p) is int and p == _TOWN]
    year = [i for i, p in enumerate(params) if type(p) is int and p == _YEAR]
    days = [i for i, p in enumerate(params) if type(p) is type(day) and p == day]
    if (len(town), len(year), len(days)) != (len(parts), len(parts) - dated, dated):
        raise RuntimeError("the sign-in year query did not compile as expected")
    return _YearsQuery(sql, list(params), town, year, days)


def _years_per_ledger(organization, this_year: int) -> list[set[int]]:
    """The years, not after this year, in which each ledger has records of the town: one set
    per ledger that has any. One query (a UNION ALL of each ledger's distinct years), since it
    runs at every sign-in; compiled once per database and process (building the ORM queries of
    the sixteen ledgers took ~14 ms of each sign-in's ~15)."""
    using = router.db_for_read(organization.__class__)
    if using not in _compiled:
        _compiled[using] = _years_query(using)
    query = _compiled[using]
    if query is None:
        return []
    connection = connections[using]
    params = list(query.params)
    for position in query.town:
        params[position] = organization.pk
    for position in query.year:
        params[position] = this_year
    last_day = connection.ops.adapt_datefield_value(datetime.date(this_year, 12, 31))
    for position in query.day:
        params[position] = last_day
    per_ledger: dict[int, set[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(query.sql, params)
        for index, year in cursor.fetchall():
            per_ledger.setdefault(index, set()).add(int(year))
    return list(per_ledger.values())


def latest_record_year(organization) -> int | None:
    """The latest year, not after this year, in which most of the town's ledgers have records.

    "Most" (at least half of the ledgers holding any record) rather than "any": a few
    cases of the current weeks do not make a year. The 2023 demo, which adds a handful
    of live disputes around today so the alerts show something, opens on 2023; a real
    town opens on last year in January, while last year's report is being written, and
    on this year once most ledgers have this year's records.
    """
    if organization is None:
        return None
    per_ledger = _years_per_ledger(organization, _today().year)
    for year in sorted(set().union(*per_ledger), reverse=True):
        if 2 * sum(year in years for years in per_ledger) >= len(per_ledger):
            return year
    return None


def current_year(request) -> int:
    """The year this page shows by default (see the module docstring)."""
    year = requested_year(request)
    if year is not None:
        return year
    session = getattr(request, "session", None)
    low, high = _bounds()
    if session is not None:
        stored = session.get(SESSION_KEY)
        if isinstance(stored, int) and low <= stored <= high:
            return stored
    user = getattr(request, "user", None)
    organization = getattr(user, "organization", None) if user is not None and user.is_authenticated else None
    year = latest_record_year(organization) or _today().year
    if organization is not None:
        remember(request, year)
    return year


def year_choices(request, chosen: int | None = None) -> list[int]:
    """Contiguous years, newest first, always including `chosen` (default: current_year)."""
    chosen = current_year(request) if chosen is None else chosen
    this_year = _today().year
    return list(range(max(this_year, chosen), min(FIRST_YEAR, chosen) - 1, -1))


def remember_latest_year(sender, request, user, **kwargs) -> None:
    """On login (user_logged_in): the session starts on the town's latest year with records.

    Done here, once, rather than on the first page, so no page pays for the look-up.
    """
    if request is None or getattr(request, "session", None) is None:
        return
    organization = getattr(user, "organization", None)
    remember(request, latest_record_year(organization) or _today().year)


class YearMemoryMiddleware:
    """Remembers a valid `?year=` in the session, whichever page it was picked on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method == "GET" and user is not None and user.is_authenticated:
            year = requested_year(request)
            if year is not None:
                remember(request, year, picked=True)
        return self.get_response(request)
