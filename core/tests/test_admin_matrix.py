"""The admin's permission matrix: another town's 管理员 against 八桥镇's records.

With the 2023 demo of 八桥镇 loaded (once per module, rolled back afterwards), the
管理员 of 跳磴镇 (is_staff, its own organization) requests every admin URL of every
registered model, GET and POST, pointed at a real 八桥镇 row:

- the admins of data models (and Django's groups, axes' tables) are superuser-only:
  403 on every URL, absent from the index;
- the town admins (users, departments, communities, grids, organisation, audit
  log) never show or change a 八桥镇 row: its change URL is not on the changelist,
  its pages answer 302/403/404, and a POST leaves the row as it was;
- simple-history's revert form is refused (403) whatever the row.

Every admin URL pattern must be covered by the per-model URLs below or named in
SITE_ROUTES: a new admin view fails `test_every_admin_route_is_in_the_matrix`.
"""

import pytest
from django.contrib import admin
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.urls import reverse

from core.admin_site import PortalAdminGuard
from core.mixins import org_filter_field
from core.testing import all_routes, module_demo

# The only admins a town administrator may open. Adding one here is a decision,
# to be taken with its own scoping test.
TOWN_ADMIN_MODELS = {
    "accounts.User",
    "accounts.Department",
    "accounts.Community",
    "accounts.Grid",
    "accounts.Organization",
    "core.AuditLog",
}
MODEL_URLS = ["changelist", "add", "change", "delete", "history", "simple_history"]
# Site-level admin URLs, each checked by a test below.
SITE_ROUTES = {
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
    "admin:auth_user_password_change",
}


@pytest.fixture(scope="module")
def demo(django_db_blocker):
    with django_db_blocker.unblock(), module_demo():
        yield


def _registry():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _baqiao_row(model):
    from accounts.models import Organization

    baqiao = Organization.objects.get(name="八桥镇")
    if model is Organization:
        return baqiao
    lookup = org_filter_field(model)
    if lookup is None:
        return model._default_manager.order_by("pk").first()
    return model._default_manager.filter(**{lookup: baqiao}).order_by("pk").first()


def _history_id(obj):
    history = getattr(obj, "history", None)
    record = history.order_by("history_id").first() if history is not None else None
    return record.history_id if record else None


def _urls_for(model, obj):
    """(url name suffix, url) for every admin URL of `model`, pointed at `obj`."""
    info = (model._meta.app_label, model._meta.model_name)
    urls = [("changelist", reverse("admin:{}_{}_changelist".format(*info)))]
    urls.append(("add", reverse("admin:{}_{}_add".format(*info))))
    if obj is None:
        return urls
    for suffix in ("change", "delete", "history"):
        urls.append((suffix, reverse(f"admin:{info[0]}_{info[1]}_{suffix}", args=[obj.pk])))
    history_id = _history_id(obj)
    if history_id is not None:
        urls.append(("simple_history", reverse("admin:{}_{}_simple_history".format(*info), args=[obj.pk, history_id])))
    if model._meta.label == "accounts.User":
        urls.append(("password", reverse("admin:auth_user_password_change", args=[obj.pk])))
    return urls


def _snapshot(obj):
    if obj is None:
        return None
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    data = model_to_dict(fresh) if fresh else None
    if data is not None and hasattr(fresh, "password"):
        data["password"] = fresh.password
    return data


def _hostile_post(obj):
    """A plausible change form: the row's own fields, with rights and another town pushed in."""
    data = {k: v for k, v in (model_to_dict(obj) if obj is not None else {}).items() if v is not None}
    data = {
        k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items() if not isinstance(v, list | tuple | FieldFile)
    }
    data.update({"name": "被篡改", "is_superuser": "on", "is_staff": "on", "password1": "x", "password2": "x"})
    return data


def test_every_admin_is_guarded():
    for model, model_admin in _registry():
        assert isinstance(model_admin, PortalAdminGuard), model._meta.label


def test_only_the_declared_admins_are_open_to_a_town_administrator():
    open_ones = {m._meta.label for m, ma in _registry() if getattr(ma, "town_admin", False)}
    assert open_ones == TOWN_ADMIN_MODELS


def test_every_admin_route_is_in_the_matrix():
    model_routes = {
        f"admin:{m._meta.app_label}_{m._meta.model_name}_{suffix}" for m, _ in _registry() for suffix in MODEL_URLS
    }
    admin_routes = {r.name for r in all_routes(include_admin=True) if r.name.startswith("admin:")}
    assert admin_routes - model_routes - SITE_ROUTES == set()


@pytest.mark.django_db
@pytest.mark.parametrize("model", [m for m, _ in _registry()], ids=lambda m: m._meta.label)
def test_other_town_admin_on_every_admin_url(demo, other_town_admin, model):
    obj = _baqiao_row(model)
    before = _snapshot(obj)
    town_admin = model._meta.label in TOWN_ADMIN_MODELS
    for suffix, url in _urls_for(model, obj):
        response = other_town_admin.get(url)
        if not town_admin:
            assert response.status_code == 403, f"GET {url}: {response.status_code}"
        elif suffix == "add":
            # The organisation itself is only the superuser's to add.
            assert response.status_code in (200, 403), f"GET {url}: {response.status_code}"
        elif suffix == "changelist":
            assert response.status_code == 200, f"GET {url}: {response.status_code}"
            if obj is not None:
                change_url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
                assert change_url not in response.content.decode(), f"{url} lists a 八桥镇 row"
        else:
            assert response.status_code in (302, 403, 404), f"GET {url}: {response.status_code}"
            if response.status_code == 302:
                assert response["Location"] == reverse("admin:index"), url

        if suffix in ("changelist", "add"):
            continue  # POSTs to these are covered by the rights tests below
        response = other_town_admin.post(url, _hostile_post(obj))
        assert response.status_code in (302, 403, 404), f"POST {url}: {response.status_code}"
        if response.status_code == 302:
            assert response["Location"] == reverse("admin:index"), url
    assert _snapshot(obj) == before, f"{model._meta.label}: a 八桥镇 row changed"


@pytest.mark.django_db
def test_other_town_admin_index_shows_only_users_and_org(demo, other_town_admin):
    response = other_town_admin.get(reverse("admin:index"))
    assert response.status_code == 200
    shown = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert shown == {"User", "Department", "Community", "Grid", "Organization", "AuditLog"}
    for label in ("enforcement", "litigation", "disputes", "goals", "publicity", "indicators", "reports", "auth"):
        assert other_town_admin.get(reverse("admin:app_list", args=[label])).status_code == 404


@pytest.mark.django_db
def test_other_town_admin_site_routes(demo, other_town_admin):
    from django.contrib.contenttypes.models import ContentType

    from enforcement.models import Officer

    officer = _baqiao_row(Officer)
    # Autocomplete asks the target model's admin: superuser-only models answer 403.
    url = reverse("admin:autocomplete") + "?app_label=enforcement&model_name=certificate&field_name=officer&term=a"
    assert other_town_admin.get(url).status_code == 403
    # view_on_site only redirects to the portal, which answers 404 for another town's row.
    ct = ContentType.objects.get_for_model(Officer)
    response = other_town_admin.get(reverse("admin:view_on_site", args=[ct.pk, officer.pk]), follow=True)
    assert response.status_code == 404
    assert officer.id_number not in response.content.decode()
    assert other_town_admin.get(reverse("admin:jsi18n")).status_code == 200


@pytest.mark.django_db
def test_superuser_still_has_the_data_admins(demo, client):
    from accounts.models import User
    from enforcement.models import Officer

    root = User.objects.create_superuser("root", password="Baqiao@2026-root")
    client.force_login(root)
    officer = _baqiao_row(Officer)
    assert client.get(reverse("admin:enforcement_officer_changelist")).status_code == 200
    assert client.get(reverse("admin:enforcement_officer_change", args=[officer.pk])).status_code == 200
    history_id = _history_id(officer)
    url = reverse("admin:enforcement_officer_simple_history", args=[officer.pk, history_id])
    assert client.get(url).status_code == 200


# --- a town administrator's own town: roles only, never rights --------------------------------


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "position": user.position,
        "organization": user.organization_id,
        "department": user.department_id or "",
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": "2024-01-01",
        "date_joined_1": "08:00:00",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_town_admin_cannot_raise_rights(other_town_admin, other_town_admin_user, org, roles):
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import CLERK

    stray = Group.objects.create(name="超级组")
    perm = Permission.objects.get(codename="change_user")
    url = reverse("admin:accounts_user_change", args=[other_town_admin_user.pk])
    response = other_town_admin.post(
        url,
        _user_form(
            other_town_admin_user,
            is_superuser="on",
            is_staff="on",
            user_permissions=[perm.pk],
            organization=org.pk,
            groups=[roles[CLERK].pk, stray.pk],
        ),
    )
    other_town_admin_user.refresh_from_db()
    assert not other_town_admin_user.is_superuser
    assert other_town_admin_user.organization.name == "跳磴镇"
    assert not other_town_admin_user.user_permissions.exists()
    assert stray not in other_town_admin_user.groups.all()
    # The form refused the other town and the stray group: nothing was saved.
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() >= {"organization", "groups"}
    form = other_town_admin.get(url).content.decode()
    assert 'name="is_superuser"' not in form
    assert 'name="is_staff"' not in form
    assert 'name="user_permissions"' not in form


@pytest.mark.django_db
def test_is_staff_follows_the_admin_role_and_role_changes_are_audited(other_town_admin, other_town_user, roles):
    from accounts.roles import ADMIN, CLERK
    from core.models import AuditLog

    url = reverse("admin:accounts_user_change", args=[other_town_user.pk])
    response = other_town_admin.post(url, _user_form(other_town_user, groups=[roles[CLERK].pk, roles[ADMIN].pk]))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    other_town_user.refresh_from_db()
    assert other_town_user.is_staff
    entry = AuditLog.objects.filter(object_id=str(other_town_user.pk), changed_fields=["groups"]).latest("at")
    assert "管理员" in entry.detail and entry.username == "tiaodeng_admin"

    other_town_admin.post(url, _user_form(other_town_user, groups=[roles[CLERK].pk]))
    other_town_user.refresh_from_db()
    assert not other_town_user.is_staff


@pytest.mark.django_db
def test_town_admin_cannot_see_a_superuser_of_its_town(other_town_admin, other_org):
    from accounts.models import User

    root = User.objects.create_superuser("root2", password="Baqiao@2026-root", organization=other_org)
    assert other_town_admin.get(reverse("admin:accounts_user_change", args=[root.pk])).status_code == 302
    response = other_town_admin.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "Hijack@2026-x", "password2": "Hijack@2026-x"},
    )
    assert response.status_code == 404
    root.refresh_from_db()
    assert root.check_password("Baqiao@2026-root")


@pytest.mark.django_db
def test_revert_is_refused_to_a_town_admin_even_in_its_own_town(other_town_admin, other_town_user):
    other_town_user.full_name = "改过的名字"
    other_town_user.save()
    first = other_town_user.history.order_by("history_id").first()
    url = reverse("admin:accounts_user_simple_history", args=[other_town_user.pk, first.history_id])
    assert other_town_admin.get(url).status_code == 403
    assert other_town_admin.post(url, _user_form(other_town_user, full_name="回退")).status_code == 403
    other_town_user.refresh_from_db()
    assert other_town_user.full_name == "改过的名字"
    # The history list of the own town's user stays readable.
    history = reverse("admin:accounts_user_history", args=[other_town_user.pk])
    assert other_town_admin.get(history).status_code == 200


@pytest.mark.django_db
def test_history_of_a_deleted_row_of_another_town_is_404(other_town_admin, org):
    from accounts.models import Department

    gone = Department.objects.create(organization=org, name="撤销的科室")
    pk = gone.pk
    gone.delete()
    assert other_town_admin.get(reverse("admin:accounts_department_history", args=[pk])).status_code == 404
