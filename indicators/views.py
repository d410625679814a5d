"""其他年度数据: the managed list of definitions and the yearly figures form."""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import DetailView, FormView, TemplateView, View

from core.mixins import OrgPermissionMixin
from core.registers.attachments import serve_file
from core.registers.views import (
    RegisterCreateView,
    RegisterImportTemplateView,
    RegisterImportView,
    RegisterListView,
    RegisterUpdateView,
)
from core.year import current_year, year_choices
from indicators import selectors
from indicators.filters import IndicatorDefinitionFilterSet
from indicators.forms import IndicatorDefinitionForm, IndicatorValueForm, YearlyFiguresForm
from indicators.importers import IndicatorValueImporter
from indicators.models import IndicatorDefinition, IndicatorValue
from indicators.services import indicator_values_save, standard_definitions_create


def _year(request) -> int:
    return current_year(request)


class YearMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["year"] = self.year
        context["years"] = year_choices(self.request, self.year)
        return context

    @property
    def year(self) -> int:
        return _year(self.request)


# ---- 指标定义 ----------------------------------------------------------------
class IndicatorDefinitionListView(RegisterListView):
    model = IndicatorDefinition
    ledger = "indicators:definition_list"
    paginate_by = 100
    filterset_class = IndicatorDefinitionFilterSet
    template_name = "indicators/indicatordefinition_list.html"
    add_url = "indicators:definition_add"
    sort_fields = {"order": ("order", "key"), "key": ("key",), "department": ("department__name", "order")}

    def base_queryset(self):
        return selectors.definitions(self.organization)


class IndicatorDefinitionCreateView(RegisterCreateView):
    model = IndicatorDefinition
    form_class = IndicatorDefinitionForm
    success_url = reverse_lazy("indicators:definition_list")


class IndicatorDefinitionUpdateView(RegisterUpdateView):
    model = IndicatorDefinition
    form_class = IndicatorDefinitionForm
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


class IndicatorValueUpdateView(RegisterUpdateView):
    """One value with its source document."""

    model = IndicatorValue
    form_class = IndicatorValueForm


class IndicatorValueFileView(OrgPermissionMixin, DetailView):
    model = IndicatorValue

    def get(self, request, *args, **kwargs):
        value = self.get_object()
        if not value.source_file:
            raise Http404("没有来源附件")
        ext = os.path.splitext(value.source_file.name)[1]
        return serve_file(value.source_file, f"{value.year}年{value.definition.key}来源{ext}")


class IndicatorValueImportView(RegisterImportView):
    model = IndicatorValue
    permission_required = ["indicators.add_indicatorvalue", "indicators.change_indicatorvalue"]
    importer_class = IndicatorValueImporter
    success_url = "indicators:yearly"
    template_url = "indicators:import_template"
    success_message = "已导入 {count} 项年度数据。"
    intro = "每行一个指标一个年度的数值；指标键须与“指标定义”一致，已有数值的将被更新。所有行校验通过才会导入，任一行有误则全部不导入。"


class IndicatorValueTemplateView(RegisterImportTemplateView):
    model = IndicatorValue
    permission_required = ["indicators.add_indicatorvalue"]
    importer_class = IndicatorValueImporter
