from django.apps import AppConfig


class LitigationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "litigation"
    verbose_name = "行政复议与应诉"
    # A data app: its permissions go to the roles, its writes refresh the figures (core.apps.data_app_labels).
    is_data_app = True
    nav = [
        {
            "label": "行政复议",
            "url_name": "litigation:reconsideration_list",
            "perm": "litigation.view_reconsiderationcase",
            "icon": "file-earmark-text",
            "group": "复议应诉",
        },
        {
            "label": "行政应诉",
            "url_name": "litigation:litigation_list",
            "perm": "litigation.view_litigationcase",
            "icon": "bank",
            "group": "复议应诉",
        },
        {
            "label": "期限提醒",
            "url_name": "litigation:deadlines",
            "perm": "litigation.view_litigationcase",
            "icon": "alarm",
            "group": "复议应诉",
        },
    ]
    quick_links = [
        {
            "label": "登记复议案件",
            "url_name": "litigation:reconsideration_add",
            "perm": "litigation.add_reconsiderationcase",
            "icon": "file-earmark-plus",
        },
        {
            "label": "登记应诉案件",
            "url_name": "litigation:litigation_add",
            "perm": "litigation.add_litigationcase",
            "icon": "plus-square",
        },
        {
            "label": "复议应诉期限",
            "url_name": "litigation:deadlines",
            "perm": "litigation.view_litigationcase",
            "icon": "alarm",
        },
    ]

    def ready(self):
        # 案件材料 follow the one attachment behaviour (core.registers.attachments): a deleted
        # document, or one deleted with its case, takes its stored file with it.
        from core.registers.attachments import files_follow_rows
        from litigation.models import CaseDocument

        files_follow_rows(CaseDocument)
