from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "用户与组织"
    nav = [
        {
            "label": "组织机构",
            "url_name": "accounts:organization",
            "perm": "accounts.view_community",
            "icon": "diagram-3",
            "group": "系统",
        },
        {
            "label": "审计日志",
            "url_name": "core:auditlog_list",
            "perm": "core.view_auditlog",
            "icon": "journal-text",
            "group": "系统",
        },
        {
            "label": "登录锁定",
            "url_name": "accounts:lockout_list",
            "perm": "accounts.change_user",
            "icon": "unlock",
            "group": "系统",
        },
        {
            "label": "用户与组织",
            "url_name": "admin:index",
            "perm": "accounts.change_user",
            "icon": "people",
            "group": "系统",
        },
    ]

    def ready(self):
        post_migrate.connect(_sync_roles, dispatch_uid="accounts_sync_roles")


def _sync_roles(sender, **kwargs):
    # post_migrate is sent once per app, in INSTALLED_APPS order, and each app's
    # permissions are created by its own signal; sync only after the last one so
    # the role groups see every app's permissions (also in each test database).
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    from accounts.roles import sync_roles

    sync_roles()
