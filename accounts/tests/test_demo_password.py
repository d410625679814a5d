"""Demo accounts: load_demo only in development, and outside DEBUG their published
password must be changed before anything else."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from core.models import AuditLog

ROOT = Path(__file__).resolve().parents[2]
NEW = "Xq7#mRt2pL"


def _manage(*args, debug: str, tmp_path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(DJANGO_DEBUG=debug, DJANGO_SECRET_KEY="x" * 50, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_load_demo_refuses_with_debug_off(tmp_path):
    result = _manage("load_demo", debug="0", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "演示数据只能在开发环境载入（DJANGO_DEBUG=1）" in result.stderr


def test_the_password_change_is_enforced_exactly_when_debug_is_off(tmp_path):
    code = "from django.conf import settings; print(settings.PASSWORD_CHANGE_ENFORCED)"
    for debug, enforced in (("0", "True"), ("1", "False")):
        assert _manage("shell", "-c", code, debug=debug, tmp_path=tmp_path).stdout.splitlines()[-1] == enforced


@pytest.mark.django_db
def test_load_demo_refuses_in_process_too(settings):
    settings.DEBUG, settings.TESTING = False, False
    with pytest.raises(CommandError, match="生产环境（DEBUG 关闭）不得载入演示数据"):
        call_command("load_demo", "--quiet-logins", verbosity=0)
    assert not User.objects.exists()


@pytest.fixture
def demo_clerk(settings, client, clerk_user):
    """The clerk as load_demo leaves a demo account: published password, flag set."""
    clerk_user.must_change_password = True
    clerk_user.save()
    settings.PASSWORD_CHANGE_ENFORCED = True  # as with DEBUG off
    assert client.post(reverse("login"), {"username": "clerk", "password": DEMO_PASSWORD}).status_code == 302
    return client


@pytest.mark.django_db
def test_a_demo_user_reaches_only_the_password_change_page(demo_clerk):
    for url in (reverse("core:home"), reverse("litigation:deadlines"), "/admin/"):
        response = demo_clerk.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("password_change")
    response = demo_clerk.get(reverse("core:home"), follow=True)
    assert "首次登录请先修改初始密码。" in response.content.decode()
    assert demo_clerk.get(reverse("password_change")).status_code == 200


@pytest.mark.django_db
def test_the_published_password_cannot_be_kept(demo_clerk):
    data = {"old_password": DEMO_PASSWORD, "new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD}
    response = demo_clerk.post(reverse("password_change"), data)
    assert "新密码不能与原密码相同。" in response.content.decode()
    assert User.objects.get(username="clerk").must_change_password


@pytest.mark.django_db
def test_after_the_change_the_portal_opens_and_the_change_is_audited(demo_clerk):
    data = {"old_password": DEMO_PASSWORD, "new_password1": NEW, "new_password2": NEW}
    assert demo_clerk.post(reverse("password_change"), data).status_code == 302
    user = User.objects.get(username="clerk")
    assert not user.must_change_password and user.check_password(NEW)
    assert demo_clerk.get(reverse("core:home")).status_code == 200
    entry = AuditLog.objects.filter(action="update", model_label="accounts.User", object_id=str(user.pk)).latest("at")
    assert entry.changed_fields == ["须修改密码"]


@pytest.mark.django_db
def test_sign_out_stays_open(demo_clerk):
    assert demo_clerk.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in demo_clerk.session


@pytest.mark.django_db
def test_in_debug_the_demo_stays_convenient(demo_clerk, settings):
    settings.PASSWORD_CHANGE_ENFORCED = False
    assert demo_clerk.get(reverse("core:home")).status_code == 200
