"""Pages of the reports app: the reports of each year, the outline editor, the
workflow, the published revisions and the figures page.

Downloads (issue 17): a published revision's PDF and Word file are served byte for
byte as stored at 发布 (SHA-256 checked); an approved report's 审定稿 is its frozen
snapshot, watermarked 审定稿; a rendering from today's records exists only as the
explicit 草稿 download, watermarked and named 草稿.

Access (core.mixins.OrgPermissionMixin): anonymous → login, another town's
report → 404, a missing permission → 403. Only a draft (起草) is edited; any
write to a submitted, approved or published report is refused with 403.
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import DeleteView, DetailView, FormView, ListView, TemplateView, UpdateView

from core.audit import log_event
from core.mixins import OrgFormMixin, OrgPermissionMixin
from core.models import AuditLog
from core.params import get_id, get_year
from reports import claims, output, services
from reports.choices import ReportStatus
from reports.contents import content_statuses
from reports.forms import (
    AnnualReportForm,
    ClaimAcknowledgeForm,
    ReportCreateForm,
    ReportSectionForm,
    TransitionForm,
)
from reports.models import SECTION_TEXT_MAX_LENGTH, AnnualReport, ReportApproval, ReportRevision, ReportSection
from reports.placeholders import FORMATS, YEAR_KEYS, Problem, find_placeholders, resolve_text
from reports.selectors import (
    APPROVED_MARK,
    LIVE_MARK,
    build_document,
    completeness,
    document_from_json,
    figure_usage,
    frozen_figures,
    latest_revision,
    live_figures,
    moved_figures,
    numbered,
    report_revisions,
    report_sections,
    standing_approval,
)

# ---------------------------------------------------------------- helpers


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


# ---------------------------------------------------------------- reports


class ReportListView(OrgPermissionMixin, ListView):
    model = AnnualReport
    template_name = "reports/annualreport_list.html"
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().annotate(revision_count=Count("revisions")).order_by("-year")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("reports.add_annualreport")
        context["today"] = timezone.localdate()
        return context


class ReportCreateView(OrgPermissionMixin, FormView):
    model = AnnualReport
    permission_action = "add"
    form_class = ReportCreateForm
    template_name = "reports/form.html"

    def get_initial(self):
        years = set(AnnualReport.objects.filter(organization=self.organization).values_list("year", flat=True))
        year = timezone.localdate().year - 1
        while year in years and year < timezone.localdate().year:
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


class ReportDetailView(OrgPermissionMixin, DetailView):
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
        context.update(
            sections=numbered(sections, figures),
            issues=completeness(report, sections, figures, built),
            contents=content_statuses(sections, figures),
            findings=claim_rows(report, sections, figures),
            can_acknowledge=report.is_editable and user.has_perm("reports.submit_annualreport"),
            min_reason_length=services.MIN_REASON_LENGTH,
            revisions=revisions,
            # What the page's download buttons serve: the revision in force once
            # published, the frozen 审定稿 while approved, else only the 草稿.
            latest_revision=revisions[0] if report.status == ReportStatus.PUBLISHED and revisions else None,
            approval=approval,
            moved=moved_figures(approval, figures) if approval else [],
            actions=self.actions(report, user),
            transition_form=TransitionForm(),
            can_edit=report.is_editable and user.has_perm("reports.change_annualreport"),
            history=AuditLog.objects.filter(
                organization=report.organization, model_label="reports.AnnualReport", object_id=str(report.pk)
            ).select_related("user")[:30],
            rendering_available=output.available(),
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


class ClaimAcknowledgeView(OrgPermissionMixin, DetailView):
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


class ReportEditView(EditableReportMixin, OrgPermissionMixin, DetailView):
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
            outline=[(s, number, problems_by_section.get(s.pk, [])) for s, number in numbered(sections, figures)],
            issues=completeness(report, sections, figures, built),
            preview=preview_html(built.document),
        )
        return context


class ReportMetaUpdateView(EditableReportMixin, OrgPermissionMixin, OrgFormMixin, UpdateView):
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


class ReportPreviewView(OrgPermissionMixin, DetailView):
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


class ReportDownloadView(OrgPermissionMixin, DetailView):
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


class ApprovalDownloadView(OrgPermissionMixin, DetailView):
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


class ReportTransitionView(OrgPermissionMixin, DetailView):
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


# ---------------------------------------------------------------- sections


class SectionFormContextMixin:
    def section_context(self, report):
        figures = live_figures(report.organization, report.year)
        return {
            "report": report,
            "figures": figures_for_picker(figures),
            "year_keys": [(key, label, report.year + offset) for key, (label, offset) in YEAR_KEYS.items()],
            "formats": [(fmt, text) for fmt, text in FORMATS.items() if fmt],
        }


class SectionCreateView(EditableReportMixin, SectionFormContextMixin, OrgPermissionMixin, FormView):
    model = AnnualReport  # the URL's pk is the report's (404 for another town)
    permission_required = "reports.add_reportsection"
    form_class = ReportSectionForm
    template_name = "reports/reportsection_form.html"

    def get_report(self):
        return get_object_or_404(AnnualReport, pk=self.kwargs["pk"])

    def after(self):
        pk = get_id(self.request.GET, "after") or get_id(self.request.POST, "after")
        if pk is None:
            return None
        return ReportSection.objects.filter(report=self.get_report(), pk=pk).first()

    def get_initial(self):
        after = self.after()
        return {"level": after.level if after else 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        report = self.get_report()
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            section = services.section_add(report=report, after=self.after(), **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, "已新增条目。")
        return HttpResponseRedirect(reverse("reports:report_edit", args=[report.pk]) + f"#section-{section.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.section_context(self.get_report()), after=self.after(), page_heading="新增提纲条目")
        return context


class SectionUpdateView(EditableReportMixin, SectionFormContextMixin, OrgPermissionMixin, UpdateView):
    model = ReportSection
    permission_action = "change"
    form_class = ReportSectionForm
    template_name = "reports/reportsection_form.html"

    def get_report(self):
        return get_object_or_404(ReportSection.objects.select_related("report"), pk=self.kwargs["pk"]).report

    def get_queryset(self):
        return super().get_queryset().select_related("report", "report__organization")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            section = services.section_update(section=self.object, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, "已保存。")
        return HttpResponseRedirect(reverse("reports:report_edit", args=[section.report_id]) + f"#section-{section.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.section_context(self.object.report), page_heading="编辑提纲条目")
        return context


class SectionDeleteView(EditableReportMixin, OrgPermissionMixin, DeleteView):
    model = ReportSection
    permission_action = "delete"
    template_name = "reports/reportsection_confirm_delete.html"

    def get_report(self):
        return get_object_or_404(ReportSection.objects.select_related("report"), pk=self.kwargs["pk"]).report

    def form_valid(self, form):
        report = self.object.report
        services.section_delete(section=self.object)
        messages.success(self.request, "已删除条目。")
        return redirect("reports:report_edit", report.pk)


class SectionMoveView(EditableReportMixin, OrgPermissionMixin, DetailView):
    """POST direction=up|down|indent|outdent."""

    model = ReportSection
    permission_action = "change"
    http_method_names = ["post"]

    def get_report(self):
        return get_object_or_404(ReportSection.objects.select_related("report"), pk=self.kwargs["pk"]).report

    def post(self, request, *args, **kwargs):
        section = self.get_object()
        try:
            services.section_move(section=section, direction=request.POST.get("direction", ""))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return HttpResponseRedirect(reverse("reports:report_edit", args=[section.report_id]) + f"#section-{section.pk}")


class SectionPreviewView(OrgPermissionMixin, DetailView):
    """htmx: the section being typed, resolved with this year's figures (nothing saved)."""

    model = AnnualReport
    permission_required = "reports.change_reportsection"
    http_method_names = ["post"]
    template_name = "reports/includes/section_preview.html"

    def post(self, request, *args, **kwargs):
        report = self.get_object()
        figures = live_figures(report.organization, report.year)
        heading, heading_problems = resolve_text(request.POST.get("heading", ""), figures)
        text = request.POST.get("text", "")
        if len(text) > SECTION_TEXT_MAX_LENGTH:
            # Saving would refuse it anyway; don't lay out megabytes on every keystroke.
            length_problem = Problem("", f"正文最多{SECTION_TEXT_MAX_LENGTH}字，现有{len(text)}字，无法保存。")
            text, text_problems = "", [length_problem]
        else:
            text, text_problems = resolve_text(text, figures)
        items = []
        if request.POST.get("kind") == "items":
            figure = figures.get(request.POST.get("items_key", ""))
            items = figure.items if figure else []
        context = {
            "heading": heading,
            "paragraphs": [p.strip() for p in text.splitlines() if p.strip()],
            "problems": [p.message for p in heading_problems + text_problems],
            "items": items,
        }
        return HttpResponse(render_to_string(self.template_name, context, request=request))


# ---------------------------------------------------------------- revisions


class RevisionDetailView(OrgPermissionMixin, DetailView):
    """A published revision exactly as published: its stored figures and text."""

    model = ReportRevision
    template_name = "reports/reportrevision_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("report", "published_by", "approved_by", "submitted_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        revision = self.object
        figures = frozen_figures(revision)
        document = document_from_json(revision.document)
        keys = set()
        for entry in revision.outline:
            keys |= {ph.key for ph in find_placeholders(entry["heading"] + entry["text"])}
            if entry.get("items_key"):
                keys.add(entry["items_key"])
        context.update(
            report=revision.report,
            used_figures=[figures[k] for k in sorted(keys) if k in figures and figures[k].kind != "year"],
            preview=preview_html(document),
        )
        return context


class RevisionDownloadView(OrgPermissionMixin, DetailView):
    """A published revision's PDF or Word file, byte for byte as stored at 发布.

    Each file is checked against the SHA-256 recorded with it; a file that no longer
    matches is refused (and audited), never replaced by a fresh rendering."""

    model = ReportRevision

    def get_queryset(self):
        return super().get_queryset().select_related("report")

    def get(self, request, *args, **kwargs):
        revision = self.get_object()
        report = revision.report
        fmt = request.GET.get("format", "pdf")
        if fmt not in ("pdf", "docx"):
            raise Http404("不支持的格式")
        stored, digest = (revision.pdf, revision.pdf_sha256) if fmt == "pdf" else (revision.docx, revision.docx_sha256)
        label = "PDF" if fmt == "pdf" else "Word文件"
        if not stored:
            messages.error(request, f"第{revision.number}版发布时没有存档{label}（早于Word存档功能），请下载PDF。")
            return redirect(revision)
        with stored.open("rb") as handle:
            content = handle.read()
        if hashlib.sha256(content).hexdigest() != digest:
            log_event(
                "export",
                obj=revision,
                organization_id=report.organization_id,
                detail=f"拒绝下载：存档{label}的SHA-256与发布时记录的不一致",
            )
            messages.error(request, f"存档{label}的SHA-256与发布时记录的不一致，文件可能已被改动，已拒绝下载。")
            return redirect(revision)
        log_event("export", obj=revision, organization_id=report.organization_id, detail=f"下载已发布{label}")
        return download(
            content, report_filename(report, f"定稿·第{revision.number}版", fmt), PDF if fmt == "pdf" else DOCX
        )


# ---------------------------------------------------------------- figures


class FigureListView(OrgPermissionMixin, TemplateView):
    """Every figure of a year: value, numerator/denominator, the records behind it,
    and the report sections that use it."""

    permission_required = "reports.view_annualreport"
    template_name = "reports/figure_list.html"

    def get_year(self) -> int:
        return get_year(self.request.GET, default=timezone.localdate().year - 1)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        organization = self.organization
        figures = live_figures(organization, year)
        report = AnnualReport.objects.filter(organization=organization, year=year).first()
        sections = report_sections(report) if report else []
        usage = figure_usage(sections, figures)
        groups: dict[str, list] = {}
        for figure in figures.values():
            if figure.kind == "year":
                continue
            groups.setdefault(figure.app_label, []).append((figure, usage.get(figure.key, [])))
        from django.apps import apps

        labels = {c.label: c.verbose_name for c in apps.get_app_configs()}
        context.update(
            year=year,
            years=list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
            report=report,
            groups=[(labels.get(app, app), rows) for app, rows in groups.items()],
            unknown_keys=sorted(set(usage) - set(figures)),
        )
        return context
