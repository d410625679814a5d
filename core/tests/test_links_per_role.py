"""No role is shown a link it cannot follow.

With the 2023 demo loaded, each demo persona opens its start page, the dashboard (if
it may) and the alert list; every link of ours on those pages — navigation, tiles,
alerts, quick links, charts — is then followed, and none may answer 403.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from core.links import can_follow

# Links that are not pages to open (they sign out, or are served by whitenoise).
NOT_PAGES = ("/static/", "/media/", "/accounts/logout/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_of(response) -> set[str]:
    parser = Links()
    parser.feed(response.content.decode())
    ours = set()
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(NOT_PAGES):
            continue
        ours.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return ours


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
