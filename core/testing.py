"""Helpers for the permission sweeps: every URL the project defines, from the resolver.

A new view is covered by the sweeps without anyone remembering to add it.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver

# URLs that anonymous users may fetch (the login page itself, health check, static).
PUBLIC_URL_NAMES = {"login", "health", "logout", "password_reset"}
# Django's own admin has its own login redirect; it is swept separately.
SKIP_NAMESPACES = {"admin"}


def settle_deferred_checks() -> None:
    """Run now the foreign-key checks that loading data in an open transaction deferred.

    PostgreSQL defers them to the commit, which a module's rolled-back transaction never reaches.
    Every test's teardown (TestCase._fixture_teardown) sets the constraints IMMEDIATE inside its
    savepoint, which fires all pending checks, the module's thousands of rows included, and the
    savepoint's rollback puts them back pending: ~80 ms after each test of a demo module. Fired
    once here, in the module's transaction, they are done for good."""
    connection.check_constraints()


@contextmanager
def module_demo():
    """The 2023 demo (load_demo) for a whole test module: loaded in a transaction rolled back
    after the module; each test still runs in its own savepoint inside it (ask for `db`)."""
    with transaction.atomic():
        call_command("load_demo", "--quiet-logins", verbosity=0)
        settle_deferred_checks()
        yield
        transaction.set_rollback(True)


def sign_in(user) -> str:
    """Signs `user` in as the login page does (force_login: the login signals run, the session
    gets its year) and returns the session's key, for session_client() in later tests.

    For a module's personas, signed in once inside the module's transaction (module_demo): each
    test's own savepoint is rolled back after it, the session row stays. Signing in costs ~30 ms
    (the latest-year look-up, the audit row, axes), which a sweep of a thousand tests paid each time."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def session_client(session_key: str):
    """A new client (no cookie, message or CSRF token of an earlier test) on a session from
    sign_in(). Fails if the session is gone or expired: a test that signed the persona out, or a
    module running past the idle timeout, would otherwise turn every later test into an
    anonymous visit."""
    from django.conf import settings
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.test import Client
    from django.utils import timezone

    # Alive and signed in: an expired session (idle timeout; its renewals are rolled back with
    # each test) would make every request anonymous, and a login redirect passes some sweeps.
    session = Session.objects.filter(session_key=session_key, expire_date__gt=timezone.now()).first()
    assert session is not None and SESSION_KEY in session.get_decoded(), "the persona's session is gone or expired"
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


@dataclass
class Route:
    name: str  # "namespace:name"
    pattern: str
    kwargs: list[str]

    def url(self, **values) -> str:
        from django.urls import reverse

        return reverse(self.name, kwargs={k: values.get(k, 1) for k in self.kwargs})


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            kwargs = list(entry.pattern.regex.groupindex)
            yield Route(name=name, pattern=prefix + str(entry.pattern), kwargs=kwargs)


def all_routes(include_admin: bool = False) -> list[Route]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        if not include_admin and route.name.split(":")[0] in SKIP_NAMESPACES:
            continue
        routes.append(route)
    return routes


def count_queries(client, url: str) -> tuple[int, list[str]]:
    """Number of SQL queries one GET makes, and their SQL (for a readable failure)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def xlsx_cells(response) -> list:
    """Every cell value of every sheet of an xlsx download (asserting it is one)."""
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [value for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row]


def unchanged_post(response, *context_names: str) -> dict:
    """The data a browser posts back when the user submits the page's forms untouched.

    Built from the forms (or formsets) in the response's context under `context_names`
    (default: "form") — what they rendered, masked personal data included.
    """
    from django import forms

    def form_data(form) -> dict:
        data = {}
        for bound in form:
            value = bound.value()
            if isinstance(bound.field, forms.BooleanField):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = "" if value is None else str(value)
        return data

    data: dict = {}
    for name in context_names or ("form",):
        item = response.context[name]
        if isinstance(item, forms.BaseFormSet):
            data.update(form_data(item.management_form))
            for form in item.forms:
                data.update(form_data(form))
        else:
            data.update(form_data(item))
    return data


def object_url(route: Route, organization) -> str | None:
    """The route's URL pointing at a real record of `organization`, or None.

    `officer_pk` names the parent officer of a certificate view, `parent_pk` the
    view's parent_model; other arguments name a record of the view's model.
    """
    from django.core.exceptions import FieldDoesNotExist
    from django.urls import Resolver404, resolve

    from core.mixins import org_filter_field

    try:
        match = resolve(route.url())
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    model = getattr(view_class, "model", None)
    if model is None or org_filter_field(model) is None:
        return None
    values = {}
    for name in route.kwargs:
        if name == "year":
            values[name] = 2023
            continue
        target = model
        if name.endswith("_pk"):
            try:
                target = model._meta.get_field(name.removesuffix("_pk")).related_model or model
            except FieldDoesNotExist:
                target = getattr(view_class, "parent_model", None) or model
        lookup = org_filter_field(target)
        obj = target._default_manager.filter(**{lookup: organization}).order_by("pk").first() if lookup else None
        if obj is None:
            return None
        values[name] = obj.pk
    return route.url(**values)
