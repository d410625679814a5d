"""Browser suite: Playwright (from pip) driving Debian's Chromium — no browser download.

Every request the browser makes is recorded; a test fails if any leaves 127.0.0.1,
if a page's stylesheet, script, font or image fails to load, or if the console
reports an error (a Content-Security-Policy violation shows up there).
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
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


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
            # Chinese browser UI (date inputs as 2023/09/01), as on the staff's PCs; needs
            # Debian's chromium-l10n, else Chromium falls back to English silently.
            # LANGUAGE picks the UI; LANG stays a UTF-8 locale the machine has (with an
            # ungenerated zh_CN.UTF-8, Chromium names a download with Chinese in it "download").
            env={**os.environ, "LANG": "C.UTF-8", "LANGUAGE": "zh_CN:zh"},
            # Every request that is not for this machine goes to a proxy that is not there
            # (port 9, discard): Session records it, and it fails without leaving the machine.
            # A proxy rather than page.route, which would turn the browser's cache off: every
            # page would load its stylesheets, scripts and fonts again.
            proxy={"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost"},
            args=[
                "--lang=zh-CN",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-background-networking",
            ],
        )
        yield browser
        browser.close()


def is_local(url: str) -> bool:
    return url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname in ("127.0.0.1", "localhost")


class Session:
    """One browser context (one person), recording every request it makes."""

    def __init__(self, browser, live_server, width=DESKTOP["width"], height=DESKTOP["height"]):
        self.base = live_server.url
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", accept_downloads=True
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.broken: list[str] = []  # page resources (CSS, JS, fonts, images) that failed
        self.console_errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("response", self._on_response)
        self.page.on("requestfailed", self._on_failed)
        self.page.on("console", self._on_console)
        self.page.set_default_timeout(15000)

    def _on_response(self, response):
        # A page answering 403/404 is the point of some tests; a missing stylesheet never is.
        if response.status >= 400 and response.request.resource_type != "document":
            self.broken.append(f"{response.status} {response.url}")

    def _on_failed(self, request):
        # A foreign request is refused on purpose (foreign_requests() reports it); ERR_ABORTED
        # is the browser dropping a load (e.g. the favicon) because the test moved on — a
        # missing file answers 404 and is caught in _on_response.
        if (
            request.resource_type != "document"
            and is_local(request.url)
            and not request.url.startswith("blob:")
            and "ERR_ABORTED" not in (request.failure or "")
        ):
            self.broken.append(f"failed {request.url} ({request.failure})")

    def _on_console(self, message):
        # "Failed to load resource" repeats what _on_response saw (and fires for the 404 pages tests ask for).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(f"{self.page.url}: {message.text}")

    def goto(self, path):
        return self.page.goto(self.base + path)

    def path(self) -> str:
        """The current URL without the server part (path and query)."""
        return self.page.url.removeprefix(self.base)

    def login(self, username, password=DEMO_PASSWORD):
        self.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()
        assert "/accounts/login/" not in self.page.url, f"{username} could not sign in"

    def desktop(self):
        self.page.set_viewport_size(DESKTOP)

    def phone(self):
        self.page.set_viewport_size(PHONE)

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def overflow(self) -> int:
        """How many pixels the page is wider than the window (tables inside
        .table-responsive scroll on their own and do not count)."""
        return self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")

    def widest(self, limit=5) -> list[str]:
        """The elements sticking out of the window, to say what overflows."""
        return self.page.evaluate(
            """(limit) => {
                const width = document.documentElement.clientWidth;
                const out = [];
                for (const el of document.querySelectorAll('body *')) {
                    const r = el.getBoundingClientRect();
                    if (r.right > width + 1 && !el.closest('.table-responsive')) {
                        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
                    }
                }
                return out.slice(-limit);
            }""",
            limit,
        )

    def foreign_requests(self):
        return [u for u in self.requests if not is_local(u)]

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
        assert session.broken == [], "a page's resources failed to load"
        assert session.console_errors == [], "the browser console reported errors"
        session.close()
