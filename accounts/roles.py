"""Roles are Django groups with real permissions, kept in sync after every migrate.

- 录入员 (clerk): create/edit/delete the records of the data apps; no approval.
- 领导 (leader): read everything of the town, dashboards, approve the report; no edits.
- 管理员 (admin): users, departments, communities, grids, the audit log; reads all.
- 个人信息查看 (add-on): may reveal full 身份证号/电话/住址 (each view audited).
- 区级查看 (district viewer): a user of a district (区) organization; reads every
  record of the district's own towns (core.mixins scopes it), writes nothing.

An app adds its own special permissions through its AppConfig:
    role_permissions = {"领导": ["approve_annualreport"]}
    clerk_excluded = ["approve_annualreport"]
so new apps are covered without editing this file. The apps whose model permissions the
roles cover are the data apps (`is_data_app = True`) and those that set `covered_by_roles = True`
(reports, dashboard) on their AppConfig.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

CLERK = "录入员"
LEADER = "领导"
ADMIN = "管理员"
PERSONAL_DATA = "个人信息查看"
DISTRICT_VIEWER = "区级查看"
ROLES = [CLERK, LEADER, ADMIN, PERSONAL_DATA, DISTRICT_VIEWER]

ORG_MODELS = ["department", "community", "grid"]


def role_app_labels() -> list[str]:
    return [
        config.label
        for config in apps.get_app_configs()
        if getattr(config, "is_data_app", False) or getattr(config, "covered_by_roles", False)
    ]


def sync_roles(**kwargs) -> dict[str, Group]:
    """Creates the role groups and sets their permissions; idempotent. Reads every permission
    once and sets each group's in one diff (a few queries: it runs after every migrate and in
    most tests)."""
    groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    for name in ROLES:
        if name not in groups:
            groups[name] = Group.objects.create(name=name)
    extras: dict[str, list[str]] = {}
    clerk_excluded: set[str] = set()
    for config in apps.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            extras.setdefault(role, []).extend(f"{config.label}.{c}" for c in codenames)
        clerk_excluded.update(f"{config.label}.{c}" for c in getattr(config, "clerk_excluded", []))

    # "app_label.codename" → its permissions (a codename may repeat across an app's models).
    by_key: dict[str, list[Permission]] = {}
    by_app: dict[str, list[Permission]] = {}
    for permission in Permission.objects.select_related("content_type").order_by("content_type_id", "codename"):
        app_label = permission.content_type.app_label
        by_key.setdefault(f"{app_label}.{permission.codename}", []).append(permission)
        by_app.setdefault(app_label, []).append(permission)

    def by_keys(keys):
        return [permission for key in keys for permission in by_key.get(key, [])]

    role_apps = role_app_labels()
    org_view = [f"accounts.view_{m}" for m in ORG_MODELS] + ["accounts.view_organization"]

    clerk = [
        p
        for app in role_apps
        for p in by_app.get(app, [])
        if f"{app}.{p.codename}" not in clerk_excluded and not p.codename.startswith("view_historical")
    ]
    clerk += by_keys(org_view) + by_keys(extras.get(CLERK, []))

    read_all = [
        p
        for app in role_apps
        for p in by_app.get(app, [])
        if p.codename.startswith("view_") and not p.codename.startswith("view_historical")
    ]
    leader = read_all + by_keys(org_view) + by_keys(extras.get(LEADER, []))

    admin = (
        read_all
        + by_keys(
            [f"accounts.{a}_{m}" for m in ORG_MODELS + ["user"] for a in ("add", "change", "view")]
            + ["accounts.view_organization", "core.view_auditlog", "auth.view_group"]
        )
        + by_keys(extras.get(ADMIN, []))
    )

    groups[CLERK].permissions.set(clerk)
    groups[LEADER].permissions.set(leader)
    groups[ADMIN].permissions.set(admin)
    groups[PERSONAL_DATA].permissions.set(by_keys(["accounts.view_personal_data"]))
    # Only view_* permissions: every write view checks add/change/delete, so a
    # district user is refused (403) there without any extra rule.
    groups[DISTRICT_VIEWER].permissions.set(read_all + by_keys(org_view) + by_keys(extras.get(DISTRICT_VIEWER, [])))
    return groups
