"""Published revisions (as stored at 发布) and the figures page."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView, TemplateView

from core.audit import log_event
from core.year import current_year, year_choices
from reports.models import AnnualReport, ReportRevision
from reports.placeholders import find_placeholders
from reports.selectors import (
    document_from_json,
    figure_usage,
    frozen_figures,
    live_figures,
    report_sections,
)
from reports.views.common import (
    DOCX,
    PDF,
    ReportPermissionMixin,
    can_edit_sections,
    download,
    preview_html,
    report_filename,
)


class RevisionDetailView(ReportPermissionMixin, DetailView):
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


class RevisionDownloadView(ReportPermissionMixin, DetailView):
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


class FigureListView(ReportPermissionMixin, TemplateView):
    """Every figure of a year: value, numerator/denominator, the records behind it,
    and the report sections that use it."""

    permission_required = "reports.view_annualreport"
    template_name = "reports/figure_list.html"

    def get_year(self) -> int:
        return current_year(self.request)

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
            years=year_choices(self.request, year),
            report=report,
            can_edit_sections=can_edit_sections(report, self.request.user),
            groups=[(labels.get(app, app), rows) for app, rows in groups.items()],
            unknown_keys=sorted(set(usage) - set(figures)),
        )
        return context
