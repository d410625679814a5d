import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

# The demo loads with ~2,100 queries (2026-12; bulk inserts, history rows). A row-by-row read
# over its 788 disputes or 1,576 parties (an N+1, as the disputes' communities once were:
# 2,865 queries, 0.6 s of the ~2.6-s load) goes past this.
DEMO_QUERIES = 2_400


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    with CaptureQueriesContext(connection) as loading:
        call_command("load_demo", "--quiet-logins", verbosity=0)
    assert len(loading.captured_queries) < DEMO_QUERIES
    first = _counts()
    call_command("load_demo", "--quiet-logins", verbosity=0)
    second = _counts()
    # Audit entries of the second run aside, no table grows.
    first.pop("core.AuditLog"), second.pop("core.AuditLog")
    assert first == second
    assert first["accounts.Grid"] == 138


@pytest.mark.django_db
def test_demo_users_have_one_role_each():
    from accounts.models import User

    call_command("load_demo", "--quiet-logins", verbosity=0)
    roles = {u.username: set(u.role_names) for u in User.objects.prefetch_related("groups")}
    assert roles["leader"] == {"领导"}
    assert roles["admin"] == {"管理员"}
    assert "录入员" in roles["clerk"]
    leader = User.objects.get(username="leader")
    assert leader.has_perm("accounts.view_grid") and not leader.has_perm("accounts.change_grid")
    # The demo password is published: every demo account must change it (outside DEBUG).
    assert set(User.objects.values_list("must_change_password", flat=True)) == {True}
