"""The figures of a year (指标), computed once per change of the records behind them.

`year_figures(organization, year)` is the one notion of "the figures of a year" that the
dashboard, the report pages, the draft PDF and the 审定 snapshot (reports.services) read.
It is `registry.compute()` kept in Django's cache under the organization's
`FigureVersion` token; `town_alerts(organization, today)` keeps the data apps' alerts (提醒)
the same way, for the day. So:

- a write never leaves a stale figure: every save, delete and many-to-many change of a
  record of a data app (post_save / post_delete / m2m_changed below), and every audited
  bulk write (`core.audit.log_event` with action import/workflow), replaces the token in
  the same transaction, and the next page computes afresh;
- the token is per organization, not per (organization, year): a record often counts in
  several years (a certificate valid 2021–2026 counts in 持证人数 of each; a dispute
  accepted in December and concluded in January; a child row such as a 当事人 or a
  参训记录 has no date of its own), so a write replaces the token of all the town's years.
  The cost is one recomputation of last year (the dashboard's comparison) after a write;
- the key holds today's date: this year's figures are "as of today" (即将到期证件,
  超30日未结), so they are recomputed at least once a day;
- a record without a town (a 放假安排 day: the deadlines of every town move) replaces
  every token, and so does `migrate` (a deployment may change how a figure is counted).

With several server processes the cache must be shared (database or Redis, as in
production); the token lives in the database, so even a per-process cache is never stale.
"""

from __future__ import annotations

import datetime
import functools
import threading
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import timezone

from core import figures as core_figures
from core.apps import data_app_labels

# The apps whose records feed the figures (docs/figures.md) are the data apps
# (core.apps.data_app_labels). Every app registering a provider must be one
# (core/tests/test_figure_cache.py checks it).
# Records of other apps a figure or an alert reads: town-owned ones (网格数), and national ones that
# move every town's figures (the 放假安排 decides 按期答复 deadlines).
# A 村（社区）'s name shows in 纠纷社区分布 and in a dispute's alert.
SOURCE_MODELS = {"accounts.grid", "accounts.community"}
GLOBAL_MODELS = {"core.holidayschedule", "core.holidayscheduleday"}
# Bulk writes that bypass save() are audited once with these actions (core.xlsx imports,
# goals carry-over): they replace the token too.
BULK_ACTIONS = {"import", "workflow"}
DEFAULT_TTL = 86400  # the key holds the date: nothing is kept past its day anyway
FORMAT = 1  # part of the key: bump when the cached objects change shape
_collecting = threading.local()  # one_bump_per_town(): the towns written so far, else None
_EVERY_TOWN = object()


def ttl() -> int:
    return int(getattr(settings, "FIGURE_CACHE_SECONDS", DEFAULT_TTL))


def _caching() -> bool:
    """False when the cache is turned off, and inside one_bump_per_town(): there the token does
    not change with each write, so a figure read midway must not be kept under it."""
    return ttl() > 0 and getattr(_collecting, "towns", None) is None


# ---------------------------------------------------------------- the version token


def token(organization_id: int) -> str:
    """The organization's current token (one query; two more the first time)."""
    from core.models import FigureVersion

    found = FigureVersion.objects.filter(organization_id=organization_id).values_list("token", flat=True)
    for value in found:
        return value
    FigureVersion.objects.bulk_create(
        [FigureVersion(organization_id=organization_id, token=uuid.uuid4().hex)], ignore_conflicts=True
    )
    return FigureVersion.objects.filter(organization_id=organization_id).values_list("token", flat=True).get()


def bump(organization_id: int | None) -> None:
    """Replace the token of one organization (None: of every organization)."""
    from core.models import FigureVersion

    new = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if organization_id is None:
        FigureVersion.objects.update(**new)
        return
    rows = FigureVersion.objects.filter(organization_id=organization_id)
    if not rows.update(**new):
        # First write of the town: the row may be created concurrently, so insert or
        # skip, then set the new token either way.
        FigureVersion.objects.bulk_create(
            [FigureVersion(organization_id=organization_id, token=new["token"])], ignore_conflicts=True
        )
        rows.update(**new)


# ---------------------------------------------------------------- cached reads


def key(
    organization_id: int, year: int, version: str, kind: str = "figures", today: datetime.date | None = None
) -> str:
    today = today or timezone.localdate()
    generation = core_figures.registry.generation
    return f"figures:{FORMAT}:{kind}:{organization_id}:{year}:{version}:{today.isoformat()}:{generation}"


def cached(
    organization_id: int,
    year: int,
    compute,
    *,
    kind: str = "figures",
    version: str | None = None,
    today: datetime.date | None = None,
):
    """compute() kept under the organization's token (one query for the token unless given,
    one cache read; with the database cache backend each is a query)."""
    if not _caching():
        return compute()
    version = version or token(organization_id)
    cache_key = key(organization_id, year, version, kind, today)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, ttl())
    return value


def year_figures(organization, year: int, *, version: str | None = None) -> dict[str, core_figures.ResolvedFigure]:
    """Every registered figure of the organization's year, from the cache when nothing
    behind it has changed. A district's are its towns' taken together (core.figure_rollup),
    each town from its own cache entry: the district has no records and no token of its own."""
    from core import figure_rollup

    if figure_rollup.is_district(organization):
        return figure_rollup.district_figures(organization, year)
    registry = core_figures.registry
    return cached(organization.pk, year, lambda: registry.compute(organization, year), version=version)


def years_figures(
    organization, years, *, version: str | None = None
) -> dict[int, dict[str, core_figures.ResolvedFigure]]:
    """year_figures() of several years of one organization (the dashboard: a year and the one
    before), keyed by year: one cache read for them all, and the years not cached computed
    together (registry.compute_years: a provider that can passes over its records once)."""
    from core import figure_rollup

    years = sorted(set(years))
    if figure_rollup.is_district(organization):
        return {year: figure_rollup.district_figures(organization, year) for year in years}
    registry = core_figures.registry
    if not _caching():
        return registry.compute_years(organization, years)
    version = version or token(organization.pk)
    keys = {year: key(organization.pk, year, version) for year in years}
    found = cache.get_many(list(keys.values()))
    missing = [year for year in years if keys[year] not in found]
    fresh = registry.compute_years(organization, missing) if missing else {}
    if fresh:
        cache.set_many({keys[year]: fresh[year] for year in missing}, ttl())
    return {year: fresh[year] if year in fresh else found[keys[year]] for year in years}


def many_year_figures(organizations, years) -> dict[tuple[int, int], dict[str, core_figures.ResolvedFigure]]:
    """year_figures() of several organizations and years at once, keyed (organization id, year).

    For a page comparing towns (district/): the tokens in one query and the cached figures
    in one cache read, whatever the number of towns; only a town whose records changed
    since its figures were cached is computed afresh (its providers' queries)."""
    from core.models import FigureVersion

    organizations, years = list(organizations), list(years)
    registry = core_figures.registry
    if not _caching():
        return {(o.pk, y): f for o in organizations for y, f in registry.compute_years(o, years).items()}
    ids = [o.pk for o in organizations]
    tokens = dict(FigureVersion.objects.filter(organization_id__in=ids).values_list("organization_id", "token"))
    for missing in set(ids) - set(tokens):
        tokens[missing] = token(missing)
    keys = {(o.pk, y): key(o.pk, y, tokens[o.pk]) for o in organizations for y in years}
    found = cache.get_many(list(keys.values()))
    result, fresh = {}, {}
    for organization in organizations:
        missing = [year for year in years if keys[(organization.pk, year)] not in found]
        computed = registry.compute_years(organization, missing) if missing else {}
        for year in years:
            cache_key = keys[(organization.pk, year)]
            if year in computed:
                value = fresh[cache_key] = computed[year]
            else:
                value = found[cache_key]
            result[(organization.pk, year)] = value
    if fresh:
        cache.set_many(fresh, ttl())
    return result


def town_alerts(organization, today: datetime.date, *, version: str | None = None) -> list:
    """Every current alert (提醒) of the town, unsorted: those of the data apps kept under the
    town's token and the day, like the figures (they read the same records, and "today" decides
    what is due); those of other apps — the 年度报告 provider, which reads whether the report
    is published — asked on every page."""
    from core.alerts import alert_registry

    labels = alert_registry.app_labels()
    data_apps = _source_apps()
    watched = [label for label in labels if label in data_apps]
    others = [label for label in labels if label not in data_apps]
    alerts = []
    if watched:
        alerts = cached(
            organization.pk,
            today.year,
            lambda: alert_registry.from_apps(organization, today, watched),
            kind="alerts:" + ",".join(watched),
            version=version,
            today=today,
        )
    return alerts + alert_registry.from_apps(organization, today, others)


# ---------------------------------------------------------------- what a write touches


def _label(model) -> str:
    return model._meta.label_lower


@functools.cache
def _source_apps() -> frozenset[str]:
    # Cached: asked on every save; the installed apps do not change while the process runs.
    return frozenset(data_app_labels())


def is_source(model) -> bool:
    meta = getattr(model, "_meta", None)
    if meta is None:
        return False
    return meta.app_label in _source_apps() or meta.label_lower in SOURCE_MODELS or meta.label_lower in GLOBAL_MODELS


def organization_of(instance, depth: int = 2) -> int | None:
    """The town a record belongs to: its own organization, else its parent's (a 当事人's
    dispute, a 参训记录's training). None when it cannot be told (every town is bumped)."""
    organization_id = getattr(instance, "organization_id", None)
    if organization_id is not None or depth == 0:
        return organization_id
    for field in instance._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or field.related_model is None:
            continue
        # Only a parent record of a data app (not, say, the user who entered the row: a
        # district user's town is not the record's).
        if not is_source(field.related_model):
            continue
        if getattr(instance, field.attname, None) is None:
            continue
        try:
            parent = getattr(instance, field.name)
        except field.related_model.DoesNotExist:
            continue  # deleted before its children: fall through to "every town"
        found = organization_of(parent, depth - 1)
        if found is not None:
            return found
    return None


@contextmanager
def one_bump_per_town():
    """For a bulk write in one transaction (an Excel import, load_demo): the writes inside
    do not replace their town's token one by one (an UPDATE per saved row: ~5 per imported
    dispute); the towns they touched are collected and each token replaced once when the
    block ends — still inside the transaction, so no reader after the commit sees the new
    records under the old token. Must run inside transaction.atomic(): outside, each row
    would be committed before its town's token changed."""
    from django.db import connection

    if getattr(_collecting, "towns", None) is not None:
        yield  # nested: the outer block replaces them
        return
    if not connection.in_atomic_block:
        raise RuntimeError("one_bump_per_town() must run inside transaction.atomic()")
    _collecting.towns = set()
    try:
        yield
    except BaseException:
        towns, _collecting.towns = _collecting.towns, None
        if not connection.needs_rollback:  # the caller may catch it and commit what was written
            _bump_all(towns)
        raise
    towns, _collecting.towns = _collecting.towns, None
    _bump_all(towns)


def _bump_all(towns: set) -> None:
    if _EVERY_TOWN in towns:
        bump(None)
        return
    for organization_id in sorted(towns):
        bump(organization_id)


def record_changed(instance) -> None:
    """A saved or deleted record of a source app: replace its town's token."""
    if _label(type(instance)) in GLOBAL_MODELS:
        organization_id = _EVERY_TOWN
    else:
        organization_id = organization_of(instance)
        if organization_id is None:
            organization_id = _EVERY_TOWN  # cannot tell: every town, as bump(None)
    towns = getattr(_collecting, "towns", None)
    if towns is not None:
        towns.add(organization_id)
    else:
        bump(None if organization_id is _EVERY_TOWN else organization_id)


def _on_save_or_delete(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loaddata: fixtures are followed by a migrate or an explicit bump
    if is_source(sender):
        record_changed(instance)


def _on_m2m(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and is_source(type(instance)):
        record_changed(instance)


def _on_migrate(sender, **kwargs) -> None:
    # A deployment (make serve migrates first) may change how figures are counted.
    from django.db import connections

    using = kwargs.get("using", "default")
    from core.models import FigureVersion

    if FigureVersion._meta.db_table in connections[using].introspection.table_names():
        FigureVersion.objects.using(using).update(token=uuid.uuid4().hex, changed_at=timezone.now())


def bulk_write(action: str, model, organization_id: int | None) -> None:
    """Called by core.audit.log_event: a write that bypassed save() (an import)."""
    if action in BULK_ACTIONS and model is not None and is_source(model):
        towns = getattr(_collecting, "towns", None)
        if towns is not None:
            towns.add(_EVERY_TOWN if organization_id is None else organization_id)
        else:
            bump(organization_id)


def connect_signals(core_config) -> None:
    post_save.connect(_on_save_or_delete, dispatch_uid="figure_cache_post_save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="figure_cache_post_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="figure_cache_m2m")
    post_migrate.connect(_on_migrate, sender=core_config, dispatch_uid="figure_cache_post_migrate")
