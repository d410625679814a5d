from django.contrib import admin

from core.models import AuditLog


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
