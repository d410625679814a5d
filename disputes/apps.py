from django.apps import AppConfig


class DisputesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "disputes"
    verbose_name = "矛盾纠纷调解"
    # A data app: its permissions go to the roles, its writes refresh the figures (core.apps.data_app_labels).
    is_data_app = True
    nav = [
        {
            "label": "矛盾纠纷",
            "url_name": "disputes:dispute_list",
            "perm": "disputes.view_dispute",
            "icon": "people",
            "group": "业务",
        },
    ]
    quick_links = [
        {
            "label": "纠纷受理登记",
            "url_name": "disputes:dispute_add",
            "perm": "disputes.add_dispute",
            "icon": "plus-circle",
        },
        {
            "label": "矛盾纠纷台账",
            "url_name": "disputes:dispute_list",
            "perm": "disputes.view_dispute",
            "icon": "journal-text",
        },
    ]

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from disputes import (
            checks,  # noqa: F401  (registers the 调解成功率口径 start-up check)
            search,
        )
        from disputes.models import Party

        post_save.connect(search.party_changed, sender=Party, dispatch_uid="disputes.search.party_saved")
        post_delete.connect(search.party_changed, sender=Party, dispatch_uid="disputes.search.party_deleted")
