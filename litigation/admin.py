from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from litigation.models import CaseDocument, LitigationCase, ReconsiderationCase


@admin.register(ReconsiderationCase)
class ReconsiderationCaseAdmin(SimpleHistoryAdmin):
    list_display = ["case_number", "organization", "copy_received_on", "reply_submitted_on", "decided_on", "decision"]
    list_filter = ["organization", "procedure", "decision"]
    search_fields = ["case_number"]


@admin.register(LitigationCase)
class LitigationCaseAdmin(SimpleHistoryAdmin):
    list_display = ["case_number", "organization", "level", "copy_received_on", "answer_submitted_on", "judged_on"]
    list_filter = ["organization", "level", "outcome"]
    search_fields = ["case_number"]


@admin.register(CaseDocument)
class CaseDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organization", "kind", "created_at"]
    list_filter = ["organization", "kind"]
