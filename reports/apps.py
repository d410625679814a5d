from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"

    def ready(self):
        # Fail at start-up, not at the first (30× slower) PDF: without
        # libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools
        # (../shared/DOMAIN.md "WeasyPrint facts"). Also registers check reports.E001.
        from .rendering.checks import ensure_harfbuzz_subset

        ensure_harfbuzz_subset()
