from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import (
    AnnualReport,
    ReportApproval,
    ReportRevision,
    ReportSection,
    SecrecyReview,
    SubmissionDeadline,
)


class ReportSectionInline(admin.TabularInline):
    model = ReportSection
    extra = 0
    fields = ["position", "level", "heading", "required_content", "kind", "items_key"]


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "year", "status", "revision", "signed_on"]
    list_filter = ["organization", "status"]
    inlines = [ReportSectionInline]


@admin.register(ReportRevision)
class ReportRevisionAdmin(SimpleHistoryAdmin):
    list_display = ["report", "number", "published_at", "published_by", "pdf_sha256", "docx_sha256"]
    # A published revision is a record of what was published: read-only everywhere.
    readonly_fields = [f.name for f in ReportRevision._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportApproval)
class ReportApprovalAdmin(SimpleHistoryAdmin):
    list_display = ["report", "number", "approved_at", "approved_by", "returned_at"]
    # What the leader approved is a record, like a published revision: read-only.
    readonly_fields = [f.name for f in ReportApproval._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SubmissionDeadline)
class SubmissionDeadlineAdmin(SimpleHistoryAdmin):
    """Each district's 报送 day; a district without a row uses 3月1日 (reports.deadlines)."""

    list_display = ["organization", "month", "day"]


@admin.register(SecrecyReview)
class SecrecyReviewAdmin(SimpleHistoryAdmin):
    list_display = ["report", "reviewer", "reviewed_on", "conclusion", "voided_at"]
    # Entered by a leader in the portal (reports:report_secrecy) and kept as a record.
    readonly_fields = [f.name for f in SecrecyReview._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
