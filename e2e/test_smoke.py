"""A person signs in and sees a tidy Chinese portal (desktop and phone)."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_and_home_desktop_and_phone(open_session):
    call_command("load_demo", "--quiet-logins", verbosity=0)
    for width, label in ((1366, "desktop"), (390, "phone")):
        s = open_session(width=width, height=800)
        s.goto("/")
        assert "/accounts/login/" in s.page.url
        s.shot(f"login_{label}")
        s.login("admin")
        assert s.page.url.rstrip("/").endswith(s.base.split("//")[1].split("/")[0]) or s.page.url.endswith("/")
        body = s.page.inner_text("body")
        assert "八桥镇法治政府建设工作平台" in body
        s.shot(f"home_{label}")
        # nothing overflows sideways on a phone
        overflow = s.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"page is {overflow}px wider than the {label} screen"


def test_the_recorder_catches_a_request_leaving_the_machine(browser, live_server):
    """The no-internet check can fail: a page that pulls a CDN stylesheet is caught (and
    the request is refused, so nothing leaves the machine)."""
    from e2e.conftest import Session

    s = Session(browser, live_server)
    try:
        s.goto("/accounts/login/")
        s.page.evaluate(
            """() => { const l = document.createElement('link'); l.rel = 'stylesheet';
                       l.href = 'https://cdn.example.com/bootstrap.css'; document.head.appendChild(l); }"""
        )
        s.page.wait_for_timeout(300)
        assert s.foreign_requests() == ["https://cdn.example.com/bootstrap.css"]
        assert s.broken == [], "a refused foreign request is reported once, as foreign"
    finally:
        s.close()


def test_the_sqlite_database_is_a_file_the_live_servers_threads_can_share():
    """conftest.django_db_modify_db_settings: with shared in-memory SQLite a second writing thread
    of the live server fails at once ("database table is locked"), a page's request with a 400."""
    from django.db import connection

    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        assert "memory" not in name and name.endswith(".sqlite3"), name
