"""A headless-Chromium screenshot of the dashboard with the demo data (test artefact).

Writes artifacts/test-dashboard-1366.png and artifacts/test-dashboard-390.png
(artifacts/ is git-ignored) and checks what a browser sees: the page renders
with its styles, the charts are drawn, and Chromium reports no CSP violation
and no failed request. bench/screenshot_dashboard.py takes the full set of
screenshots and times the page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_dashboard_screenshot_with_the_demo_data(live_server):
    from playwright.sync_api import sync_playwright

    from accounts.models import User

    call_command("load_demo", "--quiet-logins", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    ARTIFACTS.mkdir(exist_ok=True)

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for width, height in ((1366, 768), (390, 844)):
                context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
                page = context.new_page()
                page.on(
                    "console",
                    lambda m: (
                        m.type == "error"
                        and "favicon" not in (m.location or {}).get("url", "")
                        and problems.append(m.text)
                    ),
                )
                page.on("requestfailed", lambda r: problems.append(f"请求失败 {r.url}"))
                page.goto(f"{live_server.url}/dashboard/?year=2023", wait_until="networkidle")
                page.screenshot(path=str(ARTIFACTS / f"test-dashboard-{width}.png"), full_page=True)
                assert page.locator("h1").inner_text().strip() == "2023年法治政府建设数据看板"
                # Styles loaded: the tiles sit in a grid, the charts are drawn.
                assert page.locator(".dash-tiles").first.evaluate("e => getComputedStyle(e).display") == "grid"
                assert page.locator(".dash-chart-svg svg").count() >= 5
                assert page.locator('[data-figure="调解纠纷数"] [data-role="value"]').inner_text() == "788"
                context.close()
        finally:
            browser.close()
    assert not problems, problems
    assert (ARTIFACTS / "test-dashboard-1366.png").stat().st_size > 50_000
