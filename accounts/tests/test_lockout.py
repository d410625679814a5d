"""Lockout by (user name, address), and the town 管理员's early unlock."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from accounts.roles import ADMIN, CLERK
from accounts.tests.factories import DepartmentFactory, UserFactory
from core.models import AuditLog

GOOD = "Baqiao@2023"
ATTACKER, OFFICE = "10.0.0.66", "10.0.0.9"
pytestmark = pytest.mark.django_db


def _login(client, password, address, username="clerk"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _lock(username="clerk", address=ATTACKER):
    attacker = Client()
    for _ in range(5):
        response = _login(attacker, "Wrong-pass1", address, username)
    assert response.status_code in (403, 429)


def test_failures_from_another_address_do_not_lock_the_colleague_out(clerk_user):
    _lock()
    assert _login(Client(), GOOD, OFFICE).status_code == 302
    # The attacker's address stays locked, even with the right password.
    assert _login(Client(), GOOD, ATTACKER).status_code in (403, 429)


def test_a_forged_forwarded_for_does_not_move_the_lock(clerk_user, settings):
    settings.TRUSTED_PROXIES = []
    attacker = Client()
    for _ in range(5):
        attacker.post(
            reverse("login"),
            {"username": "clerk", "password": "Wrong-pass1"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=OFFICE,
        )
    assert _login(Client(), GOOD, OFFICE).status_code == 302


def test_town_admin_sees_and_clears_a_lockout_and_it_is_audited(town_admin, admin_user_town, clerk_user):
    _lock()
    html = town_admin.get(reverse("accounts:lockout_list")).content.decode()
    assert "clerk" in html and ATTACKER in html
    response = town_admin.post(reverse("accounts:lockout_clear", args=[clerk_user.pk]), follow=True)
    assert f"已解除 {clerk_user} 的登录锁定。" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="clerk").exists()
    assert _login(Client(), GOOD, ATTACKER).status_code == 302
    entry = AuditLog.objects.get(action="update", model_label="accounts.User", object_id=str(clerk_user.pk))
    assert entry.user == admin_user_town and entry.changed_fields == ["登录锁定"]
    assert "解除登录锁定" in entry.detail


def test_nothing_locked_shows_an_empty_list(town_admin):
    assert "当前没有被锁定的账号。" in town_admin.get(reverse("accounts:lockout_list")).content.decode()


def test_permissions(client, clerk, leader, clerk_user, roles, other_org):
    _lock()
    url, clear = reverse("accounts:lockout_list"), reverse("accounts:lockout_clear", args=[clerk_user.pk])
    assert client.get(url).status_code == 302 and client.post(clear).status_code == 302
    for persona in (clerk, leader):
        assert persona.get(url).status_code == 403
        assert persona.post(clear).status_code == 403
    # Another town's 管理员 neither sees our lockouts nor clears them (404: not confirmed to exist).
    foreign_admin = UserFactory(
        username="tiaodeng_admin", organization=other_org, department=DepartmentFactory(organization=other_org)
    )
    foreign_admin.groups.set([roles[ADMIN]])
    other = Client()
    other.force_login(foreign_admin)
    assert "clerk" not in other.get(url).content.decode()
    assert other.post(clear).status_code == 404
    assert AccessAttempt.objects.filter(username="clerk").exists()
    assert not AuditLog.objects.filter(action="update", model_label="accounts.User").exists()


def test_clear_is_post_only(town_admin, clerk_user):
    assert town_admin.get(reverse("accounts:lockout_clear", args=[clerk_user.pk])).status_code == 405


def test_another_towns_lockout_is_not_listed(town_admin, roles, other_org):
    dept = DepartmentFactory(organization=other_org)
    outsider = UserFactory(username="outsider", organization=other_org, department=dept)
    outsider.groups.set([roles[CLERK]])
    _lock(username="outsider")
    assert "outsider" not in town_admin.get(reverse("accounts:lockout_list")).content.decode()
