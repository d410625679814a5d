"""Hostile query strings never give a 500 (issue #16, item 5).

The pages come from the URL resolver, on the 2023 demo: every URL without
arguments (lists, exports, forms that read ?year=…), and every URL of a demo
record. The parameters of a page are found by watching it: the page is fetched
with a spy on request.GET, and every name it reads — the fields of its
FilterSet, `?year=`, `?days=`, `?after=`, names its template reads — is fuzzed,
one name per request (so an early refusal of one value cannot hide a crash on
another). HTML pages are also fuzzed on generic names a view might read only in
some branch (page, sort, q, year, tab).

Kept under a minute on SQLite:
- one signed-in client per persona; the requests of a list are dealt in turn to
  the personas that may open it (录入员, 领导, 管理员), so each sees every parameter;
- each name a page reads gets the values that broke pages before (a year past
  9999, 30 digits, NUL) and a share of the others (at least three), so the
  page's names together get every value (a file: the minimum share); a generic
  name it did not read gets two;
- a FilterSet's fields are fuzzed on the first page that uses it; its export
  (same FilterSet, same code) is fuzzed on its own parameters only.
"""

from __future__ import annotations

import itertools
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client

from core.filters import BoundedFilterSet
from core.testing import PUBLIC_URL_NAMES, all_routes, module_demo, object_url

ALWAYS = ["99999", "9" * 30, "\x00"]  # a year past Python's dates; past 64 bits; refused by PostgreSQL
ROTATING = [
    "abc",
    "-1",
    "",
    "2023-02-30",
    "0000-00-00",
    "9999-12-31",
    "2023-13",
    "x" * 5000,
    "%00",
    "1e309",
    "١٢٣",  # digits to str.isdigit() and int()
    "²",  # a digit to str.isdigit(), not to int()
]
PER_NAME = 3  # at least this many ROTATING values per name
PER_GENERIC = 2  # values per generic name the page did not read
GENERIC_PARAMS = ["page", "sort", "q", "year", "tab"]
PERSONAS = ["clerk2", "leader", "admin"]  # 录入员, 领导, 管理员 of the demo town
SKIP = PUBLIC_URL_NAMES | {"logout"}  # signing out would end the persona's session


def values_for(index: int, count: int) -> list[str]:
    """The values for the index-th of `count` names of a page."""
    share = max(PER_NAME, -(-len(ROTATING) // count))
    return ALWAYS + [ROTATING[(index * share + k) % len(ROTATING)] for k in range(share)]


def generic_values_for(index: int) -> list[str]:
    values = ALWAYS + ROTATING
    return [values[(index * PER_GENERIC + k) % len(values)] for k in range(PER_GENERIC)]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 7, 20])
def test_the_names_of_a_page_get_every_value(count):
    dealt = {v for i in range(count) for v in values_for(i, count)}
    assert dealt == set(ALWAYS + ROTATING)


def test_generic_names_get_distinct_values():
    dealt = [v for i in range(len(GENERIC_PARAMS)) for v in generic_values_for(i)]
    assert len(set(dealt)) == len(dealt)


@contextmanager
def spy_on_query_reads():
    """Every key read from a QueryDict (request.GET, its copies, a form's data), and
    every FilterSet class built, while the block runs."""
    read: set[str] = set()
    filtersets: set[type] = set()
    getitem, contains, getlist = QueryDict.__getitem__, QueryDict.__contains__, QueryDict.getlist
    init = BoundedFilterSet.__init__

    def spy(original):
        def wrapper(self, key, *args, **kwargs):
            read.add(key)
            return original(self, key, *args, **kwargs)

        return wrapper

    def spy_init(self, *args, **kwargs):
        filtersets.add(type(self))
        init(self, *args, **kwargs)

    with (
        mock.patch.object(QueryDict, "__getitem__", spy(getitem)),
        mock.patch.object(QueryDict, "__contains__", spy(contains)),
        mock.patch.object(QueryDict, "getlist", spy(getlist)),
        mock.patch.object(BoundedFilterSet, "__init__", spy_init),
    ):
        yield read, filtersets


@dataclass
class Plan:
    url: str
    openers: list = field(default_factory=list)  # clients of the personas who may open the page
    names: list[str] = field(default_factory=list)  # read by the page
    generic: list[str] = field(default_factory=list)  # GENERIC_PARAMS it did not read
    html: bool = False  # a page, not a file (an export's filters are its list's)


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
    """The demo, one client per persona, and what to fuzz on each page."""
    from accounts.models import Organization, User

    with django_db_blocker.unblock(), module_demo():
        clients = []
        for username in PERSONAS:
            client = Client()
            client.force_login(User.objects.get(username=username))
            clients.append(client)
        organization = Organization.objects.get(name="八桥镇")
        fuzzed_filtersets: set[type] = set()
        result = {}
        for route in all_routes():
            if route.name in SKIP:
                continue
            url = object_url(route, organization) if route.kwargs else route.url()
            if url is not None:
                result[route.name] = _plan(route, url, clients, fuzzed_filtersets)
        yield result


def _plan(route, url, clients, fuzzed_filtersets) -> Plan:
    plan = Plan(url)
    read, used = set(), set()
    for client in clients:
        # `_probe` makes request.GET non-empty: views that bind their filters only
        # when there is a query (`request.GET or None`) then read every field.
        with spy_on_query_reads() as (names, filtersets):
            response = client.get(f"{url}?_probe=1")
        assert response.status_code < 500, f"{url} answered {response.status_code} without hostile values"
        if response.status_code < 400:
            plan.openers.append(client)
            read |= names
            used |= filtersets
            plan.html = plan.html or response["Content-Type"].startswith("text/html")
        if route.kwargs and plan.openers:
            break  # a record's page: one persona is enough to find what it reads
    already = {name for cls in used & fuzzed_filtersets for name in cls.base_filters}
    fuzzed_filtersets |= used
    plan.names = sorted(read - already - {"_probe"})
    if plan.html and not route.kwargs:
        plan.generic = [name for name in GENERIC_PARAMS if name not in read]
    return plan


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in all_routes() if r.name not in SKIP], ids=lambda r: r.name)
def test_hostile_query_values_never_give_a_500(plans, route):
    plan = plans.get(route.name)
    if plan is None or not plan.openers:
        pytest.skip("no demo record, or no persona may open this page")
    # A file (an export, several seconds for the demo's disputes) gets the minimum share.
    count = len(plan.names) if plan.html else len(ROTATING)
    queries = [(name, value) for i, name in enumerate(plan.names) for value in values_for(i, count)]
    queries += [(name, value) for i, name in enumerate(plan.generic) for value in generic_values_for(i)]
    if not queries:
        pytest.skip("reads no query parameter")
    failures = []
    turn = itertools.cycle(plan.openers)
    logging.disable(logging.ERROR)  # the 500s are reported below, not as tracebacks
    try:
        for name, value in queries:
            try:
                status = next(turn).get(f"{plan.url}?{urlencode({name: value})}").status_code
            except Exception as exc:  # noqa: BLE001 — the test client re-raises the view's error
                failures.append(f"{name}={value[:20]!r}: {type(exc).__name__}: {str(exc)[:120]}")
                continue
            if status >= 500:
                failures.append(f"{name}={value[:20]!r}: {status}")
    finally:
        logging.disable(logging.NOTSET)
    assert not failures, f"{plan.url}\n" + "\n".join(failures)
