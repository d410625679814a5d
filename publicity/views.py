"""普法活动, 法律明白人 and 网格月度工作 pages, declared on the register layer (core.registers)."""

from __future__ import annotations

from django.urls import reverse_lazy
from django.views.generic import TemplateView

from accounts.models import Grid
from core.mixins import OrgPermissionMixin
from core.params import get_id, get_int, get_year
from core.registers.export import ExportColumn as Col
from core.registers.views import (
    AttachmentCreateView,
    AttachmentDeleteView,
    AttachmentDownloadView,
    PersonalCreateView,
    PersonalDetailView,
    PersonalUpdateView,
    RegisterCreateView,
    RegisterDeleteView,
    RegisterDetailView,
    RegisterExportMixin,
    RegisterImportTemplateView,
    RegisterImportView,
    RegisterListView,
    RegisterUpdateView,
)
from core.year import current_year
from publicity import selectors
from publicity.filters import GridMonthlyEntryFilterSet, LegalEducationEventFilterSet, LegalLiaisonFilterSet
from publicity.forms import EventAttachmentForm, GridMonthlyEntryForm, LegalEducationEventForm, LegalLiaisonForm
from publicity.importers import GridMonthlyEntryImporter
from publicity.models import EventAttachment, GridMonthlyEntry, LegalEducationEvent, LegalLiaison


# ---- 普法活动 ----------------------------------------------------------------
class LegalEducationEventListView(RegisterListView):
    model = LegalEducationEvent
    ledger = "publicity:event_list"
    paginate_by = 50
    filterset_class = LegalEducationEventFilterSet
    template_name = "publicity/legaleducationevent_list.html"
    add_url, export_url = "publicity:event_add", "publicity:event_export"
    sort_fields = {
        "date": ("date", "pk"),
        "title": ("title", "pk"),
        "participants": ("participants", "pk"),
        "materials": ("materials_count", "pk"),
    }

    def base_queryset(self):
        return selectors.events(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.event_totals(self.object_list)
        return context


class LegalEducationEventExportView(RegisterExportMixin, LegalEducationEventListView):
    export_title = "普法活动台账"
    export_columns = [
        Col("活动日期", "date", width=12),
        Col("活动类型", "get_kind_display"),
        Col("活动名称", "title", width=36),
        Col("活动地点", "place", width=20),
        Col("村（社区）", "community.name"),
        Col("主办单位", "organizer", width=20),
        Col("参与人数", "participants"),
        Col("发放资料（份）", "materials_count"),
        Col("宣传资料", "materials", width=30),
        Col("活动简况", "summary", width=50),
    ]


class LegalEducationEventDetailView(RegisterDetailView):
    model = LegalEducationEvent

    def get_queryset(self):
        return selectors.events(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attachments"] = self.object.attachments.select_related("uploaded_by")
        return context


class LegalEducationEventCreateView(RegisterCreateView):
    model = LegalEducationEvent
    form_class = LegalEducationEventForm


class LegalEducationEventUpdateView(RegisterUpdateView):
    model = LegalEducationEvent
    form_class = LegalEducationEventForm


class LegalEducationEventDeleteView(RegisterDeleteView):
    model = LegalEducationEvent
    success_url = reverse_lazy("publicity:event_list")


class EventAttachmentCreateView(AttachmentCreateView):
    model = EventAttachment
    parent_model = LegalEducationEvent
    parent_field = "event"
    form_class = EventAttachmentForm


class EventAttachmentDownloadView(AttachmentDownloadView):
    model = EventAttachment


class EventAttachmentDeleteView(AttachmentDeleteView):
    model = EventAttachment


# ---- 法律明白人 --------------------------------------------------------------
class LegalLiaisonListView(RegisterListView):
    model = LegalLiaison
    ledger = "publicity:liaison_list"
    paginate_by = 50
    filterset_class = LegalLiaisonFilterSet
    template_name = "publicity/legalliaison_list.html"
    add_url, export_url = "publicity:liaison_add", "publicity:liaison_export"
    sort_fields = {
        "name": ("name", "pk"),
        "community": ("community__name", "name"),
        "trained": ("trained_on", "pk"),
        "status": ("status", "name"),
    }

    def base_queryset(self):
        return selectors.liaisons(self.organization)


class LegalLiaisonExportView(RegisterExportMixin, LegalLiaisonListView):
    """法律明白人名册; personal data masked unless the user may see it and asks for it."""

    export_title = "法律明白人名册"
    export_columns = [
        Col("姓名", "name"),
        Col("性别", "get_gender_display", width=6),
        Col("身份证号", "id_number", personal="id", width=22),
        Col("联系电话", "phone", personal="phone", width=16),
        Col("村（社区）", "community.name"),
        Col("身份", "occupation"),
        Col("培训日期", "trained_on", width=12),
        Col("状态", "get_status_display"),
        Col("退出日期", "left_on", width=12),
        Col("备注", "note", width=30),
    ]


class LegalLiaisonDetailView(PersonalDetailView):
    model = LegalLiaison

    def get_queryset(self):
        return selectors.liaisons(self.organization)


class LegalLiaisonCreateView(PersonalCreateView):
    model = LegalLiaison
    form_class = LegalLiaisonForm


class LegalLiaisonUpdateView(PersonalUpdateView):
    model = LegalLiaison
    form_class = LegalLiaisonForm


class LegalLiaisonDeleteView(RegisterDeleteView):
    model = LegalLiaison
    success_url = reverse_lazy("publicity:liaison_list")


# ---- 网格月度工作 ------------------------------------------------------------
class GridMonthlyEntryListView(RegisterListView):
    model = GridMonthlyEntry
    ledger = "publicity:entry_list"
    paginate_by = 50
    filterset_class = GridMonthlyEntryFilterSet
    template_name = "publicity/gridmonthlyentry_list.html"
    add_url, export_url, import_url = "publicity:entry_add", "publicity:entry_export", "publicity:entry_import"
    sort_fields = {
        "month": ("year", "month", "grid__name"),
        "grid": ("grid__community__name", "grid__name", "-year", "-month"),
        "visits": ("households_visited", "pk"),
        "found": ("problems_found", "pk"),
    }

    def base_queryset(self):
        return selectors.entries(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = selectors.entry_totals(self.object_list)
        return context


class GridMonthlyEntryExportView(RegisterExportMixin, GridMonthlyEntryListView):
    """Same columns, in the same order, as the import template."""

    export_title = "网格月度工作台账"
    export_columns = [
        Col(column.header, path)
        for column, path in zip(
            GridMonthlyEntryImporter.columns,
            [
                "grid.community.name",
                "grid.name",
                "year",
                "month",
                "households_visited",
                "suggestions",
                "problems_found",
                "problems_solved",
                "note",
            ],
            strict=True,
        )
    ]


class GridYearSummaryView(OrgPermissionMixin, TemplateView):
    """网格工作年度汇总 — one row per grid with work in the year; its row count is 网格数."""

    model = GridMonthlyEntry
    template_name = "publicity/grid_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = current_year(self.request)
        rows = list(selectors.grid_year_summary(self.organization, year))
        context.update(
            year=year,
            rows=rows,
            totals=selectors.entry_totals(GridMonthlyEntry.objects.filter(organization=self.organization, year=year)),
            grid_total=Grid.objects.filter(organization=self.organization, is_active=True).count(),
        )
        return context


class GridMonthlyEntryCreateView(RegisterCreateView):
    model = GridMonthlyEntry
    form_class = GridMonthlyEntryForm

    def get_initial(self):
        initial = super().get_initial()
        params = self.request.GET
        values = {
            "grid": get_id(params, "grid"),
            # ?year= of a link, else the portal's year (core.year), as on every page.
            "year": get_year(params, default=current_year(self.request)),
            "month": get_int(params, "month", default=None, min_value=1, max_value=12),
        }
        initial.update({key: value for key, value in values.items() if value is not None})
        return initial


class GridMonthlyEntryUpdateView(RegisterUpdateView):
    model = GridMonthlyEntry
    form_class = GridMonthlyEntryForm


class GridMonthlyEntryDeleteView(RegisterDeleteView):
    model = GridMonthlyEntry

    def get_success_url(self):
        return self.object.get_absolute_url()


class GridMonthlyEntryImportView(RegisterImportView):
    model = GridMonthlyEntry
    importer_class = GridMonthlyEntryImporter
    success_url = "publicity:entry_list"
    template_url = "publicity:entry_import_template"
    success_message = "已导入 {count} 条网格月度工作记录。"


class GridMonthlyEntryTemplateView(RegisterImportTemplateView):
    model = GridMonthlyEntry
    importer_class = GridMonthlyEntryImporter
