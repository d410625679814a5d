from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "公共"

    def ready(self):
        from core import (
            audit,  # noqa: F401  (connects the audit signal receivers)
            formfields,
            text,
        )

        formfields.install()
        text.install()

        # Each app's figures.py registers its yearly figures with core.figures.registry.
        autodiscover_modules("figures")
        # Each app's alerts.py registers its alert provider with core.alerts.alert_registry.
        autodiscover_modules("alerts")
