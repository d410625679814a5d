"""After 审定: the 保密审查 page, the 报送/公开 form and the release package (issue 21).

Access as everywhere (core.mixins.ReportPermissionMixin): anonymous → login, another
town's report → 404, a missing permission → 403.
- 保密审查: leaders (reports.add_secrecyreview); its scanned 审查单 opens for whoever
  may read the reviews (reports.view_secrecyreview).
- 报送/公开: reports.record_release_annualreport (clerks and leaders).
- 发布包: whoever may download the published PDF (reports.view_reportrevision).
"""

from __future__ import annotations

import hashlib
import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, FormView, UpdateView

from core.audit import log_event
from core.mixins import scope_queryset
from reports import deadlines, package, publication
from reports.choices import ReportStatus
from reports.forms import ReleaseForm, SecrecyReviewForm
from reports.models import AnnualReport, ReportRevision, SecrecyReview
from reports.selectors import standing_approval
from reports.views.common import ReportPermissionMixin, download


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class SecrecyReviewView(ReportPermissionMixin, FormView):
    """GET: the report's reviews and the form; POST reviewer, reviewed_on, conclusion, note, scan."""

    model = AnnualReport
    permission_required = "reports.add_secrecyreview"
    form_class = SecrecyReviewForm
    template_name = "reports/secrecy_review.html"

    report: AnnualReport | None = None

    def get_report(self) -> AnnualReport:
        # check_object_scope already answered 404 for another town's report.
        if self.report is None:
            self.report = get_object_or_404(
                scope_queryset(AnnualReport.objects.all(), self.request.user), pk=self.kwargs["pk"]
            )
        return self.report

    def form_valid(self, form):
        report = self.get_report()
        data = form.cleaned_data
        try:
            review = publication.secrecy_review_record(
                report=report,
                by=self.request.user,
                reviewer=data["reviewer"],
                reviewed_on=data["reviewed_on"],
                conclusion=data["conclusion"],
                note=data["note"],
                scan=data.get("scan"),
                approval_id=data.get("approval"),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已登记保密审查：{review.get_conclusion_display()}。")
        return redirect(report)

    def get_initial(self):
        approval = standing_approval(self.get_report())
        return {"approval": approval.pk if approval else None}

    def get_context_data(self, **kwargs):
        report = self.get_report()
        return super().get_context_data(
            object=report,
            report=report,
            reviews=report.secrecy_reviews.select_related("created_by"),
            current=report.current_secrecy_review,
            can_record=report.status == ReportStatus.APPROVED,
            **kwargs,
        )


class SecrecyScanView(ReportPermissionMixin, DetailView):
    """The scanned 审查单 of a review, served through the organisation check (never MEDIA_URL)."""

    model = SecrecyReview

    def get_queryset(self):
        return super().get_queryset().select_related("report")

    def get(self, request, *args, **kwargs):
        review = self.get_object()
        if not review.scan:
            raise Http404("该审查记录没有审查单扫描件")
        extension = review.scan.name.rsplit(".", 1)[-1].lower()
        content_type = mimetypes.types_map.get(f".{extension}", "application/octet-stream")
        log_event("export", obj=review, organization_id=review.report.organization_id, detail="下载保密审查单扫描件")
        filename = f"{review.report.year}年度报告保密审查单.{extension}"
        return FileResponse(review.scan.open("rb"), as_attachment=True, filename=filename, content_type=content_type)


class ReleaseRecordView(ReportPermissionMixin, UpdateView):
    """报送区委区政府 and 公开 of a published report: dates, public address, 索引号."""

    model = AnnualReport
    permission_required = "reports.record_release_annualreport"
    form_class = ReleaseForm
    template_name = "reports/release_form.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status != ReportStatus.PUBLISHED:
            messages.error(request, "报告发布后才能登记报送和公开情况。")
            return redirect(self.object)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        # A fresh copy: the form has already written the posted values onto its instance.
        report = self.get_object()
        data = form.cleaned_data
        try:
            publication.release_record(
                report=report,
                by=self.request.user,
                sent_to_district_on=data["sent_to_district_on"],
                publicly_released_on=data["publicly_released_on"],
                public_url=data["public_url"],
                index_number=data["index_number"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "已保存报送和公开情况。")
        return redirect(report)

    def get_context_data(self, **kwargs):
        report = self.object
        return super().get_context_data(
            report=report,
            submission_deadline=deadlines.submission_deadline(report.organization, report.year),
            publication_deadline=deadlines.publication_deadline(report.year),
            published_on=publication.first_published_on(report),
            **kwargs,
        )


class RevisionPackageView(ReportPermissionMixin, DetailView):
    """发布包 (zip) of a published revision: the stored PDF, an HTML edition, metadata.json and
    SHA256SUMS (reports.package). The stored PDF must still match its SHA-256, as for the
    PDF download itself."""

    model = ReportRevision

    def get_queryset(self):
        return super().get_queryset().select_related("report", "report__organization")

    def get(self, request, *args, **kwargs):
        revision = self.get_object()
        report = revision.report
        with revision.pdf.open("rb") as handle:
            pdf = handle.read()
        if hashlib.sha256(pdf).hexdigest() != revision.pdf_sha256:
            log_event(
                "export",
                obj=revision,
                organization_id=report.organization_id,
                detail="拒绝生成发布包：存档PDF的SHA-256与发布时记录的不一致",
            )
            messages.error(request, "存档PDF的SHA-256与发布时记录的不一致，文件可能已被改动，已拒绝生成发布包。")
            return redirect(revision)
        content = package.build_package(revision, pdf)
        log_event("export", obj=revision, organization_id=report.organization_id, detail="下载发布包")
        return download(content, f"{package.base_name(revision)}（第{revision.number}版发布包）.zip", "application/zip")
