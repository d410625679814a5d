"""/healthz answers a load balancer that probes by IP over plain http (production settings)."""

from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["fzzf.baqiao.example"]
    settings.SECURE_SSL_REDIRECT = True
    return Client()


@pytest.mark.parametrize("method", ["get", "head"])
def test_healthz_answers_a_probe_by_ip_over_http(production, method):
    response = getattr(production, method)("/healthz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    if method == "get":
        assert response.json() == {"status": "ok"}


def test_healthz_sets_no_cookie_and_runs_one_query(production, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        response = production.get("/healthz", HTTP_HOST="10.0.0.5")
    assert not response.cookies


def test_other_pages_still_check_host_and_https(production):
    assert production.get("/accounts/login/", HTTP_HOST="10.0.0.5").status_code == 400
    response = production.get("/accounts/login/", HTTP_HOST="fzzf.baqiao.example")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    # Only GET/HEAD are answered early; anything else takes the normal way.
    assert production.post("/healthz", HTTP_HOST="10.0.0.5").status_code == 400


def test_a_database_that_does_not_answer_is_503(production):
    with mock.patch("core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = production.get("/healthz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 503 and response.json() == {"status": "unavailable"}
