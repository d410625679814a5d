from django.contrib import admin

from accounts.admin import OrgScopedAdmin
from indicators.models import IndicatorDefinition, IndicatorValue


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(OrgScopedAdmin):
    list_display = ["key", "label", "unit", "department", "is_active"]
    list_filter = ["is_active"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(OrgScopedAdmin):
    list_display = ["year", "definition", "value", "source"]
    list_filter = ["year"]
