"""普法活动, 法律明白人 and 网格月度工作 pages."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from accounts.models import Grid
from core.masking import can_view_personal_data, masked
from core.mixins import OrgFormMixin, OrgPermissionMixin, PersonalDataEditMixin, PersonalDataMixin
from core.params import get_id, get_int, get_year
from core.xlsx import export_response
from goals.forms_base import ImportUploadForm
from goals.views_base import AttachmentDownloadView, ParentMixin, TownDeleteView
from publicity import selectors
from publicity.filters import GridMonthlyEntryFilterSet, LegalEducationEventFilterSet, LegalLiaisonFilterSet
from publicity.forms import (
    EventAttachmentForm,
    GridMonthlyEntryForm,
    LegalEducationEventForm,
    LegalLiaisonForm,
)
from publicity.importers import GridMonthlyEntryImporter
from publicity.models import EventAttachment, GridMonthlyEntry, LegalEducationEvent, LegalLiaison


class FilteredListMixin:
    """A ListView filtered by a FilterSet built for the user's organization."""

    filterset_class = None

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.base_queryset(), organization=self.organization
        )
        return self.filterset.qs  # no rows for an invalid filter (core.filters.BoundedFilterSet)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()  # the export takes the list's filters
        return context


# ---- 普法活动 ----------------------------------------------------------------
class LegalEducationEventListView(FilteredListMixin, OrgPermissionMixin, ListView):
    model = LegalEducationEvent
    paginate_by = 50
    filterset_class = LegalEducationEventFilterSet

    def base_queryset(self):
        return selectors.events(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.event_totals(self.object_list)
        return context


class LegalEducationEventExportView(FilteredListMixin, OrgPermissionMixin, ListView):
    """普法活动台账 (xlsx) of the filtered list, audited with its row count."""

    model = LegalEducationEvent
    filterset_class = LegalEducationEventFilterSet

    def base_queryset(self):
        return selectors.events(self.organization)

    def get(self, request, *args, **kwargs):
        rows = (
            [
                e.date,
                e.get_kind_display(),
                e.title,
                e.place,
                e.community.name if e.community_id else "",
                e.organizer,
                e.participants,
                e.materials_count,
                e.materials,
                e.summary,
            ]
            for e in self.get_queryset()
        )
        return export_response(
            filename=f"普法活动台账{timezone.localdate():%Y%m%d}.xlsx",
            title="普法活动台账",
            headers=[
                "活动日期",
                "活动类型",
                "活动名称",
                "活动地点",
                "村（社区）",
                "主办单位",
                "参与人数",
                "发放资料（份）",
                "宣传资料",
                "活动简况",
            ],
            rows=rows,
            user=request.user,
            model=LegalEducationEvent,
            organization=self.organization,
        )


class LegalEducationEventDetailView(OrgPermissionMixin, DetailView):
    model = LegalEducationEvent

    def get_queryset(self):
        return selectors.events(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attachments"] = self.object.attachments.select_related("uploaded_by")
        return context


class LegalEducationEventCreateView(OrgFormMixin, OrgPermissionMixin, CreateView):
    model = LegalEducationEvent
    form_class = LegalEducationEventForm
    permission_action = "add"
    template_name = "publicity/form.html"


class LegalEducationEventUpdateView(OrgFormMixin, OrgPermissionMixin, UpdateView):
    model = LegalEducationEvent
    form_class = LegalEducationEventForm
    permission_action = "change"
    template_name = "publicity/form.html"


class LegalEducationEventDeleteView(TownDeleteView):
    model = LegalEducationEvent
    success_url = reverse_lazy("publicity:event_list")


class EventAttachmentCreateView(ParentMixin, OrgFormMixin, OrgPermissionMixin, CreateView):
    model = EventAttachment
    parent_model = LegalEducationEvent
    form_class = EventAttachmentForm
    permission_action = "add"
    template_name = "goals/child_form.html"
    success_message = "已上传附件。"

    def form_valid(self, form):
        form.instance.event = self.parent
        form.instance.uploaded_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self):
        return self.parent.get_absolute_url()


class EventAttachmentDownloadView(AttachmentDownloadView):
    model = EventAttachment


class EventAttachmentDeleteView(TownDeleteView):
    model = EventAttachment

    def get_success_url(self):
        return self.object.event.get_absolute_url()


# ---- 法律明白人 --------------------------------------------------------------
class LegalLiaisonListView(FilteredListMixin, OrgPermissionMixin, ListView):
    model = LegalLiaison
    paginate_by = 50
    filterset_class = LegalLiaisonFilterSet

    def base_queryset(self):
        return selectors.liaisons(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_view_personal"] = can_view_personal_data(self.request.user)
        return context


class LegalLiaisonExportView(FilteredListMixin, OrgPermissionMixin, ListView):
    """法律明白人名册 (xlsx) of the filtered list; personal data masked unless the user may
    see it and asks for it (`?show_personal=1`). Every export is audited with its row count."""

    model = LegalLiaison
    filterset_class = LegalLiaisonFilterSet

    def base_queryset(self):
        return selectors.liaisons(self.organization)

    def get(self, request, *args, **kwargs):
        reveal = request.GET.get("show_personal") == "1" and can_view_personal_data(request.user)
        rows = (
            [
                p.name,
                p.get_gender_display(),
                masked(p.id_number, "id", user=request.user, reveal=reveal),
                masked(p.phone, "phone", user=request.user, reveal=reveal),
                p.community.name,
                p.occupation,
                p.trained_on,
                p.get_status_display(),
                p.left_on,
                p.note,
            ]
            for p in self.get_queryset()
        )
        return export_response(
            filename="法律明白人名册.xlsx",
            title="法律明白人名册",
            headers=[
                "姓名",
                "性别",
                "身份证号",
                "联系电话",
                "村（社区）",
                "身份",
                "培训日期",
                "状态",
                "退出日期",
                "备注",
            ],
            rows=rows,
            user=request.user,
            model=LegalLiaison,
            organization=self.organization,
            detail="导出法律明白人名册（含完整个人信息）" if reveal else "导出法律明白人名册（已脱敏）",
        )


class LegalLiaisonDetailView(PersonalDataMixin, OrgPermissionMixin, DetailView):
    model = LegalLiaison

    def get_queryset(self):
        return selectors.liaisons(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = self.object.history.select_related("history_user")[:20]
        return context


class LegalLiaisonCreateView(PersonalDataEditMixin, OrgFormMixin, OrgPermissionMixin, CreateView):
    model = LegalLiaison
    form_class = LegalLiaisonForm
    permission_action = "add"
    template_name = "publicity/form.html"


class LegalLiaisonUpdateView(PersonalDataEditMixin, OrgFormMixin, OrgPermissionMixin, UpdateView):
    model = LegalLiaison
    form_class = LegalLiaisonForm
    permission_action = "change"
    template_name = "publicity/form.html"


class LegalLiaisonDeleteView(TownDeleteView):
    model = LegalLiaison
    success_url = reverse_lazy("publicity:liaison_list")


# ---- 网格月度工作 ------------------------------------------------------------
class GridMonthlyEntryListView(FilteredListMixin, OrgPermissionMixin, ListView):
    model = GridMonthlyEntry
    paginate_by = 50
    filterset_class = GridMonthlyEntryFilterSet

    def base_queryset(self):
        return selectors.entries(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.entry_totals(self.object_list)
        return context


class GridMonthlyEntryExportView(FilteredListMixin, OrgPermissionMixin, ListView):
    """网格月度工作台账 (xlsx) of the filtered list, audited with its row count; same columns,
    in the same order, as the import template."""

    model = GridMonthlyEntry
    filterset_class = GridMonthlyEntryFilterSet

    def base_queryset(self):
        return selectors.entries(self.organization)

    def get(self, request, *args, **kwargs):
        rows = (
            [
                e.grid.community.name,
                e.grid.name,
                e.year,
                e.month,
                e.households_visited,
                e.suggestions,
                e.problems_found,
                e.problems_solved,
                e.note,
            ]
            for e in self.get_queryset()
        )
        return export_response(
            filename=f"网格月度工作台账{timezone.localdate():%Y%m%d}.xlsx",
            title="网格月度工作台账",
            headers=[column.header for column in GridMonthlyEntryImporter.columns],
            rows=rows,
            user=request.user,
            model=GridMonthlyEntry,
            organization=self.organization,
        )


class GridYearSummaryView(OrgPermissionMixin, TemplateView):
    """网格工作年度汇总 — one row per grid with work in the year; its row count is 网格数."""

    model = GridMonthlyEntry
    template_name = "publicity/grid_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = get_year(self.request.GET, default=timezone.localdate().year)
        rows = list(selectors.grid_year_summary(self.organization, year))
        context.update(
            year=year,
            rows=rows,
            totals=selectors.entry_totals(GridMonthlyEntry.objects.filter(organization=self.organization, year=year)),
            grid_total=Grid.objects.filter(organization=self.organization, is_active=True).count(),
        )
        return context


class GridMonthlyEntryCreateView(OrgFormMixin, OrgPermissionMixin, CreateView):
    model = GridMonthlyEntry
    form_class = GridMonthlyEntryForm
    permission_action = "add"
    template_name = "publicity/form.html"

    def get_initial(self):
        initial = super().get_initial()
        params = self.request.GET
        values = {
            "grid": get_id(params, "grid"),
            "year": get_year(params, default=None),
            "month": get_int(params, "month", default=None, min_value=1, max_value=12),
        }
        initial.update({key: value for key, value in values.items() if value is not None})
        return initial


class GridMonthlyEntryUpdateView(OrgFormMixin, OrgPermissionMixin, UpdateView):
    model = GridMonthlyEntry
    form_class = GridMonthlyEntryForm
    permission_action = "change"
    template_name = "publicity/form.html"


class GridMonthlyEntryDeleteView(TownDeleteView):
    model = GridMonthlyEntry

    def get_success_url(self):
        return self.object.get_absolute_url()


class GridMonthlyEntryImportView(OrgPermissionMixin, FormView):
    model = GridMonthlyEntry
    permission_action = "add"
    form_class = ImportUploadForm
    template_name = "publicity/entry_import.html"

    def form_valid(self, form):
        result = GridMonthlyEntryImporter().run(
            form.cleaned_data["file"], organization=self.organization, user=self.request.user
        )
        if not result.ok:
            return self.render_to_response(self.get_context_data(form=form, errors=result.errors))
        messages.success(self.request, f"已导入 {result.created} 条网格月度工作记录。")
        return redirect(reverse("publicity:entry_list"))


class GridMonthlyEntryTemplateView(OrgPermissionMixin, TemplateView):
    model = GridMonthlyEntry
    permission_action = "add"

    def get(self, request, *args, **kwargs):
        return GridMonthlyEntryImporter().template_response()
