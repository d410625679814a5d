from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


class PortalAdminSite(admin.AdminSite):
    """Django's admin, for the 管理员 role only.

    A signed-in user without admin rights (a clerk or a leader) gets 403
    instead of the admin's own login form, which would only invite them to
    sign in again as somebody else.
    """

    site_header = "法治政府建设工作平台 · 系统管理"
    site_title = "系统管理"
    index_title = "用户与组织"

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied("您没有系统管理权限。")
        return super().login(request, extra_context)


class PortalAdminConfig(AdminConfig):
    default_site = "core.admin_site.PortalAdminSite"
