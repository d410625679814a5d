"""The Content-Security-Policy on real pages of the 2023 demo town, and pages that keep to it.

The demo is loaded once for the module (rolled back afterwards), so list and detail pages
render real records: the sign-in page, the 数据看板, ledger lists and every page a clerk
(with 个人信息查看) can reach through the URL resolver. Each page must carry the strict
policy, and nothing in it may need what the policy forbids (an inline <script>, an
on*= handler, a javascript: link; inline styles only while style-src allows them).
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.testing import all_routes, module_demo, object_url

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
EXTERNAL = re.compile(r"""(src|href)\s*=\s*["']\s*(https?:)?//""", re.IGNORECASE)


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def violations(policy: str, body: str) -> list[str]:
    """What in `body` the browser would block (or load from elsewhere) under `policy`."""
    rules = directives(policy)
    default = rules.get("default-src", [])
    script = rules.get("script-src", default)
    style = rules.get("style-src", default)
    found = []
    if "'unsafe-inline'" not in script:
        found += [f"inline <script{attrs}>" for attrs in SCRIPT_TAG.findall(body) if "src=" not in attrs]
        found += [f"event handler {m.group(0)[:60]}" for m in EVENT_HANDLER.finditer(body)]
        found += ["javascript: URL" for _ in JAVASCRIPT_URL.finditer(body)]
    if "'unsafe-inline'" not in style:
        found += ["<style> element" for _ in STYLE_TAG.finditer(body)]
        found += [f"style attribute {m.group(0)[:60]}" for m in STYLE_ATTRIBUTE.finditer(body)]
    found += [f"outside asset {m.group(0)}" for m in EXTERNAL.finditer(body)]
    return found


def check_page(response, label: str) -> None:
    assert response.status_code == 200, f"{label} answered {response.status_code}"
    policy = response.get("Content-Security-Policy", "")
    rules = directives(policy)
    assert rules.get("default-src") == ["'self'"], f"{label}: {policy!r}"
    assert rules.get("script-src") == ["'self'"], f"{label}: {policy!r}"
    assert rules.get("object-src") == ["'none'"] and rules.get("frame-ancestors") == ["'none'"], label
    assert response["X-Frame-Options"] == "DENY", label
    assert response["Referrer-Policy"] == "same-origin", label
    problems = violations(policy, response.content.decode())
    assert not problems, f"{label}: {problems[:5]}"


def test_the_checker_finds_what_the_policy_forbids():
    strict = "default-src 'self'; script-src 'self'; style-src 'self'"
    assert violations(strict, '<script src="/static/app.js"></script><p>ok</p>') == []
    assert violations(strict, "<script>alert(1)</script>")
    assert violations(strict, '<button onclick="go()">')
    assert violations(strict, '<a href="javascript:void(0)">')
    assert violations(strict, '<div style="width: 10%">')
    assert violations(strict, '<script src="https://cdn.example/x.js"></script>')
    # The portal's style-src allows inline styles (Bootstrap's progress bars).
    assert violations("default-src 'self'; style-src 'self' 'unsafe-inline'", '<div style="width: 10%">') == []


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from accounts.models import Organization, User

    with django_db_blocker.unblock(), module_demo():
        clients = {}
        for username in ("clerk", "leader"):
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        yield clients, Organization.objects.get(name="八桥镇")


@pytest.mark.django_db
def test_the_sign_in_page(client):
    response = client.get(reverse("login"))
    check_page(response, "login")
    assert 'name="password"' in response.content.decode()


@pytest.mark.django_db
def test_the_dashboard_with_its_charts(demo):
    clients, _ = demo
    response = clients["leader"].get(reverse("dashboard:index") + "?year=2023")
    check_page(response, "dashboard")
    assert "<svg" in response.content.decode()  # the charts are drawn, inline SVG without script


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["enforcement:officer_list", "disputes:dispute_list", "goals:goal_list"])
def test_a_ledger_list_with_records(demo, name):
    from django.apps import apps

    clients, organization = demo
    response = clients["clerk"].get(reverse(name) + "?year=2023")
    check_page(response, name)
    model = response.context["object_list"].model
    assert apps.get_model(model._meta.label).objects.exists()
    assert response.context["object_list"], f"{name} rendered no demo record"


@pytest.mark.django_db
def test_every_page_a_clerk_opens_keeps_to_the_policy(demo):
    clients, organization = demo
    checked, failures = 0, []
    for route in all_routes():
        url = object_url(route, organization) if route.kwargs else route.url()
        if url is None:
            continue
        response = clients["clerk"].get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        checked += 1
        try:
            check_page(response, route.name)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n".join(failures)
    # Most pages render a real record (not a 404 or an empty list): well over a few dozen.
    assert checked >= 60, checked
