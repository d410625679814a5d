"""A short-lived cache for the figures (and drawn charts) of closed years.

The dashboard computes two years on every view (the chosen one and the one
before, for the comparison) and draws its charts, which costs more than the
queries. A closed year (before this one) rarely changes, so its figures and
its charts are kept in Django's cache for DASHBOARD_FIGURE_CACHE_SECONDS
(default 300 s; 0 turns the cache off), keyed by organization and year.

A closed year still changes in January–March, when clerks complete last year's
records for the annual report. So any save or delete of a row of a data app
bumps a version that is part of every key, and the next view recomputes. Bulk
writes (`bulk_create`, `QuerySet.update`) send no signal: for those the TTL
bounds the staleness. With several server processes, use a shared cache
backend (Redis, database) so that the version is shared too.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

# The apps whose records feed the figures (docs/figures.md).
FIGURE_APPS = {"enforcement", "litigation", "disputes", "goals", "publicity", "indicators"}
VERSION_KEY = "dashboard:figures:version"
DEFAULT_TTL = 300


def ttl() -> int:
    return int(getattr(settings, "DASHBOARD_FIGURE_CACHE_SECONDS", DEFAULT_TTL))


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(VERSION_KEY, version, None)
    return version


def key(organization_id: int, year: int, kind: str = "figures") -> str:
    return f"dashboard:{kind}:{_version()}:{organization_id}:{year}"


def get(organization_id: int, year: int, kind: str = "figures"):
    if ttl() <= 0:
        return None
    return cache.get(key(organization_id, year, kind))


def put(organization_id: int, year: int, value, kind: str = "figures") -> None:
    if ttl() > 0:
        cache.set(key(organization_id, year, kind), value, ttl())


def invalidate(**kwargs) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _on_change(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in FIGURE_APPS:
        invalidate()


def connect_signals() -> None:
    post_save.connect(_on_change, dispatch_uid="dashboard_figures_post_save")
    post_delete.connect(_on_change, dispatch_uid="dashboard_figures_post_delete")
