from django.apps import AppConfig


class PublicityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publicity"
    verbose_name = "普法与网格"
    # A data app: its permissions go to the roles, its writes refresh the figures (core.apps.data_app_labels).
    is_data_app = True
    nav = [
        {
            "label": "普法与网格",
            "url_name": "publicity:event_list",
            "perm": "publicity.view_legaleducationevent",
            "icon": "megaphone",
            "group": "业务",
        },
    ]
    quick_links = [
        {
            "label": "登记普法活动",
            "url_name": "publicity:event_add",
            "perm": "publicity.add_legaleducationevent",
            "icon": "megaphone",
        },
        {
            "label": "网格月度填报",
            "url_name": "publicity:entry_add",
            "perm": "publicity.add_gridmonthlyentry",
            "icon": "grid-3x3",
        },
    ]
