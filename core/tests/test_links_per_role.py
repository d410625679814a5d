"""No role is shown a link it cannot follow.

With the 2023 demo loaded, each demo persona opens its start page, the dashboard (if
it may) and the alert list; every link of ours on those pages — navigation, tiles,
alerts, quick links, charts — is then followed, and none may answer 403. Then every
page of the URL sweep (core.testing.all_routes, pointed at a demo record): each link
and each POST form shown must be one the persona's permissions let through
(core.links.can_follow), and one link of each kind is followed.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse

from core.links import can_follow
from core.testing import PUBLIC_URL_NAMES, all_routes, module_demo, object_url

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
    with django_db_blocker.unblock(), module_demo():
        yield


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


GET_FORM = re.compile(r"<form\b(?=[^>]*method=\"get\")[^>]*>(.*?)</form>", re.S | re.I)


def forms_changed_by_a_choice(html: str) -> list[str]:
    """GET forms holding a <select> but no submit button: the choice would have to send the form
    by itself (WCAG 3.2.2: no change of page on input); every form is sent by its button."""
    found = []
    for body in GET_FORM.findall(html):
        has_button = re.search(r'type="submit"|<button(?![^>]*type="(?:button|reset)")', body)
        if "<select" in body and not has_button:
            found.append(re.sub(r"\s+", " ", body)[:120])
    return found


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
    refused, followed, pages, unsent = [], {}, 0, []
    for page in sweep_pages(town):
        response = client.get(page)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages += 1
        unsent += [f"{page}: {form}" for form in forms_changed_by_a_choice(response.content.decode())]
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
    assert unsent == [], "a choice would have to send these forms by itself:\n" + "\n".join(unsent[:10])


def test_no_script_sends_a_form_when_a_choice_changes():
    """WCAG 3.2.2: the portal's script never submits a form on `change` (the year and town
    pickers have their 切换/查看 buttons)."""
    script = (Path(settings.BASE_DIR) / "static" / "js" / "portal.js").read_text()
    assert ".submit()" not in script and "requestSubmit" not in script


def test_a_form_with_a_select_and_no_button_is_found():
    assert forms_changed_by_a_choice('<form method="get"><select name="year"></select></form>')
    assert not forms_changed_by_a_choice('<form method="get"><select></select><button>查看</button></form>')
    assert forms_changed_by_a_choice('<form method="get"><select></select><button type="button">x</button></form>')


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
