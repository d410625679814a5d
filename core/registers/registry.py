"""Every ledger list, by URL name: the shared tests run the same checks over each one.

A list view joins by declaring `ledger = "<app>:<url name>"` (RegisterListView does it
in __init_subclass__), so a new ledger is tested as soon as it exists.
"""

from __future__ import annotations

LEDGERS: dict[str, type] = {}


def register(url_name: str, view_class: type) -> None:
    # An export view subclasses its list view: the first class declared (the list) stays.
    LEDGERS.setdefault(url_name, view_class)


def ledgers() -> dict[str, type]:
    """All ledger list views (their URL conf is imported first, so every app has declared)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - importing the URL conf imports every view module
    return dict(sorted(LEDGERS.items()))
