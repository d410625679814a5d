"""Helpers shared by the report pages: previews, downloads, file names, the edit guard."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.mixins import OrgPermissionMixin
from reports import output
from reports.models import AnnualReport, ReportApproval
from reports.selectors import (
    APPROVED_MARK,
    document_from_json,
)


def preview_html(document) -> str:
    """The document as HTML for a page: the renderers' HTML when installed, else a plain
    outline. A full page from the renderer goes into a sandboxed iframe (no scripts)."""
    if output.available():
        html = output.render_preview_html(document)
        if output.is_full_page(html):
            return render_to_string("reports/includes/document_frame.html", {"html": html})
        # The renderer escapes staff text itself (reports.rendering contract).
        return mark_safe(html)  # noqa: S308
    return render_to_string(
        "reports/includes/document_fallback.html", {"doc": document, "missing": output.MISSING_MESSAGE}
    )


def figures_for_picker(figures) -> list:
    return [f for key, f in figures.items() if f.kind != "year"]


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_filename(report: AnnualReport, what: str, fmt: str) -> str:
    """e.g. 2023年法治政府建设年度报告（草稿）.pdf — `what` says which document it is."""
    return f"{report.year}年法治政府建设年度报告（{what}）.{fmt}"


def approved_document(approval: ReportApproval):
    """The approved snapshot for reading before it is published: marked 审定稿."""
    document = document_from_json(approval.document)
    document.draft_mark = APPROVED_MARK
    return document


def can_edit_sections(report: AnnualReport | None, user) -> bool:
    """Whether the report's pages link its sections to their editor (reports:section_edit):
    only for a draft of the user's own organization, to a user who may change sections. A
    leader reads the completeness check and the figures' uses as text, not as links to 403."""
    return bool(
        report is not None
        and report.is_editable
        and report.organization_id == user.organization_id
        and user.has_perm("reports.change_reportsection")
    )


class ReportPermissionMixin(OrgPermissionMixin):
    """Every report page. A district user (of 大渡口区, with 录入员 or 领导) writes the
    district's own report here — its figures are its towns' added up — and only that:
    core.mixins refuses a district write to a town's report and keeps the town picked
    for the ledgers out of these pages (self.organization is the district)."""

    district_writes = True


class EditableReportMixin:
    """Writes only while the report is a draft: a submitted, approved or published
    report answers 403 to everyone (re-open a published one for a new revision)."""

    def get_report(self) -> AnnualReport:
        raise NotImplementedError

    def has_permission(self):
        if not super().has_permission():
            return False
        report = self.get_report()
        if not report.is_editable:
            self.permission_denied_message = f"报告当前为“{report.get_status_display()}”状态，不能修改。"
            return False
        return True
