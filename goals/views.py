"""目标任务 pages, declared on the register layer (core.registers): list by year and area,
detail with progress, forms, 佐证材料, carry-over."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import FormView

from core.mixins import OrgPermissionMixin
from core.params import get_year
from core.registers.export import ExportColumn as Col
from core.registers.views import (
    AttachmentCreateView,
    AttachmentDeleteView,
    AttachmentDownloadView,
    ChildCreateView,
    ChildMixin,
    RegisterCreateView,
    RegisterDeleteView,
    RegisterDetailView,
    RegisterExportMixin,
    RegisterListView,
    RegisterUpdateView,
    apply_errors,
)
from core.year import current_year
from goals import selectors
from goals.filters import GoalFilterSet
from goals.forms import CarryOverForm, GoalAreaForm, GoalAttachmentForm, GoalForm, GoalUpdateForm
from goals.models import Goal, GoalArea, GoalAttachment, GoalUpdate
from goals.services import goal_add_update, goals_carry_over


# ---- 工作领域 (managed list) -------------------------------------------------
class GoalAreaListView(RegisterListView):
    model = GoalArea
    paginate_by = 50
    template_name = "goals/goalarea_list.html"
    add_url = "goals:area_add"
    sort_fields = {"order": ("order", "name"), "name": ("name",), "goals": ("goal_count", "order")}

    def base_queryset(self):
        return selectors.area_list(self.organization)


class GoalAreaCreateView(RegisterCreateView):
    model = GoalArea
    form_class = GoalAreaForm
    success_url = reverse_lazy("goals:area_list")


class GoalAreaUpdateView(RegisterUpdateView):
    model = GoalArea
    form_class = GoalAreaForm
    success_url = reverse_lazy("goals:area_list")


# ---- 目标任务 ----------------------------------------------------------------
class GoalListView(RegisterListView):
    """Goals of one year grouped by area, with progress bars; `?year=` picks the year
    (the portal's year, core.year.current_year, when none is asked — the year the header
    shows; `?all=1` for every year)."""

    model = Goal
    ledger = "goals:goal_list"
    paginate_by = 100
    template_name = "goals/goal_list.html"
    filterset_class = GoalFilterSet
    add_url = "goals:goal_add"
    export_url = "goals:goal_export"
    # Sorted inside the year/area groups the page shows.
    sort_fields = {
        "due": ("due_date", "order", "pk"),
        "status": ("status", "order", "pk"),
        "progress": ("progress", "order", "pk"),
    }
    group_ordering = ("-year", "area__order", "area__name")

    def base_queryset(self):
        return selectors.goal_queryset(self.organization)

    def filter_data(self):
        data = self.request.GET.copy()
        if "year" not in data and "all" not in data:
            # The session's year (core.year): picked on any page, else the sign-in default.
            data["year"] = str(current_year(self.request))
        return data

    def sort_ordering(self):
        return (*self.group_ordering, *(super().sort_ordering() or ("order", "pk")))

    @property
    def year(self) -> int | None:
        year = self.filterset.form.cleaned_data.get("year") if self.filterset.is_valid() else None
        return int(year) if year else None

    def export_query(self) -> str:
        # The export takes the list's filters, with the year the list chose when none was asked.
        query = self.request.GET.copy()
        query.pop("page", None)
        if self.year:
            query["year"] = str(self.year)
        return query.urlencode()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = self.year
        context.update(
            today=today,
            years=selectors.year_tabs(self.organization, year),
            year=year,
        )
        if year:
            context["add_url"] += f"?year={year}"
        if year:
            context["counts"] = selectors.goal_counts(self.organization, year, today)
            context["is_plan_year"] = year > today.year
        return context


class GoalExportView(RegisterExportMixin, GoalListView):
    """目标任务台账 of the year (or all years) the list shows."""

    export_title = "目标任务台账"
    export_columns = [
        Col("年度", "year", width=8),
        Col("工作领域", "area.name", width=20),
        Col("序号", "order", width=6),
        Col("目标任务", "title", width=40),
        Col("具体内容", "description", width=50),
        Col("责任科室", "department.name", width=16),
        Col("责任人", "responsible_person"),
        Col("完成时限", "due_date", width=12),
        Col("状态", "get_status_display"),
        Col("完成进度（%）", "progress"),
        Col("逾期", lambda g: "是" if g.is_overdue_on(timezone.localdate()) else "", width=6),
        Col("完成情况", "result_summary", width=40),
        Col("来源", lambda g: f"{g.carried_from.year}年结转" if g.carried_from_id else ""),
    ]


class GoalDetailView(RegisterDetailView):
    model = Goal

    def get_queryset(self):
        return selectors.goal_queryset(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goal = self.object
        chain = selectors.goal_lineage(goal)
        context["lineage"] = chain[1:]
        context["updates"] = selectors.lineage_updates(chain)
        context["attachments"] = goal.attachments.select_related("uploaded_by")
        context["carried_to"] = Goal.objects.filter(carried_from=goal).only("pk", "year", "title").first()
        context["today"] = timezone.localdate()
        return context


class GoalCreateView(RegisterCreateView):
    model = Goal
    form_class = GoalForm

    def get_initial(self):
        # ?year= of the list's 新增 link, else the portal's year (core.year).
        return {**super().get_initial(), "year": get_year(self.request.GET, default=current_year(self.request))}


class GoalUpdateView(RegisterUpdateView):
    model = Goal
    form_class = GoalForm


class GoalDeleteView(RegisterDeleteView):
    model = Goal
    protected_message = "该目标已结转至下一年度，请先删除结转后的目标。"

    def get_success_url(self):
        return f"{reverse('goals:goal_list')}?year={self.object.year}"


class GoalCarryOverView(OrgPermissionMixin, FormView):
    """结转: unfinished goals of year N become goals of N+1, in one action."""

    model = Goal
    permission_action = "add"
    form_class = CarryOverForm
    template_name = "goals/carry_over.html"

    def get_initial(self):
        return {"year": current_year(self.request)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else form.initial.get("year")
        context["year"] = year
        context["candidates"] = selectors.unfinished_goals(self.organization, year) if year else []
        return context

    def form_valid(self, form):
        year = form.cleaned_data["year"]
        try:
            result = goals_carry_over(organization=self.organization, from_year=year, by=self.request.user)
        except ValidationError as exc:
            form.add_error("year", exc)
            return self.form_invalid(form)
        if result.count:
            messages.success(self.request, f"已将{year}年未完成的 {result.count} 项目标任务结转至{year + 1}年。")
        else:
            messages.info(self.request, f"{year}年没有需要结转的目标任务（未完成的均已结转）。")
        return redirect(f"{reverse('goals:goal_list')}?year={year + 1}")


# ---- 进展情况 ----------------------------------------------------------------
class GoalUpdateCreateView(ChildCreateView):
    model = GoalUpdate
    parent_model = Goal
    form_class = GoalUpdateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            goal_add_update(
                goal=self.parent,
                date=data["date"],
                text=data["text"],
                reported_by=data["reported_by"],
                progress=data.get("progress"),
                by=self.request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, "已记录进展。")
        return redirect(self.parent.get_absolute_url())


class GoalUpdateDeleteView(ChildMixin, RegisterDeleteView):
    model = GoalUpdate

    def parent_of(self, obj):
        return obj.goal


# ---- 佐证材料 ----------------------------------------------------------------
class GoalAttachmentCreateView(AttachmentCreateView):
    model = GoalAttachment
    parent_model = Goal
    parent_field = "goal"
    form_class = GoalAttachmentForm
    success_message = "已上传佐证材料。"


class GoalAttachmentDownloadView(AttachmentDownloadView):
    model = GoalAttachment


class GoalAttachmentDeleteView(AttachmentDeleteView):
    model = GoalAttachment
