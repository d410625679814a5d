"""The permission matrix over every URL of every app, generated from the URL resolver.

With the 2023 demo loaded for 八桥镇 (once per module, rolled back afterwards):
- a user of another town gets 404 on every URL that names one of our records;
- a leader (领导, read-only) is refused every write (POST → 403, or 405 where the
  view has no POST at all) except the few actions leaders own (allow-list);
- a clerk is refused user administration and the leaders' approval actions.

A new view without the right mixin fails here without anyone adding a test.
"""

import pytest

from core.testing import all_routes, module_demo, object_url, session_client, sign_in

# POSTs a leader may make: signing out, their own password, and the report steps they own.
LEADER_POST_ALLOWED = {
    "logout",
    "password_change",
    "reports:report_approve",
    "reports:report_publish",
    "reports:report_return",
    "reports:report_reopen",
    "reports:report_secrecy",
}
# POSTs leaders share with clerks (so not in the clerk's refusals below).
SHARED_POST_ALLOWED = {"reports:report_release"}
PUBLIC = {"login", "health", "logout"}
# Views whose record the demo does not make (uploads, report approvals and revisions). Any
# other route without a URL fails instead of being skipped: a view that lost its `model`
# (so core.testing.object_url cannot find its record) would otherwise leave the sweep quietly.
NO_DEMO_RECORD = {
    "goals:attachment_delete",
    "goals:attachment_download",
    "litigation:document_delete",
    "litigation:document_download",
    "publicity:attachment_delete",
    "publicity:attachment_download",
    "reports:approval_download",
    "reports:revision_detail",
    "reports:revision_download",
    # The demo report is not published and has no scanned 审查单: reports/tests/test_publication.py
    # checks these two for clerk, leader, another town and anonymous on a published report.
    "reports:revision_package",
    "reports:secrecy_scan",
}


def skip_without_demo_record(route):
    assert route.name in NO_DEMO_RECORD, f"{route.name}: no URL to a demo record (does the view name its model?)"
    pytest.skip("the demo has no record for this view's model")


YEAR_KWARGS = {"year"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo and the module's personas, each signed in once (core.testing.sign_in): a thousand
    tests signing in again took more than half the module's time."""
    from accounts.models import Organization, User
    from accounts.roles import CLERK, DISTRICT_VIEWER, LEADER, sync_roles
    from accounts.tests.factories import DepartmentFactory, OrganizationFactory, UserFactory

    with django_db_blocker.unblock(), module_demo():
        groups = sync_roles()
        district = Organization.objects.get(name="大渡口区")
        viewer = User.objects.create(username="district_matrix", organization=district)
        viewer.groups.set([groups[DISTRICT_VIEWER]])
        # A user of the district who may write: 录入员 + 领导 of 大渡口区.
        writer = User.objects.create(username="district_writer", organization=district)
        writer.groups.set([groups[CLERK], groups[LEADER]])
        # A clerk and leader of another town.
        tiaodeng = OrganizationFactory(name="跳磴镇", full_name="重庆市大渡口区跳磴镇人民政府", serial_prefix="跳磴")
        stranger = UserFactory(
            username="tiaodeng", organization=tiaodeng, department=DepartmentFactory(organization=tiaodeng)
        )
        stranger.groups.set([groups[CLERK], groups[LEADER]])
        users = {"leader": User.objects.get(username="leader"), "clerk2": User.objects.get(username="clerk2")}
        users.update(district_matrix=viewer, district_writer=writer, tiaodeng=stranger)
        yield {name: sign_in(user) for name, user in users.items()}


# The route's URL pointing at a real record of an organization (core.testing.object_url).
_object_url = object_url


OBJECT_ROUTES = [r for r in all_routes() if r.kwargs and set(r.kwargs) - YEAR_KWARGS]


@pytest.mark.django_db
@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_other_town_gets_404_on_our_records(other_town, route):
    from accounts.models import Organization

    url = _object_url(route, Organization.objects.get(name="八桥镇"))
    if url is None:
        skip_without_demo_record(route)
    assert other_town.get(url).status_code == 404, url
    assert other_town.post(url, {}).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in all_routes() if r.name not in PUBLIC], ids=lambda r: r.name)
def test_leader_cannot_write_anywhere(demo, leader_on_demo, route):
    from accounts.models import Organization

    if route.name in LEADER_POST_ALLOWED | SHARED_POST_ALLOWED:
        pytest.skip("a leader's own action")
    url = _object_url(route, Organization.objects.get(name="八桥镇")) if route.kwargs else route.url()
    if url is None:
        skip_without_demo_record(route)
    response = leader_on_demo.post(url, {})
    assert response.status_code in (403, 405), f"{route.name} let a leader POST ({response.status_code})"


@pytest.fixture
def other_town(demo, db):
    return session_client(demo["tiaodeng"])


@pytest.fixture
def leader_on_demo(demo, db):
    return session_client(demo["leader"])


@pytest.fixture
def clerk_on_demo(demo, db):
    return session_client(demo["clerk2"])


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["admin:accounts_user_changelist", "admin:accounts_user_add", "core:auditlog_list"])
def test_clerk_cannot_administer_users(clerk_on_demo, name):
    from django.urls import reverse

    assert clerk_on_demo.get(reverse(name), follow=True).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [r for r in all_routes() if r.name in LEADER_POST_ALLOWED - {"logout", "password_change"}],
    ids=lambda r: r.name,
)
def test_clerk_cannot_approve_or_publish(clerk_on_demo, route):
    from accounts.models import Organization

    url = _object_url(route, Organization.objects.get(name="八桥镇")) if route.kwargs else route.url()
    if url is None:
        skip_without_demo_record(route)
    assert clerk_on_demo.post(url, {}).status_code == 403


# POSTs a district viewer (区级查看) may make: signing out and its own password. Nothing else.
DISTRICT_POST_ALLOWED = {"logout", "password_change"}


@pytest.fixture
def district_on_demo(demo, db):
    return session_client(demo["district_matrix"])


def _not_to_login(response, route) -> None:
    """A redirect may be the answer, but never to the login page: that is an anonymous visit."""
    assert "/accounts/login/" not in response.get("Location", ""), f"{route.name}: sent to the login page"


def _district_url(route):
    from accounts.models import Organization

    return _object_url(route, Organization.objects.get(name="八桥镇")) if route.kwargs else route.url()


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in all_routes() if r.name not in PUBLIC], ids=lambda r: r.name)
def test_district_viewer_cannot_write_anywhere(district_on_demo, route):
    if route.name in DISTRICT_POST_ALLOWED:
        pytest.skip("the user's own session and password")
    url = _district_url(route)
    if url is None:
        pytest.skip("no demo record for this view's model")
    from core.models import AuditLog

    written = AuditLog.objects.count()  # every save and delete leaves an audit row
    response = district_on_demo.post(url, {})
    # 404: a child form (a certificate of an officer…) reads its parent through the town the
    # district user picked, and none is picked here — refused before the permission check.
    assert response.status_code in (403, 404, 405), f"{route.name} let a district user POST ({response.status_code})"
    assert AuditLog.objects.count() == written, f"{route.name} wrote something"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in all_routes() if r.name not in PUBLIC], ids=lambda r: r.name)
def test_district_viewer_reads_a_towns_pages_without_error(district_on_demo, route):
    from accounts.models import Organization

    url = _district_url(route)
    if url is None:
        pytest.skip("no demo record for this view's model")
    town = Organization.objects.get(name="八桥镇")
    response = district_on_demo.get(url, {"org": town.pk})
    assert response.status_code in (200, 302, 403, 404, 405), f"{route.name} answered {response.status_code}"
    _not_to_login(response, route)


# ---- a district user who may write (录入员 + 领导 of 大渡口区) --------------------------
# The hole this closes: with a town picked (?org=), user_organization() is that town, so a
# create/update view would have written into the town's records. Writes of a district user
# now land in the district itself, only through the reports pages, never in a town.


@pytest.fixture
def district_writer_on_demo(demo, db):
    return session_client(demo["district_writer"])


def _town_writes(district) -> int:
    """Audit rows of anything but the district itself: every save and delete leaves one."""
    from core.models import AuditLog

    return AuditLog.objects.exclude(organization=district).count()


PICKS = pytest.mark.parametrize("picked", [True, False], ids=["town_picked", "no_town"])


def _pick(picked: bool, town) -> str:
    # ?org=all: the whole district (no town), as the district bar's first option.
    return f"?org={town.pk}" if picked else "?org=all"


@pytest.mark.django_db
@PICKS
@pytest.mark.parametrize("route", [r for r in all_routes() if r.name not in PUBLIC], ids=lambda r: r.name)
def test_district_writer_never_writes_a_town(district_writer_on_demo, route, picked):
    from accounts.models import Organization

    if route.name in DISTRICT_POST_ALLOWED:
        pytest.skip("the user's own session and password")
    town, district = Organization.objects.get(name="八桥镇"), Organization.objects.get(name="大渡口区")
    url = _district_url(route)
    if url is None:
        pytest.skip("no demo record for this view's model")
    before = _town_writes(district)
    response = district_writer_on_demo.post(url + _pick(picked, town), {})
    assert _town_writes(district) == before, f"{route.name} wrote into a town"
    _not_to_login(response, route)
    if route.kwargs or not route.name.startswith("reports:"):
        # A town's record (its report included), or a ledger's page: refused outright.
        assert response.status_code in (403, 404, 405), (
            f"{route.name} let a district user POST ({response.status_code})"
        )


@pytest.mark.django_db
@PICKS
@pytest.mark.parametrize(
    "route",
    [r for r in all_routes() if r.name.startswith("reports:") and set(r.kwargs) - YEAR_KWARGS],
    ids=lambda r: r.name,
)
def test_district_writer_reaches_the_districts_own_report(district_writer_on_demo, route, picked):
    from accounts.models import Organization

    town, district = Organization.objects.get(name="八桥镇"), Organization.objects.get(name="大渡口区")
    url = _object_url(route, district)  # the district's 2023 outline (reports/district_demo.py)
    if url is None:
        pytest.skip("no demo record of the district for this view's model")
    before = _town_writes(district)
    response = district_writer_on_demo.post(url + _pick(picked, town), {})
    # 405: a page that has no POST (a detail, a download); never refused as another's record.
    assert response.status_code not in (403, 404), f"{route.name} refused the district's own report"
    _not_to_login(response, route)
    assert _town_writes(district) == before, f"{route.name} wrote into a town"


@pytest.mark.django_db
@PICKS
def test_district_writer_creates_the_districts_report_not_the_towns(district_writer_on_demo, picked):
    from django.urls import reverse

    from accounts.models import Organization
    from reports.models import AnnualReport

    town, district = Organization.objects.get(name="八桥镇"), Organization.objects.get(name="大渡口区")
    response = district_writer_on_demo.post(reverse("reports:report_add") + _pick(picked, town), {"year": 2022})
    assert response.status_code == 302
    assert AnnualReport.objects.filter(organization=district, year=2022).exists()
    assert not AnnualReport.objects.filter(organization=town, year=2022).exists()
