from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from disputes.models import Agreement, Dispute, DisputeCategory, FollowUp, Mediator, Party


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0


@admin.register(Dispute)
class DisputeAdmin(SimpleHistoryAdmin):
    list_display = ["serial", "received_on", "community", "category", "status", "concluded_on"]
    list_filter = ["status", "grade", "risk", "source", "organization"]
    search_fields = ["serial", "summary"]
    readonly_fields = ["serial", "year", "number", "status", "started_on", "concluded_on", "outcome", "referred_to"]
    inlines = [PartyInline]


@admin.register(DisputeCategory)
class DisputeCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "sort_order", "is_active"]


@admin.register(Mediator)
class MediatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "organization", "is_active"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["dispute", "form", "signed_on", "performance", "confirmation_applied"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["dispute", "visited_on", "visitor", "method", "satisfaction"]
