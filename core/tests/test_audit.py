import pytest
from django.urls import reverse

from accounts.models import Department
from core.models import AuditLog


@pytest.mark.django_db
def test_edit_through_ui_is_audited_with_user_fields_and_ip(town_admin, admin_user_town, other_department):
    response = town_admin.post(
        reverse("accounts:department_edit", args=[other_department.pk]),
        {"name": "综合行政执法大队（新）", "kind": "team", "is_active": "on"},
        REMOTE_ADDR="10.20.30.40",
    )
    assert response.status_code == 302
    entry = AuditLog.objects.filter(action="update", model_label="accounts.Department").get()
    assert entry.user == admin_user_town
    assert entry.ip_address == "10.20.30.40"
    assert entry.organization_id == admin_user_town.organization_id
    assert set(entry.changed_fields) == {"名称", "类别"}
    history = other_department.history.first()
    assert history.history_user == admin_user_town
    assert history.history_ip == "10.20.30.40"


@pytest.mark.django_db
def test_create_and_delete_are_audited(org):
    dept = Department.objects.create(organization=org, name="新科室")
    dept.delete()
    actions = list(AuditLog.objects.filter(model_label="accounts.Department").values_list("action", flat=True))
    assert sorted(actions) == ["create", "delete"]


@pytest.mark.django_db
def test_login_logout_and_failures_are_audited(client, clerk_user):
    client.post(reverse("login"), {"username": "clerk", "password": "wrong-Password1"}, REMOTE_ADDR="10.0.0.9")
    client.post(reverse("login"), {"username": "clerk", "password": "Baqiao@2023"}, REMOTE_ADDR="10.0.0.9")
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.9")
    rows = list(
        AuditLog.objects.filter(action__in=["login", "logout", "login_failed"])
        .order_by("id")
        .values_list("action", "username", "ip_address")
    )
    assert rows == [
        ("login_failed", "clerk", "10.0.0.9"),
        ("login", "clerk", "10.0.0.9"),
        ("logout", "clerk", "10.0.0.9"),
    ]
    assert "Baqiao@2023" not in str(list(AuditLog.objects.values()))


@pytest.mark.django_db
def test_audit_log_page_is_admin_only_and_read_only(town_admin, clerk, leader, org):
    Department.objects.create(organization=org, name="审计测试科室")
    assert town_admin.get(reverse("core:auditlog_list")).status_code == 200
    assert clerk.get(reverse("core:auditlog_list")).status_code == 403
    assert leader.get(reverse("core:auditlog_list")).status_code == 403
    entry = AuditLog.objects.first()
    # The admin shows an entry read-only and refuses a change or delete, even to a town administrator.
    change_url = reverse("admin:core_auditlog_change", args=[entry.pk])
    page = town_admin.get(change_url)
    assert page.status_code == 200
    assert entry.object_repr in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    before = AuditLog.objects.filter(pk=entry.pk).values().get()
    assert town_admin.post(change_url, {"action": "delete", "username": "篡改"}).status_code == 403
    assert AuditLog.objects.filter(pk=entry.pk).values().get() == before
    response = town_admin.post(reverse("admin:core_auditlog_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AuditLog.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_audit_log_page_shows_only_own_town(town_admin, org, other_org):
    Department.objects.create(organization=org, name="本镇科室")
    Department.objects.create(organization=other_org, name="外镇科室")
    assert AuditLog.objects.filter(object_repr__contains="外镇科室").exists()
    response = town_admin.get(reverse("core:auditlog_list"))
    assert response.status_code == 200
    assert "本镇科室" in response.content.decode()
    assert "外镇科室" not in response.content.decode()
