"""dashboard has no data of its own: it reads the figure and alert registries.

The one model below adds no table. It is a proxy of the town (Organization)
that exists only to carry the permission `dashboard.view_dashboard` (查看数据看板),
which the roles grant to 领导 and 管理员 (DashboardConfig.role_permissions):
Django permissions hang on a content type, and a proxy has its own.
"""

from accounts.models import Organization


class Dashboard(Organization):
    """数据看板 — a town seen as its dashboard; not a record of its own."""

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [("view_dashboard", "查看数据看板")]
        verbose_name = "数据看板"
        verbose_name_plural = "数据看板"

    def __str__(self):
        return f"{self.name}数据看板"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dashboard:index")
