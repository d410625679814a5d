"""其他年度数据: the managed list of definitions and the yearly figures form."""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView, View

from core.mixins import OrgFormMixin, OrgPermissionMixin
from core.params import get_year
from goals.forms_base import ImportUploadForm
from indicators import selectors
from indicators.forms import IndicatorDefinitionForm, IndicatorValueForm, YearlyFiguresForm
from indicators.importers import IndicatorValueImporter
from indicators.models import IndicatorDefinition, IndicatorValue
from indicators.services import indicator_values_save, standard_definitions_create


def _year(request) -> int:
    return get_year(request.GET, default=timezone.localdate().year - 1)


class YearMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = self.year
        context["years"] = sorted(set(selectors.value_years(self.organization)) | {self.year}, reverse=True)
        return context

    @property
    def year(self) -> int:
        return _year(self.request)


# ---- 指标定义 ----------------------------------------------------------------
class IndicatorDefinitionListView(OrgPermissionMixin, ListView):
    model = IndicatorDefinition
    paginate_by = 100

    def get_queryset(self):
        return selectors.definitions(self.organization)


class IndicatorDefinitionCreateView(OrgFormMixin, OrgPermissionMixin, CreateView):
    model = IndicatorDefinition
    form_class = IndicatorDefinitionForm
    permission_action = "add"
    template_name = "goals/form.html"
    success_url = reverse_lazy("indicators:definition_list")


class IndicatorDefinitionUpdateView(OrgFormMixin, OrgPermissionMixin, UpdateView):
    model = IndicatorDefinition
    form_class = IndicatorDefinitionForm
    permission_action = "change"
    template_name = "goals/form.html"
    success_url = reverse_lazy("indicators:definition_list")


class StandardDefinitionsView(OrgPermissionMixin, View):
    """POST: add the standard definitions of docs/figures.md the town lacks."""

    model = IndicatorDefinition
    permission_action = "add"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        created = standard_definitions_create(organization=self.organization)
        messages.success(request, f"已添加 {created} 项标准指标。" if created else "标准指标均已存在。")
        return redirect("indicators:definition_list")


# ---- 年度数据 ----------------------------------------------------------------
class YearlyFiguresView(YearMixin, OrgPermissionMixin, TemplateView):
    """年度数据 — every definition with its value of the year (the figures the report quotes)."""

    model = IndicatorValue
    template_name = "indicators/yearly.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.yearly_rows(self.organization, self.year, include_inactive=True)
        return context


class YearlyFiguresEditView(YearMixin, OrgPermissionMixin, FormView):
    """全年数据填报 — one form for every active definition of the year."""

    permission_required = ["indicators.add_indicatorvalue", "indicators.change_indicatorvalue"]
    form_class = YearlyFiguresForm
    template_name = "indicators/yearly_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["rows"] = selectors.yearly_rows(self.organization, self.year)
        return kwargs

    def form_valid(self, form):
        try:
            changes = indicator_values_save(
                organization=self.organization, year=self.year, values=form.values_by_key(), by=self.request.user
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                form.add_error(None, f"{key}：{'；'.join(errors)}")
            return self.form_invalid(form)
        messages.success(self.request, f"已保存{self.year}年数据（{len(changes)} 项有变动）。")
        return redirect(f"{reverse('indicators:yearly')}?year={self.year}")


class IndicatorValueUpdateView(OrgFormMixin, OrgPermissionMixin, UpdateView):
    """One value with its source document."""

    model = IndicatorValue
    form_class = IndicatorValueForm
    permission_action = "change"
    template_name = "goals/form.html"


class IndicatorValueFileView(OrgPermissionMixin, DetailView):
    model = IndicatorValue

    def get(self, request, *args, **kwargs):
        value = self.get_object()
        if not value.source_file:
            raise Http404("没有来源附件")
        try:
            handle = value.source_file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("附件文件不存在") from exc
        ext = os.path.splitext(value.source_file.name)[1]
        return FileResponse(handle, as_attachment=True, filename=f"{value.year}年{value.definition.key}来源{ext}")


class IndicatorValueImportView(OrgPermissionMixin, FormView):
    permission_required = ["indicators.add_indicatorvalue", "indicators.change_indicatorvalue"]
    form_class = ImportUploadForm
    template_name = "indicators/import.html"

    def form_valid(self, form):
        result = IndicatorValueImporter().run(
            form.cleaned_data["file"], organization=self.organization, user=self.request.user
        )
        if not result.ok:
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        messages.success(self.request, f"已导入 {result.created} 项年度数据。")
        return redirect("indicators:yearly")


class IndicatorValueTemplateView(OrgPermissionMixin, View):
    permission_required = ["indicators.add_indicatorvalue"]

    def get(self, request, *args, **kwargs):
        return IndicatorValueImporter().template_response()
