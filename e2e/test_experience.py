"""What a keyboard user and an impatient clicker meet on every page (static/js/portal.js, portal.css)."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk_session(open_session):
    call_command("load_demo", "--quiet-logins", verbosity=0)
    s = open_session()
    s.login("clerk")
    return s


def test_keyboard_and_busy_states(clerk_session):
    """One demo load for the three checks (loading it takes most of a minute)."""
    skip_link_first_then_a_visible_focus_ring(clerk_session)
    a_download_shows_progress_and_cannot_be_started_twice(clerk_session)
    a_post_form_is_sent_once_and_shows_progress(clerk_session)


def skip_link_first_then_a_visible_focus_ring(s):
    s.goto("/enforcement/")
    s.page.keyboard.press("Tab")
    focused = s.page.evaluate(
        "() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"
    )
    assert focused == ["跳到正文", "#main"]
    assert s.page.locator(".portal-skip-link").bounding_box()["width"] > 0, "the skip link shows when focused"
    s.page.keyboard.press("Enter")
    assert s.page.evaluate("document.activeElement.id") == "main"
    # The next Tab lands on something inside the page, with a 3-px ring around it.
    s.page.keyboard.press("Tab")
    ring = s.page.evaluate(
        "() => { const st = getComputedStyle(document.activeElement);"
        " return [document.activeElement.closest('main') !== null, st.outlineStyle, parseFloat(st.outlineWidth)]; }"
    )
    assert ring[0] and ring[1] == "solid" and ring[2] >= 2, ring


def a_download_shows_progress_and_cannot_be_started_twice(s):
    from reports.models import AnnualReport

    s.goto(AnnualReport.objects.get(year=2023, organization__name="八桥镇").get_absolute_url())
    link = s.page.locator('a[href*="format=pdf"]').first
    asked: list[str] = []

    def slow(route):
        asked.append(route.request.url)
        s.page.wait_for_timeout(1500)
        route.fulfill(status=204)

    s.page.route("**/*format=pdf*", slow)
    label = link.inner_text()
    link.click(no_wait_after=True)
    assert "正在生成" in link.inner_text() and link.get_attribute("aria-disabled") == "true"
    link.dispatch_event("click")
    s.page.wait_for_timeout(2500)
    assert len(asked) == 1, asked
    assert label.strip()


def a_post_form_is_sent_once_and_shows_progress(s):
    s.goto("/accounts/password/")
    # Listening after portal.js: count the submissions portal.js lets through, and keep the
    # page where it is (holding the POST at the network would leave the frame mid-navigation).
    s.page.evaluate(
        """() => { window.sent = 0; document.addEventListener("submit", (e) => {
                     if (!e.defaultPrevented) window.sent += 1; e.preventDefault(); }); }"""
    )
    s.page.fill("#id_old_password", "wrong-password")
    s.page.fill("#id_new_password1", "Another@2024x")
    s.page.fill("#id_new_password2", "Another@2024x")
    s.page.locator("main form button[type=submit]").first.click()
    s.page.wait_for_timeout(300)
    disabled, text = s.page.evaluate(
        "() => { const b = document.querySelector('main form button[type=submit]'); return [b.disabled, b.textContent]; }"
    )
    assert disabled and "处理中" in text, (disabled, text)
    s.page.evaluate("() => document.querySelector('main form').requestSubmit()")
    assert s.page.evaluate("window.sent") == 1
