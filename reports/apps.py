from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "年度报告"
    # Not a data app, but the roles hand out its permissions too (accounts.roles).
    covered_by_roles = True
    # Clerks draft and submit (送审); leaders approve (审定), publish and re-open.
    role_permissions = {"领导": ["approve_annualreport", "publish_annualreport", "reopen_annualreport"]}
    clerk_excluded = ["approve_annualreport", "publish_annualreport", "reopen_annualreport"]
    nav = [
        {
            "label": "年度报告",
            "url_name": "reports:report_list",
            "perm": "reports.view_annualreport",
            "icon": "file-earmark-text",
            "group": "报告",
        },
        {
            "label": "年度指标",
            "url_name": "reports:figure_list",
            "perm": "reports.view_annualreport",
            "icon": "bar-chart-line",
            "group": "报告",
        },
    ]
    quick_links = [
        {
            "label": "法治政府建设年度报告",
            "url_name": "reports:report_list",
            "perm": "reports.view_annualreport",
            "icon": "file-earmark-text",
        },
    ]

    def ready(self):
        # Fail at start-up, not at the first (30× slower) PDF: without
        # libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools
        # (../shared/DOMAIN.md "WeasyPrint facts"). Also registers check reports.E001.
        from .rendering.checks import ensure_harfbuzz_subset

        ensure_harfbuzz_subset()
