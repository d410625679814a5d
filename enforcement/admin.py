from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from enforcement.models import Certificate, EnforcementCategory, Exam, Officer, Training, TrainingAttendance


@admin.register(EnforcementCategory)
class EnforcementCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "sort_order", "is_active"]
    list_filter = ["organization", "is_active"]


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    # No 身份证号/电话 in the changelist or search: personal data stays on the audited pages.
    list_display = ["name", "organization", "department", "position", "employment_status"]
    list_filter = ["organization", "employment_status"]
    search_fields = ["name"]
    exclude = ["id_number", "phone"]

    def has_add_permission(self, request):
        return False  # officers are registered in the portal, where 身份证号 is validated


@admin.register(Certificate)
class CertificateAdmin(SimpleHistoryAdmin):
    list_display = ["number", "officer", "kind", "issued_on", "expires_on", "state"]
    list_filter = ["kind", "state"]
    search_fields = ["number", "officer__name"]
    raw_id_fields = ["officer", "replaces"]


class AttendanceInline(admin.TabularInline):
    model = TrainingAttendance
    raw_id_fields = ["officer"]
    extra = 0


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organization", "start_on", "hours"]
    list_filter = ["organization"]
    inlines = [AttendanceInline]


@admin.register(Exam)
class ExamAdmin(SimpleHistoryAdmin):
    list_display = ["officer", "title", "exam_on", "score", "passed"]
    list_filter = ["kind", "passed"]
    raw_id_fields = ["officer"]
