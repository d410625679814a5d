"""Administration of users and the organisation through Django's admin.

A town administrator (管理员 role, is_staff) sees and edits only their own
organization's users, departments, communities and grids; only a superuser sees
every organization. The admins a town administrator may open say so with
``town_admin = True``; every other admin on the site is for superusers only
(core/admin_site.py).

A town administrator manages people through the portal's roles only: it never
sets is_superuser, is_staff (which follows the 管理员 role) or raw permissions,
never sees or edits a superuser, and never moves anyone to another organization.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Community, Department, Grid, Organization, User
from accounts.roles import ADMIN, ROLES
from core.audit import log_event
from core.models import AuditLog


class OrgScopedAdmin(SimpleHistoryAdmin):
    org_field = "organization"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.org_field: request.user.organization_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            model = db_field.related_model
            if model is Organization:
                kwargs["queryset"] = Organization.objects.filter(pk=request.user.organization_id)
            elif model in (Department, Community, Grid):
                kwargs["queryset"] = model.objects.filter(organization_id=request.user.organization_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and hasattr(obj, "organization_id"):
            obj.organization_id = request.user.organization_id
        super().save_model(request, obj, form, change)


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    town_admin = True
    list_display = ["name", "full_name", "kind", "parent"]
    search_fields = ["name", "full_name"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=request.user.organization_id)


@admin.register(Department)
class DepartmentAdmin(OrgScopedAdmin):
    town_admin = True
    list_display = ["name", "kind", "organization", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Community)
class CommunityAdmin(OrgScopedAdmin):
    town_admin = True
    list_display = ["name", "kind", "organization"]
    search_fields = ["name"]


@admin.register(Grid)
class GridAdmin(OrgScopedAdmin):
    town_admin = True
    list_display = ["name", "community", "keeper", "is_active"]
    list_filter = ["community", "is_active"]
    search_fields = ["name", "keeper"]


# Flags a town administrator never sets: the rights above the portal's roles.
ROLE_HELP = (
    "录入员：录入、修改本单位各类台账；领导：查看全镇数据与看板，审定年度报告，不能修改台账；"
    "管理员：管理用户、部门、社区、网格，查看审计日志；个人信息查看：可查看完整的身份证号、电话和住址（每次查看均记录）。"
    "可多选，例如“录入员”加“个人信息查看”。"
)
SUPERUSER_ONLY_FIELDS = {"is_superuser", "is_staff", "user_permissions"}


@admin.register(User)
class UserAdmin(OrgScopedAdmin, BaseUserAdmin):
    town_admin = True
    list_display = ["username", "full_name", "organization", "department", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "department"]
    search_fields = ["username", "full_name"]
    filter_horizontal = ("user_permissions",)
    # Set by the system, not typed: shown as text (Django's split date/time inputs have no labels).
    readonly_fields = ("last_login", "date_joined")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("单位与职务", {"fields": ("organization", "department", "full_name", "position")}),
        # An administrator who resets a password makes its owner choose a new one.
        ("登录安全", {"fields": ("must_change_password",)}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("单位与职务", {"fields": ("organization", "department", "full_name", "position", "groups")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # A superuser's account is not a town administrator's to edit (or to reset).
        return queryset.filter(is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # A town administrator manages roles, not Django's raw permission flags. A field
        # left out of the fieldsets is left out of the form, so posting it changes nothing.
        return [
            (name, {**opts, "fields": tuple(f for f in opts["fields"] if f not in SUPERUSER_ONLY_FIELDS)})
            for name, opts in fieldsets
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # The town administrator sees roles, in the portal's words (accounts.roles), as
            # four labelled checkboxes (the two-box filter widget has unlabelled parts).
            kwargs.setdefault("label", "角色")
            kwargs.setdefault("help_text", ROLE_HELP)
            kwargs["widget"] = forms.CheckboxSelectMultiple
            if not request.user.is_superuser:
                kwargs["queryset"] = Group.objects.filter(name__in=ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "organization" in form.base_fields:
            field = form.base_fields["organization"]
            field.required = True
            field.empty_label = None
            field.initial = request.user.organization_id
        return form

    def save_related(self, request, form, formsets, change):
        user = form.instance
        roles_before = set(user.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        roles_after = set(user.groups.values_list("name", flat=True))
        if not request.user.is_superuser:
            # Access to this admin follows the 管理员 role, the only way a town
            # administrator gives (or takes) it.
            is_staff = ADMIN in roles_after
            if user.is_staff != is_staff:
                user.is_staff = is_staff
                user.save(update_fields=["is_staff"])
        if roles_before != roles_after:
            # Group membership is a many-to-many change, which the per-record history
            # does not see: the audit log must.
            log_event(
                AuditLog.Action.UPDATE,
                obj=user,
                changed_fields=["groups"],
                detail="角色：{} → {}".format(
                    "、".join(sorted(roles_before)) or "无", "、".join(sorted(roles_after)) or "无"
                ),
            )
