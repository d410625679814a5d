from django.apps import AppConfig


class DistrictConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "district"
    verbose_name = "区级"
    # Only the district's viewers (accounts.roles.DISTRICT_VIEWER); town roles never get it,
    # so the nav link and the pages stay hidden from town users.
    role_permissions = {"区级查看": ["view_district"]}
    clerk_excluded = ["view_district"]
    nav = [
        {
            "label": "镇街对比",
            "url_name": "district:compare",
            "perm": "district.view_district",
            "icon": "table",
            "group": "区级",
        },
        {
            "label": "报告进度",
            "url_name": "district:reports",
            "perm": "district.view_district",
            "icon": "journal-check",
            "group": "区级",
        },
    ]
