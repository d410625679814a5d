"""district has no data of its own: it reads the towns' published figures and reports.

The one model below adds no table. It is a proxy of the district (Organization) that
exists only to carry the permission `district.view_district` (查看区级页面), which the
role 区级查看 holds (DistrictConfig.role_permissions): Django permissions hang on a
content type, and a proxy has its own.
"""

from accounts.models import Organization


class District(Organization):
    """区级 — a district seen as the comparison of its towns; not a record of its own."""

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [("view_district", "查看区级页面")]
        verbose_name = "区级"
        verbose_name_plural = "区级"

    def __str__(self):
        return f"{self.name}（区级）"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("district:compare")
