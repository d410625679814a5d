"""Security controls that hold for every page (issue: reliability and security suite)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def test_check_deploy_is_clean_with_production_values():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_TESTING", "DJANGO_DEBUG", "DJANGO_ALLOW_LOCAL_SECRET", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="fzzf.baqiao.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_TESTING", "DJANGO_SECRET_KEY", "DJANGO_ALLOW_LOCAL_SECRET"}
    }
    env["DJANGO_DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["clerk", "leader"])
def test_non_admins_get_403_on_user_admin(request, persona):
    client = request.getfixturevalue(persona)
    response = client.get(reverse("admin:accounts_user_changelist"), follow=True)
    assert response.status_code == 403


@pytest.mark.django_db
def test_town_admin_manages_only_own_users(town_admin, other_town_user, clerk_user):
    html = town_admin.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "clerk" in html and "tiaodeng" not in html
    # Another town's user is outside the admin's queryset: Django's admin answers "does not
    # exist" by sending the admin back to the admin index, showing nothing of the user.
    url = reverse("admin:accounts_user_change", args=[other_town_user.pk])
    response = town_admin.get(url)
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    before = type(other_town_user).objects.filter(pk=other_town_user.pk).values().get()
    town_admin.post(url, {"username": "taken-over", "is_active": ""})
    assert type(other_town_user).objects.filter(pk=other_town_user.pk).values().get() == before


@pytest.mark.django_db
def test_admin_edit_is_audited(town_admin, department):
    from core.models import AuditLog

    response = town_admin.post(
        reverse("admin:accounts_department_change", args=[department.pk]),
        {"organization": department.organization_id, "name": "司法所（改）", "kind": "station", "is_active": "on"},
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="update", model_label="accounts.Department").exists()
