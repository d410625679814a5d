from django.apps import AppConfig


class PublicityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publicity"
