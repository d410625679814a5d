import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

GOOD = "Baqiao@2023"


def _login(client, password, username="clerk"):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    html = client.get(reverse("login")).content.decode()
    assert "用户登录" in html and "密码" in html


@pytest.mark.django_db
def test_good_login_gets_a_new_session_key(client, clerk_user):
    client.get(reverse("login"))
    before = client.session.session_key
    response = _login(client, GOOD)
    assert response.status_code == 302
    assert client.session.session_key != before


@pytest.mark.django_db
def test_five_failures_lock_the_account_even_for_the_right_password(client, clerk_user):
    for _ in range(5):
        response = _login(client, "Wrong-pass1")
    assert response.status_code in (403, 429)
    response = _login(client, GOOD)
    assert response.status_code in (403, 429)
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_four_failures_do_not_lock(client, clerk_user):
    for _ in range(4):
        _login(client, "Wrong-pass1")
    assert _login(client, GOOD).status_code == 302


@pytest.mark.parametrize("password", ["abcdefgh", "abcdefg1", "Abcdefgh", "Ab1!"])
def test_weak_passwords_are_refused_in_chinese(password):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        validate_password(password)
    text = " ".join(excinfo.value.messages)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_strong_password_passes():
    validate_password("Xq7#mRt2pL")


def test_character_class_rule_message():
    with pytest.raises(ValidationError, match="至少包含"):
        validate_password("abcdefgh12")


@pytest.mark.django_db
def test_idle_session_expires(clerk, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert clerk.get(reverse("core:home")).status_code == 200
    session = clerk.session
    session.set_expiry(-1)  # as if the last request was longer ago than the idle limit
    session.save()
    response = clerk.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_logout_ends_the_session(clerk):
    clerk.post(reverse("logout"))
    assert clerk.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_deactivated_user_is_signed_out(clerk, clerk_user):
    clerk_user.is_active = False
    clerk_user.save()
    assert clerk.get(reverse("core:home")).status_code == 302


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


@pytest.mark.django_db
def test_working_renews_the_session_at_most_once_a_minute(clerk, settings):
    """Requests keep the session alive (its expiry moves on) without writing it on every page."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from core.middleware import SessionRenewalMiddleware

    assert settings.SESSION_RENEW_SECONDS == 60
    home = reverse("core:home")
    clerk.get(home)
    renewed = _expiry(clerk)
    clerk.get(home)
    assert _expiry(clerk) == renewed  # within the minute: not written again

    session = clerk.session
    session[SessionRenewalMiddleware.RENEWED_AT] -= 61  # as if renewed over a minute ago …
    session.save()
    near_end = timezone.now() + datetime.timedelta(seconds=60)  # … and a minute from the idle limit
    Session.objects.filter(session_key=session.session_key).update(expire_date=near_end)
    assert clerk.get(home).status_code == 200
    assert _expiry(clerk) > near_end + datetime.timedelta(minutes=25)  # a whole idle period again


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_no_session(client, settings):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
