"""core.figure_cache: which writes replace which town's figure version."""

import datetime

import pytest
from django.apps import apps
from django.db import connection

from core import figure_cache
from core.apps import data_app_labels
from core.audit import log_event
from core.figures import registry
from core.models import FigureVersion, HolidaySchedule


def test_every_app_publishing_figures_is_watched():
    # A new app publishing figures must be a data app, or its writes would leave the figures stale.
    publishing = {app_label for app_label, _defs, _func in registry._providers}
    assert publishing
    assert publishing <= set(data_app_labels())


@pytest.mark.django_db
def test_a_token_is_made_once_and_read_after(org):
    first = figure_cache.token(org.pk)
    assert figure_cache.token(org.pk) == first
    assert FigureVersion.objects.filter(organization=org).count() == 1


@pytest.mark.django_db
def test_bump_replaces_one_towns_token_or_all(org, other_org):
    mine, theirs = figure_cache.token(org.pk), figure_cache.token(other_org.pk)
    figure_cache.bump(org.pk)
    assert figure_cache.token(org.pk) != mine and figure_cache.token(other_org.pk) == theirs
    figure_cache.bump(None)
    assert figure_cache.token(other_org.pk) != theirs


@pytest.mark.django_db
def test_a_town_written_before_it_was_read_gets_a_token(org):
    figure_cache.bump(org.pk)
    assert FigureVersion.objects.filter(organization=org).exists()


@pytest.mark.django_db
def test_a_holiday_schedule_moves_every_towns_deadlines(org, other_org):
    before = figure_cache.token(org.pk), figure_cache.token(other_org.pk)
    HolidaySchedule.objects.create(year=2027, title="国务院办公厅关于2027年部分节假日安排的通知")
    after = figure_cache.token(org.pk), figure_cache.token(other_org.pk)
    assert before[0] != after[0] and before[1] != after[1]


@pytest.mark.django_db
def test_an_audited_bulk_write_of_a_data_app_bumps_its_town(org, other_org):
    dispute = apps.get_model("disputes", "Dispute")
    mine, theirs = figure_cache.token(org.pk), figure_cache.token(other_org.pk)
    log_event("import", model=dispute, organization_id=org.pk, row_count=500, detail="导入矛盾纠纷")
    assert figure_cache.token(org.pk) != mine and figure_cache.token(other_org.pk) == theirs


@pytest.mark.django_db
def test_an_export_or_a_login_does_not(org):
    dispute = apps.get_model("disputes", "Dispute")
    mine = figure_cache.token(org.pk)
    log_event("export", model=dispute, organization_id=org.pk, row_count=500)
    # 科室 feed no figure and no cached alert (their names are read on every page).
    log_event("import", model=apps.get_model("accounts", "Department"), organization_id=org.pk)
    assert figure_cache.token(org.pk) == mine


def test_the_key_holds_the_day():
    day = datetime.date(2026, 12, 1)
    assert figure_cache.key(1, 2026, "v", today=day) != figure_cache.key(1, 2026, "v", today=day.replace(day=2))


@pytest.mark.django_db
def test_years_figures_computes_the_missing_years_together_and_caches_them(org, settings):
    """The dashboard's year and the one before: one pass of a provider that can do several
    years (`many_years`), one per year of one that cannot; the next read computes nothing,
    and a write makes both years computed afresh."""
    from core.figures import FigureDef

    settings.FIGURE_CACHE_SECONDS = 3600
    calls = []

    def single(organization, year):
        calls.append(("single", year))
        return {"甲": year}

    def multi(organization, year):
        return multi.many_years(organization, [year])[year]

    def many_years(organization, years):
        calls.append(("many", tuple(years)))
        return {year: {"乙": year * 2} for year in years}

    multi.many_years = many_years
    with registry.isolated():
        registry.register("goals", [FigureDef("甲", "甲", "件")], single)
        registry.register("disputes", [FigureDef("乙", "乙", "件")], multi)
        both = figure_cache.years_figures(org, [2023, 2022])
        assert {y: (f["甲"].value.value, f["乙"].value.value) for y, f in both.items()} == {
            2022: (2022, 4044),
            2023: (2023, 4046),
        }
        assert calls == [("single", 2022), ("single", 2023), ("many", (2022, 2023))]
        calls.clear()
        assert figure_cache.years_figures(org, [2022, 2023]) == both
        assert figure_cache.year_figures(org, 2022) == both[2022]  # the same cache entries
        assert calls == []
        figure_cache.bump(org.pk)
        figure_cache.years_figures(org, [2022, 2023])
        assert ("many", (2022, 2023)) in calls


@pytest.mark.django_db
def test_one_bump_per_town_replaces_each_towns_token_once_at_the_end(org, other_org, settings):
    """A bulk write (import, load_demo): one token UPDATE per town touched, made when the block
    ends, inside the transaction; a figure read midway is computed, never kept."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from core.figures import FigureDef
    from enforcement.models import Officer
    from enforcement.tests.factories import OfficerFactory

    settings.FIGURE_CACHE_SECONDS = 3600
    mine, theirs = figure_cache.token(org.pk), figure_cache.token(other_org.pk)
    with registry.isolated():
        registry.register(
            "enforcement",
            [FigureDef("人数", "人数", "人")],
            lambda o, y: {"人数": Officer.objects.filter(organization=o).count()},
        )
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            with figure_cache.one_bump_per_town():
                OfficerFactory(organization=org)
                assert figure_cache.year_figures(org, 2023)["人数"].value.value == 1
                OfficerFactory(organization=org)
                OfficerFactory(organization=other_org)
                assert figure_cache.token(org.pk) == mine  # not yet
                assert figure_cache.year_figures(org, 2023)["人数"].value.value == 2  # not the value read above
            assert figure_cache.token(org.pk) != mine and figure_cache.token(other_org.pk) != theirs
        updates = [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "core_figureversion"')]
        assert len(updates) == 2, [q["sql"] for q in updates]
        assert figure_cache.year_figures(org, 2023)["人数"].value.value == 2


@pytest.mark.django_db
def test_one_bump_per_town_survives_a_caught_error(org):
    from django.db import transaction

    from enforcement.tests.factories import OfficerFactory

    mine = figure_cache.token(org.pk)
    with transaction.atomic():
        with pytest.raises(ValueError), figure_cache.one_bump_per_town():
            OfficerFactory(organization=org)
            raise ValueError("caught by the caller, who commits what was written")
        assert figure_cache.token(org.pk) != mine


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="UNLOGGED is PostgreSQL's")
@pytest.mark.django_db
def test_the_database_cache_table_is_unlogged_on_postgresql():
    """Its rows can all be computed again; a write to it must not wait for the WAL (issue 22)."""
    import importlib

    from django.core.management import call_command
    from django.test import override_settings

    migration = importlib.import_module("core.migrations.0005_cache_table_unlogged")
    caches = {"default": {"BACKEND": migration.DATABASE_CACHE, "LOCATION": "test_unlogged_cache"}}
    with override_settings(CACHES=caches):
        call_command("createcachetable", verbosity=0)
        with connection.schema_editor() as editor:
            migration.unlogged(None, editor)

    def persistence():
        with connection.cursor() as cursor:
            cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'test_unlogged_cache'")
            return cursor.fetchone()[0]

    assert persistence() == "u"
    with override_settings(CACHES=caches), connection.schema_editor() as editor:
        migration.logged(None, editor)
    assert persistence() == "p"
