from django.apps import AppConfig


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"
    verbose_name = "数据看板"
    # Not a data app, but the roles hand out its permissions too (accounts.roles).
    covered_by_roles = True
    # Leaders and administrators watch the town; a clerk (录入员) works from their
    # home page, which shows their department's alerts (dashboard.views.HomeView).
    role_permissions = {"领导": ["view_dashboard"], "管理员": ["view_dashboard"]}
    clerk_excluded = ["view_dashboard"]
    nav = [
        {
            "label": "数据看板",
            "url_name": "dashboard:index",
            "perm": "dashboard.view_dashboard",
            "icon": "speedometer2",
            "group": "总览",
        },
    ]

    quick_links = [{"label": "全部提醒事项", "url_name": "dashboard:alert_list", "icon": "bell"}]
