"""No role is shown a link it cannot follow.

With the 2023 demo loaded, each demo persona opens its start page, the dashboard (if
it may) and the alert list; every link of ours on those pages — navigation, tiles,
alerts, quick links, charts — is then followed, and none may answer 403. Then every
page of the URL sweep (core.testing.all_routes, pointed at a demo record): each link
and each POST form shown must be one the persona's permissions let through
(core.links.can_follow), and one link of each kind is followed.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse

from core.links import can_follow
from core.testing import PUBLIC_URL_NAMES, all_routes, object_url

# Links that are not pages to open (they sign out, or are served by whitenoise).
NOT_PAGES = ("/static/", "/media/", "/accounts/logout/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.posts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href")
        if tag == "a" and href:
            self.hrefs.append(href)
        if tag == "form" and (attrs.get("method") or "").lower() == "post" and attrs.get("action"):
            self.posts.append(attrs["action"])


def _ours(urls, base: str = "") -> set[str]:
    ours = set()
    for url in urls:
        if url.startswith("?") and base:
            url = base + url
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(NOT_PAGES):
            continue
        ours.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return ours


def links_of(response, base: str = "") -> set[str]:
    parser = Links()
    parser.feed(response.content.decode())
    return _ours(parser.hrefs, base)


def post_actions_of(response) -> set[str]:
    parser = Links()
    parser.feed(response.content.decode())
    return _ours(parser.posts)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("load_demo", "--quiet-logins", verbosity=0)
            yield
            transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username", ["clerk", "clerk2", "leader", "admin", "district", "district_clerk", "district_leader"]
)
def test_every_link_shown_can_be_followed(demo, username):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    shown: dict[str, str] = {}
    for start in (reverse("core:home"), reverse("dashboard:index"), reverse("dashboard:alert_list")):
        response = client.get(start, follow=True)
        if response.status_code == 403:
            continue  # a page the role may not open is not linked (checked below)
        assert response.status_code == 200, start
        for link in links_of(response):
            shown.setdefault(link, start)
    assert len(shown) > 5, shown
    refused = []
    for link, where in sorted(shown.items()):
        status = client.get(link).status_code
        if status == 403:
            refused.append(f"{link} (shown on {where})")
    assert refused == [], f"{username} is shown links it may not follow"


def sweep_pages(organization) -> list[str]:
    """Every GET page of the URL sweep, pointed at a record of the demo town."""
    pages = []
    for route in all_routes():
        if route.name in PUBLIC_URL_NAMES:
            continue
        url = object_url(route, organization) if route.kwargs else route.url()
        if url is not None:
            pages.append(url)
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["clerk", "leader", "admin", "district", "district_clerk", "district_leader"])
def test_no_page_shows_a_link_or_form_its_reader_would_be_refused(demo, username):
    """Found by this sweep: a district 录入员 was offered every ledger's 新增/修改/删除/导入
    (core.links.may now hides them), and leaders were linked to the report's section editor."""
    from accounts.models import Organization, User

    user = User.objects.get(username=username)
    town = Organization.objects.get(name="八桥镇")
    client = Client()
    client.force_login(user)
    if user.organization.kind == "district":
        client.get(reverse("core:home"), {"org": town.pk})  # reads 八桥镇, as from the town picker
    refused, followed, pages = [], {}, 0
    for page in sweep_pages(town):
        response = client.get(page)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages += 1
        for link in links_of(response, base=urlsplit(page).path):
            if not can_follow(user, link):
                refused.append(f"link {link} on {page}")
            else:
                followed.setdefault(resolve(urlsplit(link).path).route, (link, page))
        refused += [f"form {action} on {page}" for action in post_actions_of(response) if not can_follow(user, action)]
    assert pages > 20, pages
    # One link of each kind is opened: a rule on the record itself (a report no longer a
    # draft) is the view's, which can_follow does not know.
    for link, page in followed.values():
        if client.get(link).status_code == 403:
            refused.append(f"link {link} on {page} (403)")
    assert refused == [], f"{username} is shown what it may not do:\n" + "\n".join(sorted(refused)[:30])


@pytest.mark.django_db
def test_the_leaders_report_alert_is_text_not_a_link_to_the_draft_form(demo):
    """The case the walk-through found: 'N年报告尚未起草' linked leaders to /reports/add/ (403)."""
    from accounts.models import User

    add = reverse("reports:report_add")
    leader, clerk = User.objects.get(username="leader"), User.objects.get(username="clerk")
    assert not can_follow(leader, add)
    assert can_follow(clerk, add)


@pytest.mark.django_db
def test_can_follow_reads_the_views_own_permission(leader_user, clerk_user):
    assert can_follow(clerk_user, reverse("enforcement:officer_add"))
    assert not can_follow(leader_user, reverse("enforcement:officer_add"))
    assert can_follow(leader_user, reverse("enforcement:officer_list"))
    assert not can_follow(clerk_user, reverse("core:auditlog_list"))
    assert not can_follow(clerk_user, "https://example.org/")
    assert not can_follow(clerk_user, "/no/such/page/")


@pytest.mark.django_db
def test_a_leader_reads_the_reports_sections_as_text(demo):
    """The report page and the figure list link each section to its editor for a clerk only."""
    from accounts.models import User
    from reports.models import AnnualReport

    report = AnnualReport.objects.get(organization__name="八桥镇", year=2023)
    for username, linked in (("clerk", True), ("leader", False), ("admin", False)):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for page in (report.get_absolute_url(), reverse("reports:figure_list") + "?year=2023"):
            html = client.get(page).content.decode()
            assert ('href="/reports/sections/' in html) is linked, (username, page)
