"""Administration of users and the organisation through Django's admin.

A town administrator (管理员 role, is_staff) sees and edits only their own
organization's users, departments, communities and grids; only a superuser sees
every organization.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Community, Department, Grid, Organization, User


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
    list_display = ["name", "full_name", "kind", "parent"]
    search_fields = ["name", "full_name"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk=request.user.organization_id)


@admin.register(Department)
class DepartmentAdmin(OrgScopedAdmin):
    list_display = ["name", "kind", "organization", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Community)
class CommunityAdmin(OrgScopedAdmin):
    list_display = ["name", "kind", "organization"]
    search_fields = ["name"]


@admin.register(Grid)
class GridAdmin(OrgScopedAdmin):
    list_display = ["name", "community", "keeper", "is_active"]
    list_filter = ["community", "is_active"]
    search_fields = ["name", "keeper"]


@admin.register(User)
class UserAdmin(OrgScopedAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "organization", "department", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "department"]
    search_fields = ["username", "full_name"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("单位与职务", {"fields": ("organization", "department", "full_name", "position")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("单位与职务", {"fields": ("organization", "department", "full_name", "position", "groups")}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # A town administrator manages roles, not Django's raw permission flags.
        hidden = {"is_superuser", "user_permissions"}
        return [
            (name, {**opts, "fields": tuple(f for f in opts["fields"] if f not in hidden)}) for name, opts in fieldsets
        ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            from django.contrib.auth.models import Group

            from accounts.roles import ROLES

            kwargs["queryset"] = Group.objects.filter(name__in=ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
