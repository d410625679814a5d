"""Accessibility (WCAG 2.1 AA) of every page, as each role sees it, on a desktop and a phone.

The pages are the URL sweep's (core.testing.all_routes, each pointed at a record of the
2023 demo with object_url): every GET that answers an HTML page — the 403 page where
the role is refused, once. Each is first rendered in this process for the browser's
session, to leave out what the browser need not see (a download, a redirect, a refused
page already checked); the rest the browser loads from the live server at both widths,
and must get the same answer. axe-core (npm, node_modules/axe-core, injected through the
DevTools protocol as an init script, so the portal's CSP stays as it is) runs on each at
1280 px and at 390 px; no serious or critical violation may remain, and no text may be
smaller than 12 px (a chart's text as drawn, its SVG scaled to the page).

Screenshots: of a page with a problem always, of every page with E2E_AXE_SCREENS=1, in
artifacts/screens/<role>/<width>/<page>.jpg (gitignored) — a screenshot of all ~800 page
views took a sixth of the sweep, for nobody to look at in CI.

E2E_AXE_ROLES=clerk and E2E_AXE_PAGES=goals,reports narrow a run while fixing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from core.testing import PUBLIC_URL_NAMES, all_routes, object_url
from e2e.conftest import Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = ROOT / "artifacts" / "screens"
# The district viewer (区级查看) too: its 镇街对比 and 报告进度 pages are refused to the others.
ROLES = {"clerk": "录入员", "leader": "领导", "admin": "管理员", "district": "区级查看"}
WIDTHS = {1280: 800, 390: 844}
BLOCKING = ("serious", "critical")
# Full-page screenshots for people to look through, as JPEG: half the time of a PNG, which
# Chromium compresses slowly (~0.1 s for a long page, twice per page and role).
SCREENSHOT = {"full_page": True, "type": "jpeg", "quality": 85}
SCREENSHOTS = os.environ.get("E2E_AXE_SCREENS") == "1"
# Every rule of WCAG 2.0/2.1 A and AA (axe's tags), and no "best practice" extras.
# Run without the CSS selectors of the nodes (a quarter of axe's time); a page with a violation
# is checked again with them, to say where it is.
AXE_RUN = """async (where) => {
  const options = {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  };
  if (!where) {
    options.selectors = false;
    options.elementRef = false;
  }
  const result = await axe.run(document, options);
  return result.violations
    .filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.help}` + (where ? " — " +
                v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ") : ""));
}"""


def axe_violations(s: Session) -> list[str]:
    return s.page.evaluate(AXE_RUN, True) if s.page.evaluate(AXE_RUN, False) else []


# Text smaller than 12 px (the floor). A chart's text is measured as drawn: an SVG
# scales its text with the drawing (a 15-px label of a 700-px chart shown 560 px wide is 12 px).
SMALL_TEXT = """() => {
  const small = [];
  const shown = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const st = getComputedStyle(e);
      if (st.display === "none" || st.visibility === "hidden" || st.opacity === "0") return false;
    }
    return el.getClientRects().length > 0;
  };
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg")) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 11.95) small.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ${size}px`);
  }
  for (const text of document.querySelectorAll("svg text")) {
    if (!text.textContent.trim() || !shown(text)) continue;
    const m = text.getScreenCTM();
    const size = parseFloat(getComputedStyle(text).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
    if (size < 11.95) small.push(`svg text.${text.getAttribute("class") || ""} ${size.toFixed(1)}px`);
  }
  return [...new Set(small)].slice(0, 5);
}"""


def pages(organization) -> list[tuple[str, str]]:
    """(name, path) of every page the sweep can point at a demo record."""
    wanted = [p for p in os.environ.get("E2E_AXE_PAGES", "").split(",") if p]
    found = []
    for route in all_routes():
        if route.name in PUBLIC_URL_NAMES or route.name == "password_change_done":
            continue
        if wanted and not any(w in route.name for w in wanted):
            continue
        url = object_url(route, organization) if route.kwargs else route.url()
        if url is not None:
            found.append((route.name.replace(":", "-"), url))
    found.append(("not-found", "/no-such-page/"))
    return found


def admin_pages() -> list[tuple[str, str]]:
    """The Django admin a town's 管理员 uses (the sweep leaves the admin out)."""
    from accounts.models import User

    user = User.objects.get(username="clerk2")
    return [
        ("admin-index", "/admin/"),
        ("admin-user_list", "/admin/accounts/user/"),
        ("admin-user_change", f"/admin/accounts/user/{user.pk}/change/"),
    ]


def roles() -> list[str]:
    wanted = [r for r in os.environ.get("E2E_AXE_ROLES", "").split(",") if r]
    return [r for r in ROLES if not wanted or r in wanted]


def render(client, base: str, path: str, seen_refusals: set[int]):
    """The page as the role gets it, rendered in this process by the same code the live server
    runs, or None for a download, a redirect elsewhere, a POST-only view or an error page already
    checked: those are never shown to the browser (a role is refused most of another role's
    pages, and a download is rendered in full only to be thrown away)."""
    host = base.split("://", 1)[1]
    response = client.get(path, HTTP_HOST=host)
    html = response.get("Content-Type", "").startswith("text/html")
    if html and (response.status_code == 200 or response.status_code in {403, 404} - seen_refusals):
        return response
    return None


def show(s: Session, path: str, response) -> None:
    """Loads `path` in the browser from the live server, which must answer as this process did.

    Not served from `response` through page.route: Playwright turns the browser's HTTP cache off
    while any route is set, so every page loaded its stylesheets, scripts and fonts again (a
    third of the sweep's time, measured)."""
    answer = s.goto(path)
    assert answer is not None and answer.status == response.status_code, (
        f"{path}: the live server answered {answer and answer.status}, this process {response.status_code}"
    )


@pytest.mark.parametrize("role", roles())
def test_no_serious_accessibility_violation_on_any_page(browser, live_server, role):
    from django.test import Client

    from accounts.models import Organization

    assert AXE.exists(), "axe-core is missing: `make install` runs npm ci (package.json devDependencies)"
    call_command("load_demo", "--quiet-logins", verbosity=0)
    organization = Organization.objects.get(name="八桥镇")
    s = Session(browser, live_server, width=1280, height=800)
    s.context.add_init_script(path=str(AXE))
    problems: list[str] = []
    checked = 0
    try:
        s.login(role)
        # The pages are rendered for the browser's own session (its cookies): the CSRF token in a
        # page is then the one the browser's requests from that page (htmx previews) must carry.
        client = Client()
        for cookie in s.context.cookies():
            client.cookies[cookie["name"]] = cookie["value"]
        seen_refusals: set[int] = set()
        wanted = [p for p in os.environ.get("E2E_AXE_PAGES", "").split(",") if p]
        extra = [p for p in admin_pages() if not wanted or any(w in p[0] for w in wanted)] if role == "admin" else []
        for name, path in pages(organization) + extra:
            response = render(client, s.base, path, seen_refusals)
            if response is None:
                continue
            if response.status_code != 200:
                seen_refusals.add(response.status_code)  # the same error page again is not checked again
                name = f"error-{response.status_code}"
            for width, height in WIDTHS.items():
                # Loaded afresh at each width, as a phone would load it (not a desktop window
                # narrowed: the page's script sets its scrolling regions up on load).
                s.page.set_viewport_size({"width": width, "height": height})
                show(s, path, response)
                found = [f"{ROLES[role]} {width}px {path}: {violation}" for violation in axe_violations(s)]
                small = s.page.evaluate(SMALL_TEXT)
                if small:
                    found.append(f"{ROLES[role]} {width}px {path}: text under 12 px: {small}")
                if found or SCREENSHOTS:
                    folder = SCREENS / role / str(width)
                    folder.mkdir(parents=True, exist_ok=True)
                    s.page.screenshot(path=str(folder / f"{name}.jpg"), **SCREENSHOT)
                problems += found
            checked += 1
        assert s.console_errors == [], "the browser console reported errors"
        assert s.foreign_requests() == []
    finally:
        s.close()
    assert checked >= (1 if os.environ.get("E2E_AXE_PAGES") else 10), f"only {checked} pages were checked"
    assert problems == [], "\n".join(problems)


def test_the_checks_find_low_contrast_and_small_text(browser, live_server):
    """The sweep can fail: grey-on-white text and 9-px text on a page are reported, the
    violation with the element it is on."""
    s = Session(browser, live_server, width=1280, height=800)
    s.context.add_init_script(path=str(AXE))
    try:
        s.goto("/accounts/login/")
        assert axe_violations(s) == []
        s.page.evaluate(
            """() => { const p = document.createElement('p'); p.id = 'pale'; p.textContent = '浅色文字';
                       p.style.color = '#d0d0d0'; p.style.fontSize = '9px'; document.body.appendChild(p); }"""
        )
        violations = axe_violations(s)
        assert len(violations) == 1 and violations[0].startswith("color-contrast (serious)"), violations
        assert violations[0].endswith("#pale"), violations
        assert any("9px" in text for text in s.page.evaluate(SMALL_TEXT))
    finally:
        s.close()
