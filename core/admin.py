from django.contrib import admin
from django.db import models

from core.models import AuditLog, HolidaySchedule, HolidayScheduleDay


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: audit entries can be listed and filtered, never edited or deleted."""

    town_admin = True  # each town administrator reads its own town's entries

    list_display = ["at", "action", "username", "ip_address", "model_name", "object_repr", "row_count"]
    list_filter = ["action", "model_name", "at"]
    search_fields = ["username", "object_repr", "detail"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not request.user.is_superuser:
            queryset = queryset.filter(organization_id=request.user.organization_id)
        return queryset

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HolidayScheduleDayInline(admin.TabularInline):
    model = HolidayScheduleDay
    extra = 0
    fields = ["date", "kind", "name"]


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    """The State Council's yearly 放假安排. National data that moves every town's deadlines,
    so superusers only (no `town_admin`); `manage.py load_holiday_schedule` loads a CSV."""

    list_display = ["year", "title", "document_number", "published_on", "day_count"]
    search_fields = ["title", "document_number"]
    inlines = [HolidayScheduleDayInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_day_count=models.Count("days"))

    @admin.display(description="日期数", ordering="_day_count")
    def day_count(self, obj):
        return obj._day_count
