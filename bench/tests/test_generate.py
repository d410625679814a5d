"""The district generator keeps to the apps' rules, so `make bench` does not rot as they change.

PostgreSQL only (the generator refuses SQLite: it relies on bulk_create returning keys).
A small scale over two years: every generated row passes its model's full_clean(),
the serial counters cover the numbers issued, and the demo town's 2023 stays the demo's.
"""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Max

from accounts.models import Organization
from bench import generate
from core.apps import data_app_labels
from core.testing import settle_deferred_checks

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator needs PostgreSQL"),
]
TODAY = datetime.date(2026, 3, 15)


@pytest.fixture(scope="module")
def district(django_db_setup, django_db_blocker):
    """Generated once for the module (some seconds) and rolled back after it; each test runs
    in its own savepoint inside, so what one test changes is gone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--quiet-logins", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert generate.main(["--scale", "0.02", "--first-year", "2025", "--today", TODAY.isoformat()]) == 0
        settle_deferred_checks()
        yield
        transaction.set_rollback(True)


def _generated(model):
    """Rows the generator made: those of the seven other towns (八桥镇's include the demo's)."""
    field = next(
        (
            f
            for f in (
                "organization",
                "dispute__organization",
                "officer__organization",
                "training__organization",
                "case__organization",
            )
            if _has(model, f)
        ),
        None,
    )
    queryset = model.objects.all()
    if field:
        queryset = queryset.exclude(**{field: Organization.objects.get(name="八桥镇")})
    return queryset


def _has(model, path: str) -> bool:
    try:
        current = model
        for part in path.split("__"):
            current = current._meta.get_field(part).related_model or current
        return True
    except Exception:  # noqa: BLE001 — FieldDoesNotExist and friends
        return False


def test_every_generated_row_passes_its_models_validation(district):
    errors = []
    checked = 0
    for label in ["accounts", *data_app_labels()]:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical") or model._meta.auto_created:
                continue
            for row in _generated(model).order_by("pk")[:150]:
                checked += 1
                try:
                    row.full_clean(validate_unique=False)
                except ValidationError as exc:
                    errors.append(f"{model._meta.label} {row.pk}: {exc.messages}")
    assert checked > 1000
    assert errors == []


def test_the_district_has_its_towns_and_serial_counters_cover_the_numbers(district):
    from disputes.models import Dispute, SerialCounter

    towns = Organization.objects.filter(parent__name="大渡口区")
    assert towns.count() == 8
    for org in towns:
        for year in (2025, 2026):
            issued = Dispute.objects.filter(organization=org, year=year).aggregate(m=Max("number"))["m"]
            assert issued, (org, year)
            assert SerialCounter.objects.get(organization=org, year=year).last_number == issued
    assert not _generated(Dispute).filter(received_on__gte=TODAY).exists()  # none in the future


def test_a_second_run_is_refused(district, capsys):
    assert generate.main(["--scale", "0.02"]) == 2
    assert "已生成过" in capsys.readouterr().err


def test_generated_disputes_are_searchable_by_party_name(district):
    from disputes.models import SEARCH_SEPARATOR, Dispute

    rows = _generated(Dispute).prefetch_related("parties").order_by("pk")[:300]
    assert rows
    for dispute in rows:
        assert sorted(dispute.party_names.split(SEARCH_SEPARATOR)) == sorted(p.name for p in dispute.parties.all())
