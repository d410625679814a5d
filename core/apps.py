from django.apps import AppConfig, apps
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
        # A login saves a new session with a whole idle period: it counts as its first renewal.
        from core.middleware import session_renewed_at_login

        user_logged_in.connect(session_renewed_at_login, dispatch_uid="core-session-renewed-on-login")

        # Each app's figures.py registers its yearly figures with core.figures.registry.
        autodiscover_modules("figures")
        # Each app's alerts.py registers its alert provider with core.alerts.alert_registry.
        autodiscover_modules("alerts")


def data_app_labels() -> list[str]:
    """The data apps (数据应用: the ledgers that record the town's work and publish its
    figures), in INSTALLED_APPS order: the apps whose AppConfig sets `is_data_app = True`.

    The one list the roles (accounts.roles), the figure cache (core.figure_cache) and the
    district generator (bench/generate.py) read, so a new data app is covered by adding
    the attribute to its AppConfig.
    """
    return [config.label for config in apps.get_app_configs() if getattr(config, "is_data_app", False)]
