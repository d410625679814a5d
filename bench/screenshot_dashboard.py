"""Screenshot and time the 数据看板 with the demo data (headless Chromium).

    .venv/bin/python bench/screenshot_dashboard.py [--year 2023] [--port 8106]

1. migrates this worktree's database and loads the demo (idempotent);
2. serves the portal in this process and photographs, signed in as the demo
   leader, the dashboard at 1366×768 (first screen and full page) and at 390 px
   wide, plus the clerk's home page and the alert list, into artifacts/;
3. times the dashboard view in-process (cold: cache cleared; warm) and counts
   its queries, into artifacts/dashboard-bench.txt. The issue's target is well
   under 200 ms with the demo data; this is a measurement, not a test.

Fails (exit 1) if the browser reports a CSP violation or a failed request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqiao.settings")
os.environ.setdefault("DJANGO_ALLOW_LOCAL_SECRET", "1")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", "--quiet-logins", stdout=open(os.devnull, "w"))  # noqa: SIM115

    ARTIFACTS.mkdir(exist_ok=True)
    bench = benchmark(args.year, args.runs)
    (ARTIFACTS / "dashboard-bench.txt").write_text(bench, encoding="utf-8")
    print(bench)

    server, base = serve(args.port)
    try:
        problems = screenshots(base, args.year)
    finally:
        server.shutdown()
    for problem in problems:
        print("浏览器报告:", problem)
    return 1 if problems else 0


def _client(username: str):
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def benchmark(year: int, runs: int) -> str:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client("leader")
    url = f"/dashboard/?year={year}"
    client.get(url)  # warm imports and templates

    def timed(clear: bool) -> tuple[float, int]:
        if clear:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed, len(queries)

    cold = [timed(True) for _ in range(runs)]
    warm = [timed(False) for _ in range(runs)]
    return (
        f"数据看板 {url}（{connection.vendor}，{runs} 次）\n"
        f"  冷缓存: 中位 {statistics.median(t for t, _ in cold):.1f} ms，最慢 {max(t for t, _ in cold):.1f} ms，"
        f"{cold[0][1]} 次查询\n"
        f"  热缓存: 中位 {statistics.median(t for t, _ in warm):.1f} ms，最慢 {max(t for t, _ in warm):.1f} ms，"
        f"{warm[0][1]} 次查询\n"
    )


def serve(port: int):
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", port), QuietHandler)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}"


def _console(problems: list[str], path: str, message) -> None:
    # The portal has no favicon; the browser's 404 for it is not the dashboard's.
    if message.type in ("error", "warning") and "favicon" not in (message.location or {}).get("url", ""):
        problems.append(f"{path}: {message.text}")


def screenshots(base: str, year: int) -> list[str]:
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    shots = [
        ("leader", f"/dashboard/?year={year}", "dashboard-1366", {"width": 1366, "height": 768}, True),
        ("leader", f"/dashboard/?year={year}", "dashboard-390", {"width": 390, "height": 844}, True),
        ("leader", "/dashboard/", "dashboard-current-year-1366", {"width": 1366, "height": 768}, False),
        ("clerk", "/", "home-clerk-1366", {"width": 1366, "height": 768}, True),
        ("clerk", "/", "home-clerk-390", {"width": 390, "height": 844}, True),
        ("leader", "/dashboard/alerts/", "alerts-1366", {"width": 1366, "height": 768}, False),
    ]
    # Sessions first: Django refuses ORM calls inside Playwright's event loop.
    sessions = {u: _client(u).cookies[settings.SESSION_COOKIE_NAME].value for u in {s[0] for s in shots}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for username, path, name, viewport, full_page in shots:
            session = sessions[username]
            context = browser.new_context(viewport=viewport, locale="zh-CN")
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
            page = context.new_page()
            page.on("console", lambda m, path=path: _console(problems, path, m))
            page.on("requestfailed", lambda r, path=path: problems.append(f"{path}: 请求失败 {r.url}"))
            page.goto(base + path, wait_until="networkidle")
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
            if full_page:
                page.screenshot(path=str(ARTIFACTS / f"{name}-full.png"), full_page=True)
            context.close()
        browser.close()
    print("截图已保存到", ARTIFACTS)
    return problems


if __name__ == "__main__":
    sys.exit(main())
