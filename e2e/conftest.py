"""Browser suite: Playwright (from pip) driving Debian's Chromium — no browser download.

Every request the browser makes is recorded; a test fails if any leaves 127.0.0.1.
Screenshots land in artifacts/screenshots/ (gitignored) for people to look at.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make there (fixtures, assertions) are ordinary blocking calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
DEMO_PASSWORD = "Baqiao@2023"


def pytest_collection_modifyitems(config, items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason="chromium is not installed (make install installs it as root)")
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class Session:
    """One browser context (one person), recording every request it makes."""

    def __init__(self, browser, live_server, width=1366, height=768):
        self.base = live_server.url
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.set_default_timeout(15000)

    def goto(self, path):
        return self.page.goto(self.base + path)

    def login(self, username, password=DEMO_PASSWORD):
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def foreign_requests(self):
        return [
            u
            for u in self.requests
            if urlparse(u).hostname not in ("127.0.0.1", "localhost") and not u.startswith(("data:", "blob:", "about:"))
        ]

    def close(self):
        self.context.close()


@pytest.fixture
def open_session(browser, live_server):
    sessions = []

    def factory(**kwargs):
        session = Session(browser, live_server, **kwargs)
        sessions.append(session)
        return session

    yield factory
    for session in sessions:
        assert session.foreign_requests() == [], "the browser reached outside 127.0.0.1"
        session.close()
