"""The reports of each year: list, create, detail, editor, preview, draft download, workflow."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, UpdateView

from core.audit import log_event
from core.mixins import OrgFormMixin
from core.models import AuditLog
from core.year import current_year
from reports import claims, deadlines, output, services
from reports.choices import ReportStatus
from reports.contents import content_statuses
from reports.forms import (
    AnnualReportForm,
    ClaimAcknowledgeForm,
    ReportCreateForm,
    TransitionForm,
)
from reports.models import AnnualReport, ReportApproval, ReportRevision
from reports.selectors import (
    APPROVED_MARK,
    LIVE_MARK,
    build_document,
    completeness,
    document_from_json,
    latest_revision,
    live_figures,
    moved_figures,
    numbered,
    report_revisions,
    report_sections,
    standing_approval,
)
from reports.views.common import (
    DOCX,
    PDF,
    EditableReportMixin,
    ReportPermissionMixin,
    approved_document,
    can_edit_sections,
    download,
    preview_html,
    report_filename,
)


class ReportListView(ReportPermissionMixin, ListView):
    model = AnnualReport
    template_name = "reports/annualreport_list.html"
    paginate_by = 20

    def get_queryset(self):
        # The user's own reports: a town's, or a district's own (its towns' reports are
        # followed on /district/reports/, whatever town the district user picked).
        queryset = AnnualReport.objects.filter(organization=self.organization)
        return queryset.annotate(revision_count=Count("revisions")).order_by("-year")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("reports.add_annualreport")
        context["today"] = timezone.localdate()
        return context


class ReportCreateView(ReportPermissionMixin, FormView):
    model = AnnualReport
    permission_action = "add"
    form_class = ReportCreateForm
    template_name = "reports/form.html"

    def get_initial(self):
        years = set(AnnualReport.objects.filter(organization=self.organization).values_list("year", flat=True))
        this_year = timezone.localdate().year
        # The portal's year (core.year) when it has no report yet; else the first year
        # from last year on without one (the report is written early the next year).
        year = current_year(self.request)
        if year in years or year > this_year:
            year = this_year - 1
            while year in years and year < this_year:
                year += 1
        return {"year": year}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        try:
            report = services.report_create(
                organization=self.organization, year=form.cleaned_data["year"], by=self.request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已新建{report.year}年度报告，指标已按{report.year}年重新计算。")
        return redirect("reports:report_edit", report.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_heading="新建年度报告", **kwargs)


class ReportDetailView(ReportPermissionMixin, DetailView):
    """The report's overview: status and workflow, completeness check, outline, revisions, history."""

    model = AnnualReport
    template_name = "reports/annualreport_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        user = self.request.user
        sections = report_sections(report)
        figures = live_figures(report.organization, report.year)
        built = build_document(report, sections, figures)
        approval = standing_approval(report)
        revisions = list(report_revisions(report))
        # A district user reads its towns' reports but writes only the district's own
        # (core.mixins refuses the rest): no button that would answer 403.
        own = report.organization_id == user.organization_id
        context.update(
            sections=numbered(sections, figures),
            issues=completeness(report, sections, figures, built),
            contents=content_statuses(sections, figures),
            findings=claim_rows(report, sections, figures),
            can_acknowledge=own and report.is_editable and user.has_perm("reports.submit_annualreport"),
            min_reason_length=services.MIN_REASON_LENGTH,
            revisions=revisions,
            # What the page's download buttons serve: the revision in force once
            # published, the frozen 审定稿 while approved, else only the 草稿.
            latest_revision=revisions[0] if report.status == ReportStatus.PUBLISHED and revisions else None,
            approval=approval,
            moved=moved_figures(approval, figures) if approval else [],
            actions=self.actions(report, user) if own else [],
            transition_form=TransitionForm(),
            can_edit=own and report.is_editable and user.has_perm("reports.change_annualreport"),
            can_edit_sections=can_edit_sections(report, user),
            history=AuditLog.objects.filter(
                organization=report.organization, model_label="reports.AnnualReport", object_id=str(report.pk)
            ).select_related("user")[:30],
            rendering_available=output.available(),
            secrecy_review=report.current_secrecy_review,
            can_review=own and report.status == ReportStatus.APPROVED and user.has_perm("reports.add_secrecyreview"),
            can_record_release=own
            and report.status == ReportStatus.PUBLISHED
            and user.has_perm("reports.record_release_annualreport"),
            submission_deadline=deadlines.submission_deadline(report.organization, report.year),
        )
        context.update(font_warnings=output.font_warnings(), fonts_hint=output.FONTS_HINT)
        return context

    @staticmethod
    def actions(report, user) -> list[dict]:
        allowed = {
            ReportStatus.DRAFT: ["submit"],
            ReportStatus.SUBMITTED: ["approve", "return"],
            ReportStatus.APPROVED: ["publish", "return"],
            ReportStatus.PUBLISHED: ["reopen"],
        }[report.status]
        result = []
        for action in allowed:
            label, perm, _ = services.TRANSITIONS[action]
            if user.has_perm(f"reports.{perm}"):
                result.append(
                    {
                        "action": action,
                        "label": label,
                        "url": reverse(f"reports:report_{action}", args=[report.pk]),
                        "comment": action in ("approve", "return", "reopen"),
                    }
                )
        return result


def claim_rows(report, sections, figures) -> list[tuple]:
    """(finding, acknowledgement or None) for the report page."""
    acknowledged = claims.acknowledgements(report)
    return [(f, acknowledged.get(f.fingerprint)) for f in claims.report_claims(report, sections, figures)]


class ClaimAcknowledgeView(ReportPermissionMixin, DetailView):
    """POST fingerprint + reason: keep a sentence the records seem to contradict, with the
    drafter's reason (services.claim_acknowledge writes the audit entry)."""

    model = AnnualReport
    permission_required = "reports.submit_annualreport"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = self.get_object()
        form = ClaimAcknowledgeForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(reverse("reports:report_detail", args=[report.pk]) + "#claims")
        try:
            services.claim_acknowledge(
                report=report,
                fingerprint=form.cleaned_data["fingerprint"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "已记录说明理由，该核查结果不再阻止送审。")
        return redirect(reverse("reports:report_detail", args=[report.pk]) + "#claims")


class ReportEditView(EditableReportMixin, ReportPermissionMixin, DetailView):
    """The outline editor: add, reorder, change level, delete; with the full preview beside it."""

    model = AnnualReport
    permission_action = "change"
    template_name = "reports/annualreport_edit.html"

    def get_report(self):
        return get_object_or_404(AnnualReport, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        sections = report_sections(report)
        figures = live_figures(report.organization, report.year)
        built = build_document(report, sections, figures)
        problems_by_section: dict[int, list[str]] = {}
        for item in built.problems:
            if item.section is not None:
                problems_by_section.setdefault(item.section.pk, []).append(item.problem.message)
        context.update(
            can_edit_sections=can_edit_sections(report, self.request.user),
            outline=[(s, number, problems_by_section.get(s.pk, [])) for s, number in numbered(sections, figures)],
            issues=completeness(report, sections, figures, built),
            preview=preview_html(built.document),
        )
        return context


class ReportMetaUpdateView(EditableReportMixin, ReportPermissionMixin, OrgFormMixin, UpdateView):
    model = AnnualReport
    permission_action = "change"
    form_class = AnnualReportForm
    template_name = "reports/form.html"
    success_message = "报告标题和落款已保存。"

    def get_report(self):
        return get_object_or_404(AnnualReport, pk=self.kwargs["pk"])

    def get_success_url(self):
        return reverse("reports:report_edit", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_heading=f"{self.object} · 标题和落款", show_help=True, **kwargs)


class ReportPreviewView(ReportPermissionMixin, DetailView):
    """The report as it stands: the published revision in force, the frozen 审定稿
    while approved, else the draft with today's figures (marked 草稿)."""

    model = AnnualReport
    template_name = "reports/annualreport_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        problems = []
        revision = latest_revision(report) if report.status == ReportStatus.PUBLISHED else None
        approval = standing_approval(report)
        if revision is not None:
            document = document_from_json(revision.document)
            source = f"已发布的第{revision.number}版（定稿），与存档文件一致。"
        elif approval is not None:
            document = approved_document(approval)
            source = f"第{approval.number}版审定稿：审定时固定的文本和指标，不随记录变化。"
        else:
            built = build_document(
                report, report_sections(report), live_figures(report.organization, report.year), draft_mark=LIVE_MARK
            )
            document, problems = built.document, built.problems
            source = "草稿：指标按当前记录计算。"
        context.update(preview=preview_html(document), problems=problems, source=source)
        return context


class ReportDownloadView(ReportPermissionMixin, DetailView):
    """The explicit 草稿 download: the current text with figures computed from today's
    records, watermarked 草稿 and named 草稿, whatever the report's status. The
    published file is served by RevisionDownloadView, the approved one by
    ApprovalDownloadView."""

    model = AnnualReport

    def get(self, request, *args, **kwargs):
        report = self.get_object()
        fmt = request.GET.get("format", "pdf")
        if fmt not in ("pdf", "docx"):
            raise Http404("不支持的格式")
        built = build_document(
            report,
            report_sections(report),
            live_figures(report.organization, report.year),
            draft_mark=LIVE_MARK,
        )
        try:
            content = output.render_pdf(built.document) if fmt == "pdf" else output.render_docx(built.document)
        except output.RenderingUnavailable as exc:
            messages.error(request, str(exc))
            return redirect(report)
        log_event("export", obj=report, detail=f"下载草稿（{fmt.upper()}，指标按当前记录计算）")
        return download(content, report_filename(report, LIVE_MARK, fmt), PDF if fmt == "pdf" else DOCX)


class ApprovalDownloadView(ReportPermissionMixin, DetailView):
    """The 审定稿 as approved (frozen text and figures), watermarked 审定稿: what the
    leader reads before 发布. Laid out on request; the published files are stored."""

    model = ReportApproval

    def get_queryset(self):
        return super().get_queryset().select_related("report")

    def get(self, request, *args, **kwargs):
        approval = self.get_object()
        report = approval.report
        fmt = request.GET.get("format", "pdf")
        if fmt not in ("pdf", "docx"):
            raise Http404("不支持的格式")
        document = approved_document(approval)
        try:
            content = output.render_pdf(document) if fmt == "pdf" else output.render_docx(document)
        except output.RenderingUnavailable as exc:
            messages.error(request, str(exc))
            return redirect(report)
        log_event(
            "export",
            obj=report,
            detail=f"下载第{approval.number}版审定稿（{fmt.upper()}，审定时固定的文本和指标）",
        )
        return download(content, report_filename(report, APPROVED_MARK, fmt), PDF if fmt == "pdf" else DOCX)


class ReportTransitionView(ReportPermissionMixin, DetailView):
    """POST 送审/审定/退回/发布/重新打开; each needs its own permission."""

    model = AnnualReport
    http_method_names = ["post"]
    action = ""  # set per URL: submit / approve / return / publish / reopen

    def get_permission_required(self):
        return [f"reports.{services.TRANSITIONS[self.action][1]}"]

    def post(self, request, *args, **kwargs):
        report = self.get_object()
        label, _perm, service = services.TRANSITIONS[self.action]
        form = TransitionForm(request.POST)
        comment = form.cleaned_data["comment"] if form.is_valid() else ""
        extra = {}
        if self.action in ("approve", "return"):
            extra["comment"] = comment
        elif self.action == "reopen":
            extra["reason"] = comment
        elif self.action == "publish":
            # The figures that moved after 审定, each ticked by the leader on the page.
            extra["confirmed"] = request.POST.getlist("confirm_moved")
        try:
            result = service(report=report, by=request.user, **extra)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(report)
        if isinstance(result, ReportRevision):
            messages.success(
                request,
                f"已发布第{result.number}版（按审定稿），PDF和Word文件已存档"
                f"（PDF SHA-256 {result.pdf_sha256[:16]}…，Word SHA-256 {result.docx_sha256[:16]}…）。",
            )
        else:
            messages.success(request, f"已{label}。")
        return redirect(report)
