"""目标任务 pages: list by year and area, detail with progress, forms, carry-over."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

from core.mixins import OrgFormMixin, OrgPermissionMixin
from core.params import get_year
from core.xlsx import export_response
from goals import selectors
from goals.filters import GoalFilterSet
from goals.forms import CarryOverForm, GoalAreaForm, GoalAttachmentForm, GoalForm, GoalUpdateForm
from goals.models import Goal, GoalArea, GoalAttachment, GoalUpdate
from goals.services import goal_add_update, goals_carry_over
from goals.views_base import AttachmentDownloadView, ParentMixin, TownDeleteView


# ---- 工作领域 (managed list) -------------------------------------------------
class GoalAreaListView(OrgPermissionMixin, ListView):
    model = GoalArea
    paginate_by = 50

    def get_queryset(self):
        return selectors.area_list(self.organization)


class GoalAreaCreateView(OrgFormMixin, OrgPermissionMixin, CreateView):
    model = GoalArea
    form_class = GoalAreaForm
    permission_action = "add"
    template_name = "goals/form.html"
    success_url = reverse_lazy("goals:area_list")


class GoalAreaUpdateView(OrgFormMixin, OrgPermissionMixin, UpdateView):
    model = GoalArea
    form_class = GoalAreaForm
    permission_action = "change"
    template_name = "goals/form.html"
    success_url = reverse_lazy("goals:area_list")


# ---- 目标任务 ----------------------------------------------------------------
class GoalListView(OrgPermissionMixin, ListView):
    """Goals of one year grouped by area, with progress bars; `?year=` picks the year."""

    model = Goal
    paginate_by = 100

    def get_filterset(self):
        data = self.request.GET.copy()
        today = timezone.localdate()
        if not data.get("year") and "all" not in data:
            data["year"] = str(selectors.default_year(self.organization, today))
        return GoalFilterSet(data, queryset=selectors.goal_queryset(self.organization), organization=self.organization)

    def get_queryset(self):
        self.filterset = self.get_filterset()
        queryset = self.filterset.qs  # no rows for an invalid filter (core.filters.BoundedFilterSet)
        return queryset.order_by("-year", "area__order", "area__name", "order", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        year = self.filterset.form.cleaned_data.get("year") if self.filterset.is_valid() else None
        context["filter"] = self.filterset
        context["today"] = today
        context["years"] = selectors.goal_years(self.organization)
        context["year"] = int(year) if year else None
        # The export takes the list's filters, with the year the list chose when none was asked.
        query = self.request.GET.copy()
        query.pop("page", None)
        if year:
            query["year"] = str(year)
        context["export_query"] = query.urlencode()
        if year:
            context["counts"] = selectors.goal_counts(self.organization, int(year), today)
            context["is_plan_year"] = int(year) > today.year
        return context


class GoalExportView(GoalListView):
    """目标任务台账 (xlsx) of the year (or all years) the list shows, audited with its row count."""

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        goals = self.get_queryset()
        rows = (
            [
                g.year,
                g.area.name,
                g.order,
                g.title,
                g.description,
                g.department.name if g.department_id else "",
                g.responsible_person,
                g.due_date,
                g.get_status_display(),
                g.progress,
                "是" if g.is_overdue_on(today) else "",
                g.result_summary,
                f"{g.carried_from.year}年结转" if g.carried_from_id else "",
            ]
            for g in goals
        )
        return export_response(
            filename=f"目标任务台账{today:%Y%m%d}.xlsx",
            title="目标任务台账",
            headers=[
                "年度",
                "工作领域",
                "序号",
                "目标任务",
                "具体内容",
                "责任科室",
                "责任人",
                "完成时限",
                "状态",
                "完成进度（%）",
                "逾期",
                "完成情况",
                "来源",
            ],  # fmt: skip
            rows=rows,
            user=request.user,
            model=Goal,
            organization=self.organization,
        )


class GoalDetailView(OrgPermissionMixin, DetailView):
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
        context["history"] = goal.history.select_related("history_user")[:20]
        context["today"] = timezone.localdate()
        return context


class GoalCreateView(OrgFormMixin, OrgPermissionMixin, CreateView):
    model = Goal
    form_class = GoalForm
    permission_action = "add"
    template_name = "goals/goal_form.html"

    def get_initial(self):
        initial = super().get_initial()
        year = get_year(self.request.GET, default=None)
        if year is not None:
            initial["year"] = year
        return initial


class GoalUpdateView(OrgFormMixin, OrgPermissionMixin, UpdateView):
    model = Goal
    form_class = GoalForm
    permission_action = "change"
    template_name = "goals/goal_form.html"


class GoalDeleteView(TownDeleteView):
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
        return {"year": get_year(self.request.GET, default=timezone.localdate().year - 1)}

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
class GoalUpdateCreateView(ParentMixin, OrgFormMixin, OrgPermissionMixin, CreateView):
    model = GoalUpdate
    parent_model = Goal
    form_class = GoalUpdateForm
    permission_action = "add"
    template_name = "goals/child_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

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
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, "已记录进展。")
        return redirect(self.parent.get_absolute_url())


class GoalUpdateDeleteView(TownDeleteView):
    model = GoalUpdate

    def get_success_url(self):
        return self.object.goal.get_absolute_url()


# ---- 佐证材料 ----------------------------------------------------------------
class GoalAttachmentCreateView(ParentMixin, OrgFormMixin, OrgPermissionMixin, CreateView):
    model = GoalAttachment
    parent_model = Goal
    form_class = GoalAttachmentForm
    permission_action = "add"
    template_name = "goals/child_form.html"
    success_message = "已上传佐证材料。"

    def form_valid(self, form):
        form.instance.goal = self.parent
        form.instance.uploaded_by = self.request.user
        return super().form_valid(form)

    def get_success_url(self):
        return self.parent.get_absolute_url()


class GoalAttachmentDownloadView(AttachmentDownloadView):
    model = GoalAttachment


class GoalAttachmentDeleteView(TownDeleteView):
    model = GoalAttachment

    def get_success_url(self):
        return self.object.goal.get_absolute_url()
