"""Django's admin, narrowed to what a town's 管理员 may do.

The admin is for the users and the organisation structure of one's own town;
the data of the ledgers (officers, cases, disputes, goals, 普法, reports …) is
edited in the portal's pages, where it is scoped, validated, masked and audited.

The rule is enforced here, once, by the site rather than by each ModelAdmin:
every ModelAdmin registered on the site is wrapped in `PortalAdminGuard`.

- A ModelAdmin that declares ``town_admin = True`` (accounts' users, departments,
  communities, grids and organisation, and the audit log) is open to a town administrator, scoped by its own
  ``get_queryset``.
- Every other ModelAdmin — every data model, Django's groups, axes' tables, and
  anything an app registers later — is for superusers only: a town administrator
  gets neither the index entry nor any of its URLs (403).
- django-simple-history's history pages are scoped by the admin's queryset
  (its history view otherwise falls back to the history of *any* row, deleted
  ones included) and its "revert" form — which saves whatever is posted,
  whatever the revert button shows — is for superusers only.

Why the site and not a base class each admin must remember: a new app's
``@admin.register`` is safe by default; forgetting the opt-in closes the door
instead of opening it.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404


def _is_superuser(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


class PortalAdminGuard:
    """Mixed in before every registered ModelAdmin by `PortalAdminSite.register`."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if issubclass(form, ModelErrorsOnThePage):
            return form
        return type(form.__name__, (ModelErrorsOnThePage, form), {"__module__": form.__module__})

    def _superuser_only(self, request) -> bool:
        # `town_admin = True` is declared on the ModelAdmins a town administrator may
        # use (scoped to the own town). Read with getattr: this mixin comes first in
        # the MRO, so a default here would hide the admin class's own declaration.
        return not getattr(self, "town_admin", False) and not _is_superuser(request)

    def has_module_permission(self, request):
        if self._superuser_only(request):
            return False
        return super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if self._superuser_only(request):
            return False
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        if self._superuser_only(request):
            return False
        return super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        if self._superuser_only(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._superuser_only(request):
            return False
        return super().has_delete_permission(request, obj)

    # django-simple-history ------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        if self._superuser_only(request):
            raise PermissionDenied
        if not _is_superuser(request) and not self._in_scope(request, object_id):
            # simple-history would fall back to the history of a row outside the
            # queryset (another town's, or a deleted one): not for a town administrator.
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The revert form looks its row up in the history table, not in the admin's
        # queryset, and saves whatever is posted: superusers only.
        if not _is_superuser(request):
            raise PermissionDenied("只有系统超级管理员可以恢复历史版本。")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        if not _is_superuser(request):
            return True
        return super().revert_disabled(request, obj)

    def _in_scope(self, request, object_id) -> bool:
        from django.contrib.admin.utils import unquote

        pk_name = self.model._meta.pk.attname
        try:
            return self.get_queryset(request).filter(**{pk_name: unquote(object_id)}).exists()
        except (ValueError, TypeError):
            return False


class ModelErrorsOnThePage:
    """Mixed in before every admin form (PortalAdminGuard.get_form): an error a model's clean()
    raises on a field the page does not edit (read-only there, e.g. a dispute's 办结日期 when its
    受理日期 is moved past it) is shown above the form, named after its field. Django's ModelForm
    would raise ValueError ("has no field named …") and the admin would answer 500."""

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            regrouped: dict[str, list] = {}
            for name, errors in error.error_dict.items():
                if name == NON_FIELD_ERRORS or name in self.fields:
                    regrouped.setdefault(name, []).extend(errors)
                    continue
                label = self._label(name)
                regrouped.setdefault(NON_FIELD_ERRORS, []).extend(
                    ValidationError(f"{label}：{message}") for e in errors for message in e.messages
                )
            error = ValidationError(regrouped)
        super().add_error(field, error)

    def _label(self, name: str) -> str:
        try:
            return str(self._meta.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name


def guarded(admin_class: type) -> type:
    """`admin_class` with `PortalAdminGuard` in front (once)."""
    if issubclass(admin_class, PortalAdminGuard):
        return admin_class
    return type(admin_class.__name__, (PortalAdminGuard, admin_class), {"__module__": admin_class.__module__})


class PortalAdminSite(admin.AdminSite):
    """Django's admin, for the 管理员 role only.

    A signed-in user without admin rights (a clerk or a leader) gets 403
    instead of the admin's own login form, which would only invite them to
    sign in again as somebody else.
    """

    site_header = "法治政府建设工作平台 · 系统管理"
    site_title = "系统管理"
    index_title = "用户与组织"

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, guarded(admin_class or admin.ModelAdmin), **options)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied("您没有系统管理权限。")
        return super().login(request, extra_context)


class PortalAdminConfig(AdminConfig):
    default_site = "core.admin_site.PortalAdminSite"
