from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicators"
    verbose_name = "其他年度数据"
    # A data app: its permissions go to the roles, its writes refresh the figures (core.apps.data_app_labels).
    is_data_app = True
    nav = [
        {
            "label": "年度数据",
            "url_name": "indicators:yearly",
            "perm": "indicators.view_indicatorvalue",
            "icon": "clipboard-data",
            "group": "业务",
        },
    ]
    quick_links = [
        {
            "label": "填报年度数据",
            "url_name": "indicators:yearly_edit",
            "perm": "indicators.change_indicatorvalue",
            "icon": "clipboard-data",
        },
    ]

    def ready(self):
        # A value deleted (by the yearly form or the admin) takes its source file with it,
        # as every attachment does (core.registers.attachments).
        from core.registers.attachments import files_follow_rows
        from indicators.models import IndicatorValue

        files_follow_rows(IndicatorValue, "source_file")
