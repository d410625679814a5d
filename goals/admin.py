from django.contrib import admin

from accounts.admin import OrgScopedAdmin
from goals.models import Goal, GoalArea, GoalAttachment, GoalUpdate


@admin.register(GoalArea)
class GoalAreaAdmin(OrgScopedAdmin):
    list_display = ["name", "order", "organization", "is_active"]
    list_filter = ["is_active"]


class GoalUpdateInline(admin.TabularInline):
    model = GoalUpdate
    extra = 0


@admin.register(Goal)
class GoalAdmin(OrgScopedAdmin):
    list_display = ["title", "year", "area", "status", "progress", "due_date", "organization"]
    list_filter = ["year", "status"]
    search_fields = ["title"]
    inlines = [GoalUpdateInline]


@admin.register(GoalAttachment)
class GoalAttachmentAdmin(OrgScopedAdmin):
    list_display = ["__str__", "goal", "created_at"]
