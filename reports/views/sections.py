"""The outline editor: add, edit, move, delete and preview one section."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import DeleteView, DetailView, FormView, UpdateView

from core.params import get_id
from reports import services
from reports.forms import (
    ReportSectionForm,
)
from reports.models import SECTION_TEXT_MAX_LENGTH, AnnualReport, ReportSection
from reports.placeholders import FORMATS, YEAR_KEYS, Problem, resolve_text
from reports.selectors import (
    live_figures,
)
from reports.views.common import (
    EditableReportMixin,
    ReportPermissionMixin,
    figures_for_picker,
)


class SectionFormContextMixin:
    def section_context(self, report):
        figures = live_figures(report.organization, report.year)
        return {
            "report": report,
            "figures": figures_for_picker(figures),
            "year_keys": [(key, label, report.year + offset) for key, (label, offset) in YEAR_KEYS.items()],
            "formats": [(fmt, text) for fmt, text in FORMATS.items() if fmt],
        }


class SectionCreateView(EditableReportMixin, SectionFormContextMixin, ReportPermissionMixin, FormView):
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


class SectionUpdateView(EditableReportMixin, SectionFormContextMixin, ReportPermissionMixin, UpdateView):
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


class SectionDeleteView(EditableReportMixin, ReportPermissionMixin, DeleteView):
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


class SectionMoveView(EditableReportMixin, ReportPermissionMixin, DetailView):
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


class SectionPreviewView(ReportPermissionMixin, DetailView):
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
