from django.contrib import admin

from accounts.admin import OrgScopedAdmin
from core.masking import mask_id_number, mask_phone
from publicity.models import EventAttachment, GridMonthlyEntry, LegalEducationEvent, LegalLiaison


@admin.register(LegalEducationEvent)
class LegalEducationEventAdmin(OrgScopedAdmin):
    list_display = ["date", "kind", "title", "participants", "organization"]
    list_filter = ["kind"]
    search_fields = ["title"]


@admin.register(EventAttachment)
class EventAttachmentAdmin(OrgScopedAdmin):
    list_display = ["__str__", "event", "created_at"]


@admin.register(LegalLiaison)
class LegalLiaisonAdmin(OrgScopedAdmin):
    # Personal data stays masked in the admin too; the portal's detail page reveals it (audited).
    list_display = ["name", "masked_id", "masked_phone", "community", "status"]
    list_filter = ["status"]
    exclude = ["id_number", "phone"]

    @admin.display(description="身份证号")
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


@admin.register(GridMonthlyEntry)
class GridMonthlyEntryAdmin(OrgScopedAdmin):
    list_display = ["grid", "year", "month", "households_visited", "problems_found", "problems_solved"]
    list_filter = ["year", "month"]
