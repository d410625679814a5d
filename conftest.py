"""Personas shared by every app's tests (../shared/STYLE.md):

clerk (录入员, 司法所), clerk_other_dept (录入员, 综合行政执法大队), leader (领导),
admin (管理员), other_town_clerk (录入员 of 跳磴镇), and anonymous (the plain `client`).

Tests sign users in with force_login: the Axes backend needs a request, which
client.login() does not pass.
"""

import shutil
import tempfile
from pathlib import Path

import pytest
from django.test import Client

from accounts.roles import ADMIN, CLERK, LEADER, PERSONAL_DATA, ROLES, sync_roles
from accounts.tests.factories import DepartmentFactory, OrganizationFactory, UserFactory
from core.testing import module_demo


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory):
    """On SQLite, a run holding browser tests (-m browser: e2e/, the dashboard screenshot) gets a
    database file in tmpfs instead of the shared in-memory database; other runs keep the latter.

    The live server answers the browser from several threads at once (a page and its background
    requests: the report preview, the session saved on every request). In shared in-memory SQLite
    a second writer fails at once ("database table is locked", SQLITE_LOCKED, which no busy timeout
    waits for) and the request ends in a 400; a file with the settings' WAL and busy timeout makes
    it wait, as the embedded default does in production. Decided here for the whole session (the
    database is made once per process), from the tests the session selected."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    browser = any(item.get_closest_marker("browser") for item in request.session.items)
    if database["ENGINE"] != "django.db.backends.sqlite3" or not browser:
        yield
        return
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="baqiao-test-", dir=shm)) if shm.is_dir() else tmp_path_factory.mktemp("db")
    database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")
    yield
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _no_holiday_schedule():
    """The test database starts with no 放假安排 rows: core.calendar reads none until a test
    saves one (which makes it read the table), so date-only tests need no database."""
    from core import calendar

    calendar.assume_empty_schedule()
    yield
    calendar.assume_empty_schedule()


@pytest.fixture(autouse=True, scope="session")
def _no_demo_district_records():
    """load_demo generates the district's seven other towns and 八桥镇's 2022 (bench/demo.py)
    only in tests marked district_demo: ~20 s each on SQLite that the 八桥镇 tests don't need.
    Session-wide, so module-scoped demo fixtures (the permission matrices) are covered too."""
    from bench import demo

    demo.RECORDS = False
    yield
    demo.RECORDS = True


@pytest.fixture(autouse=True)
def _demo_district_records(request, monkeypatch):
    if request.node.get_closest_marker("district_demo") is not None:
        monkeypatch.setattr("bench.demo.RECORDS", True)


@pytest.fixture(scope="module")
def demo_town(django_db_setup, django_db_blocker):
    """The 2023 demo (load_demo, some seconds of CPU), loaded once per test module and rolled
    back after it; returns 八桥镇. Each test still runs in its own savepoint (ask for `db`), so
    what one test changes is gone before the next. Once asked for, the demo stays for the rest of
    the module: use it in modules whose every test reads the demo (goals/tests/test_demo.py)."""
    from accounts.models import Organization

    with django_db_blocker.unblock(), module_demo():
        yield Organization.objects.get(name="八桥镇")


@pytest.fixture
def roles(db):
    """The role groups. migrate made them (accounts.apps: sync_roles after every migrate, and
    after a TransactionTestCase's flush), so they are read, not synced again; sync_roles runs
    only if one is missing."""
    from django.contrib.auth.models import Group

    groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    return groups if len(groups) == len(ROLES) else sync_roles()


@pytest.fixture
def org(db):
    return OrganizationFactory(name="八桥镇", full_name="重庆市大渡口区八桥镇人民政府", serial_prefix="八桥")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(name="跳磴镇", full_name="重庆市大渡口区跳磴镇人民政府", serial_prefix="跳磴")


@pytest.fixture
def department(org):
    return DepartmentFactory(organization=org, name="司法所")


@pytest.fixture
def other_department(org):
    return DepartmentFactory(organization=org, name="综合行政执法大队")


def _user(roles, org, department, username, *role_names, **extra):
    user = UserFactory(username=username, organization=org, department=department, **extra)
    user.groups.set([roles[name] for name in role_names])
    return user


@pytest.fixture
def clerk_user(roles, org, department):
    return _user(roles, org, department, "clerk", CLERK)


@pytest.fixture
def clerk_other_dept_user(roles, org, other_department):
    return _user(roles, org, other_department, "clerk2", CLERK)


@pytest.fixture
def pii_clerk_user(roles, org, department):
    return _user(roles, org, department, "clerk_pii", CLERK, PERSONAL_DATA)


@pytest.fixture
def leader_user(roles, org, department):
    return _user(roles, org, department, "leader", LEADER)


@pytest.fixture
def admin_user_town(roles, org, department):
    return _user(roles, org, department, "townadmin", ADMIN, is_staff=True)


@pytest.fixture
def other_town_user(roles, other_org):
    dept = DepartmentFactory(organization=other_org, name="司法所")
    return _user(roles, other_org, dept, "tiaodeng", CLERK, LEADER)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clerk(clerk_user):
    return _client_for(clerk_user)


@pytest.fixture
def clerk_other_dept(clerk_other_dept_user):
    return _client_for(clerk_other_dept_user)


@pytest.fixture
def pii_clerk(pii_clerk_user):
    return _client_for(pii_clerk_user)


@pytest.fixture
def leader(leader_user):
    return _client_for(leader_user)


@pytest.fixture
def town_admin(admin_user_town):
    return _client_for(admin_user_town)


@pytest.fixture
def other_town(other_town_user):
    return _client_for(other_town_user)


@pytest.fixture
def other_town_admin_user(roles, other_org):
    """管理员 of 跳磴镇: is_staff, may use the admin, but only for its own town."""
    dept = DepartmentFactory(organization=other_org, name="党政办")
    return _user(roles, other_org, dept, "tiaodeng_admin", ADMIN, is_staff=True)


@pytest.fixture
def other_town_admin(other_town_admin_user):
    return _client_for(other_town_admin_user)


@pytest.fixture
def assert_fresh(leader, settings):
    """No figure is ever stale (issue 22): read a figure as a leader sees it — the dashboard's
    tile (when it has one) and the report's figures (reports.selectors.live_figures) — with
    the figure cache on, write, and read again: the page shows the value the records give.

        assert_fresh(org, year, "普法活动场次", lambda: clerk.post(...))
    """
    from django.urls import reverse

    from core.figures import registry
    from dashboard.tiles import format_value
    from reports.selectors import live_figures

    settings.FIGURE_CACHE_SECONDS = 3600  # as in production

    def seen(organization, year, key):
        response = leader.get(reverse("dashboard:index"), {"year": year})
        assert response.status_code == 200
        tiles = {t.spec.key: t.value_text for group in response.context["groups"] for t in group["tiles"]}
        figure = live_figures(organization, year).get(key)
        return tiles.get(key), figure.value if figure is not None else None

    def check(organization, year: int, key: str, write) -> None:
        before = seen(organization, year, key)
        seen(organization, year, key)  # now surely cached
        write()
        after = seen(organization, year, key)
        truth = registry.compute(organization, year).get(key)
        assert truth is not None and truth.value.value != before[1], "the write must change the figure"
        assert after[1] == truth.value.value
        if after[0] is not None:
            assert after[0] == format_value(truth) != before[0]

    return check


@pytest.fixture
def assert_alerts_fresh(leader, settings):
    """No alert is ever stale (issue 22): the data apps' alerts are cached with the figures
    (core.figure_cache.town_alerts). Read the alerts a leader sees — the 提醒事项 page and the
    dashboard's panel — with the cache on, write, and read again: the pages show what the
    records give now.

        assert_alerts_fresh(lambda: services.certificate_revoke(...), "张三的行政执法证", appears=False)
    """
    from django.urls import reverse

    settings.FIGURE_CACHE_SECONDS = 3600  # as in production

    def seen() -> tuple[list[str], int]:
        listed = leader.get(reverse("dashboard:alert_list"))
        panel = leader.get(reverse("dashboard:index"))
        assert listed.status_code == 200 and panel.status_code == 200
        return [row.alert.title for row in listed.context["alert_rows"]], panel.context["alert_total"]

    def check(write, title: str, *, appears: bool = True) -> None:
        before, total_before = seen()
        assert seen() == (before, total_before)  # now surely cached
        assert any(title in t for t in before) != appears, f"「{title}」 before the write: {before}"
        write()
        after, total_after = seen()
        assert any(title in t for t in after) == appears, f"「{title}」 after the write: {after}"
        assert total_after == total_before + (1 if appears else -1)

    return check
