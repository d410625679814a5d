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

        # A saved or deleted 放假安排 row changes which days are worked: forget the cached table.
        from django.db.models.signals import post_delete, post_save

        from core.calendar import schedule_changed
        from core.models import HolidaySchedule, HolidayScheduleDay

        for model in (HolidaySchedule, HolidayScheduleDay):
            post_save.connect(schedule_changed, sender=model, dispatch_uid=f"calendar-{model.__name__}-save")
            post_delete.connect(schedule_changed, sender=model, dispatch_uid=f"calendar-{model.__name__}-delete")

        # Figures are cached per town under a token every write of a data app replaces.
        from core import figure_cache

        figure_cache.connect_signals(self)

        # A fresh session opens on the latest year with records (core.year).
        from django.contrib.auth.signals import user_logged_in

        from core.year import remember_latest_year

        user_logged_in.connect(remember_latest_year, dispatch_uid="core-year-on-login")

        # Each app's figures.py registers its yearly figures with core.figures.registry.
        autodiscover_modules("figures")
        # Each app's alerts.py registers its alert provider with core.alerts.alert_registry.
        autodiscover_modules("alerts")
