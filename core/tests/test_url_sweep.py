"""Every URL, fetched anonymously, sends the visitor to the login page (or is public)."""

import pytest
from django.conf import settings
from django.urls import reverse

from core.testing import PUBLIC_URL_NAMES, all_routes


def test_sweep_finds_the_project_urls():
    names = {r.name for r in all_routes()}
    assert {"core:home", "core:auditlog_list", "accounts:grid_list"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("route", all_routes(), ids=lambda r: r.name)
def test_anonymous_is_sent_to_login(client, route):
    if route.name in PUBLIC_URL_NAMES:
        pytest.skip("public by design")
    url = route.url()
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, f"{route.name} answered {response.status_code} to anonymous"
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), route.name


@pytest.mark.django_db
def test_public_pages_answer(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("health")).json() == {"status": "ok"}
