from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "年度报告"
    # Not a data app, but the roles hand out its permissions too (accounts.roles).
    covered_by_roles = True
    # Clerks draft and submit (送审); leaders approve (审定), record the 保密审查, publish
    # and re-open. Both record 报送/公开 (the clerk usually does the sending). The
    # district's 报送 day is set in the Django admin, by no role of a town.
    role_permissions = {
        "领导": [
            "approve_annualreport",
            "publish_annualreport",
            "reopen_annualreport",
            "record_release_annualreport",
            "add_secrecyreview",
        ]
    }
    clerk_excluded = [
        "approve_annualreport",
        "publish_annualreport",
        "reopen_annualreport",
        "add_secrecyreview",
        "change_secrecyreview",
        "delete_secrecyreview",
        "add_submissiondeadline",
        "change_submissiondeadline",
        "delete_submissiondeadline",
    ]
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
