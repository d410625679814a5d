from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "enforcement"
    verbose_name = "行政执法"
    # A data app: its permissions go to the roles, its writes refresh the figures (core.apps.data_app_labels).
    is_data_app = True
    nav = [
        {
            "label": "执法人员",
            "url_name": "enforcement:officer_list",
            "perm": "enforcement.view_officer",
            "icon": "person-badge",
            "group": "行政执法",
        },
    ]
    quick_links = [
        {
            "label": "登记执法人员",
            "url_name": "enforcement:officer_add",
            "perm": "enforcement.add_officer",
            "icon": "person-plus",
        },
        {
            "label": "登记培训",
            "url_name": "enforcement:training_add",
            "perm": "enforcement.add_training",
            "icon": "mortarboard",
        },
    ]
