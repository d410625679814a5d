"""Pages of the 行政复议 / 行政应诉 register.

Every view goes through core.mixins.OrgPermissionMixin: anonymous → login, another
town's record → 404, a role without the model permission (the leader on a write) → 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import ProtectedError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.generic import CreateView, DeleteView, DetailView, ListView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from core.masking import masked
from core.mixins import OrgFormMixin, OrgPermissionMixin, PersonalDataEditMixin, PersonalDataMixin
from core.params import get_id, get_int
from core.xlsx import export_response
from litigation import calendar, selectors
from litigation.choices import PartyKind
from litigation.filters import LitigationFilterSet, ReconsiderationFilterSet
from litigation.forms import (
    CaseDocumentForm,
    HearingForm,
    LitigationForm,
    LitigationJudgmentForm,
    ReconsiderationDecisionForm,
    ReconsiderationForm,
)
from litigation.models import CaseDocument, Hearing, LitigationCase, ReconsiderationCase

DEADLINE_DAYS_DEFAULT = 10


def calendar_notice(deadlines) -> str:
    """The page's warning when a date was counted on the statutory estimate (core.calendar):
    the year's 放假安排 has not been published (or entered) yet, so its 调休 are unknown."""
    if any(d is not None and d.estimated for d in deadlines):
        return (
            f"标有“推算”的期限（{calendar.ESTIMATE_NOTE}）：该年度国务院放假安排尚未录入，"
            "暂按《全国年节及纪念日放假办法》规定的法定节日及周末推算，调休公布后期满日可能变动。"
        )
    return ""


# --- lists and export -------------------------------------------------------------


class _CaseListView(OrgPermissionMixin, ListView):
    paginate_by = 30
    filterset_class = None
    selector = None

    def get_filterset(self):
        if not hasattr(self, "_filterset"):
            self._filterset = self.filterset_class(
                self.request.GET or None,
                queryset=type(self).selector(self.organization),
                organization=self.organization,
                today=timezone.localdate(),
            )
        return self._filterset

    def get_queryset(self):
        # An invalid filter gives no rows and the field errors (core.filters.BoundedFilterSet).
        return self.get_filterset().qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.get_filterset()
        context["today"] = timezone.localdate()
        context["query"] = self.request.GET.urlencode()
        rows = context["object_list"]
        context["calendar_notice"] = calendar_notice(d for case in rows for d, _ in case.deadlines(context["today"]))
        return context


class ReconsiderationListView(_CaseListView):
    model = ReconsiderationCase
    template_name = "litigation/reconsiderationcase_list.html"
    filterset_class = ReconsiderationFilterSet
    selector = staticmethod(selectors.reconsideration_cases)


class LitigationListView(_CaseListView):
    model = LitigationCase
    template_name = "litigation/litigationcase_list.html"
    filterset_class = LitigationFilterSet
    selector = staticmethod(selectors.litigation_cases)


def _party(case, user) -> str:
    # Natural persons' names are personal data: masked in every export (个人信息保护法).
    if case.party_kind_value == PartyKind.PERSON:
        return "、".join(masked(name, "name", user=user) for name in case.party_name.split("、"))
    return case.party_name


def _deadline_cells(deadline, state) -> list:
    if deadline is None:
        return ["", "", ""]
    return [deadline.due, deadline.basis + deadline.estimate_note, state.text if state else ""]


class ReconsiderationExportView(ReconsiderationListView):
    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        cases = self.get_queryset()
        headers = [
            "复议案号", "复议机关", "申请人类型", "申请人", "被申请人", "被申请复议的行政行为", "行为作出科室",
            "程序", "适用法律", "申请日期", "受理日期", "收到申请书副本日期", "答复期限", "答复期限依据",
            "提交答复日期", "答复情况", "听证日期", "听证出席人员身份", "延期天数", "决定期限", "决定日期",
            "决定类型", "状态", "承办科室",
        ]  # fmt: skip
        rows = (
            [
                c.case_number,
                c.authority,
                c.get_applicant_kind_display(),
                _party(c, request.user),
                c.respondent,
                c.act_description,
                c.act_department or "",
                c.get_procedure_display(),
                c.get_law_display() if c.law else "",
                c.applied_on,
                c.accepted_on,
                c.copy_received_on,
                *_deadline_cells(c.reply_deadline, c.reply_state(today))[:2],
                c.reply_submitted_on,
                (c.reply_state(today).text if c.reply_deadline else ""),
                c.hearing_held_on,
                c.get_hearing_leader_role_display() if c.hearing_leader_role else "",
                c.extension_days if c.extension_approved else "",
                c.decision_deadline.due if c.decision_deadline else "",
                c.decided_on,
                c.get_decision_display() if c.decision else "",
                c.get_status_display(),
                c.handling_department,
            ]  # fmt: skip
            for c in cases
        )
        return export_response(
            filename=f"行政复议案件台账{today:%Y%m%d}.xlsx",
            title="行政复议案件",
            headers=headers,
            rows=rows,
            user=request.user,
            model=ReconsiderationCase,
            organization=self.organization,
        )


class LitigationExportView(LitigationListView):
    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        cases = self.get_queryset()
        headers = [
            "案号", "受理法院", "审级", "原审案号", "程序", "原告类型", "原告", "被告", "案由", "立案日期",
            "收到起诉状副本日期", "答辩期限", "答辩期限依据", "提交答辩状日期", "答辩情况", "开庭次数",
            "负责人出庭", "出庭负责人", "审理期限", "裁判日期", "裁判结果", "胜败诉", "上诉情况", "状态", "承办科室",
        ]  # fmt: skip

        def row(c):
            hearings = list(c.hearings.all())
            leaders = [f"{h.leader_name}（{h.leader_post}）" for h in hearings if h.qualifies]
            answer = c.answer_state(today)
            return [
                c.case_number, c.court, c.get_level_display(),
                c.first_instance.case_number if c.first_instance_id else "", c.get_procedure_display(),
                c.get_plaintiff_kind_display(), _party(c, request.user), c.defendant, c.cause, c.filed_on,
                c.copy_received_on, *_deadline_cells(c.answer_deadline, answer)[:2], c.answer_submitted_on,
                answer.text if answer else "", len(hearings),
                ("是" if leaders else "否") if hearings else "未开庭", "、".join(leaders),
                c.judgment_deadline.due if c.judgment_deadline else "", c.judged_on,
                c.get_result_display() if c.result else "", c.get_outcome_display() if c.outcome else "",
                c.get_appeal_display(), c.get_status_display(), c.handling_department,
            ]  # fmt: skip

        return export_response(
            filename=f"行政应诉案件台账{today:%Y%m%d}.xlsx",
            title="行政应诉案件",
            headers=headers,
            rows=(row(c) for c in cases),
            user=request.user,
            model=LitigationCase,
            organization=self.organization,
        )


# --- details ------------------------------------------------------------------------


class _CaseDetailView(PersonalDataMixin, OrgPermissionMixin, DetailView):
    timeline = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        pairs = self.object.deadlines(today)
        context["today"] = today
        context["deadline_pairs"] = pairs
        context["timeline"] = type(self).timeline(self.object, today)
        context["calendar_notice"] = calendar_notice(d for d, _ in pairs)
        context["documents"] = list(self.object.documents.all())
        return context


class ReconsiderationDetailView(_CaseDetailView):
    model = ReconsiderationCase
    timeline = staticmethod(selectors.reconsideration_timeline)

    def get_queryset(self):
        return selectors.reconsideration_detail(self.organization)


class LitigationDetailView(_CaseDetailView):
    model = LitigationCase
    timeline = staticmethod(selectors.litigation_timeline)

    def get_queryset(self):
        return selectors.litigation_detail(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hearings"] = list(self.object.hearings.all())
        context["later_instances"] = list(self.object.later_instances.all())
        return context


# --- create / edit / delete ------------------------------------------------------------


class _CaseEdit(OrgFormMixin, OrgPermissionMixin):
    template_name = "litigation/form.html"

    def get_success_url(self):
        return self.object.get_absolute_url()


class ReconsiderationCreateView(PersonalDataEditMixin, _CaseEdit, CreateView):
    model = ReconsiderationCase
    form_class = ReconsiderationForm
    permission_action = "add"
    success_message = "复议案件已登记，答复期限已自动计算。"


class ReconsiderationUpdateView(PersonalDataEditMixin, _CaseEdit, UpdateView):
    model = ReconsiderationCase
    form_class = ReconsiderationForm
    permission_action = "change"
    success_message = "复议案件已保存。"


class ReconsiderationDecisionView(_CaseEdit, UpdateView):
    model = ReconsiderationCase
    form_class = ReconsiderationDecisionForm
    permission_action = "change"
    success_message = "听证、延期及决定信息已保存。"
    page_title = "听证与复议决定"


class LitigationCreateView(PersonalDataEditMixin, _CaseEdit, CreateView):
    model = LitigationCase
    form_class = LitigationForm
    permission_action = "add"
    success_message = "应诉案件已登记，答辩期限已自动计算。"

    def get_initial(self):
        """?first_instance=<pk>: register the appeal of a first-instance case, prefilled."""
        initial = super().get_initial()
        pk = get_id(self.request.GET, "first_instance")
        if pk is not None:
            first = LitigationCase.objects.filter(organization=self.organization, pk=pk).first()
            if first is not None:
                initial.update(
                    level="2",
                    first_instance=first.pk,
                    plaintiff_kind=first.plaintiff_kind,
                    plaintiff_name=first.plaintiff_name,
                    defendant=first.defendant,
                    cause=first.cause,
                    act_department=first.act_department_id,
                    handling_department=first.handling_department_id,
                    court="重庆市第五中级人民法院",
                )
        return initial


class LitigationUpdateView(PersonalDataEditMixin, _CaseEdit, UpdateView):
    model = LitigationCase
    form_class = LitigationForm
    permission_action = "change"
    success_message = "应诉案件已保存。"


class LitigationJudgmentView(_CaseEdit, UpdateView):
    model = LitigationCase
    form_class = LitigationJudgmentForm
    permission_action = "change"
    success_message = "裁判信息已保存。"
    page_title = "裁判结果"


class _CaseDeleteView(OrgPermissionMixin, DeleteView):
    permission_action = "delete"
    template_name = "litigation/confirm_delete.html"

    def form_valid(self, form):
        try:
            response = super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, "该案件已关联二审或再审案件，请先删除后续审级案件。")
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"已删除{self.model._meta.verbose_name}。")
        return response


class ReconsiderationDeleteView(_CaseDeleteView):
    model = ReconsiderationCase
    success_url = reverse_lazy("litigation:reconsideration_list")


class LitigationDeleteView(_CaseDeleteView):
    model = LitigationCase
    success_url = reverse_lazy("litigation:litigation_list")


# --- hearings and documents (children of a case) ------------------------------------------


class _ChildOfCaseMixin:
    """For URLs carrying the parent case as `case_pk`: another town's case is a 404."""

    parent_model = None

    def check_object_scope(self):
        super().check_object_scope()
        if "case_pk" in self.kwargs:
            self.case = get_object_or_404(self.parent_model, organization=self.organization, pk=self.kwargs["case_pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case"] = getattr(self, "case", None) or getattr(self.object, "case", None)
        return context


class HearingCreateView(_ChildOfCaseMixin, _CaseEdit, CreateView):
    model = Hearing
    parent_model = LitigationCase
    form_class = HearingForm
    permission_action = "add"
    success_message = "庭审记录已保存。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case}


class HearingUpdateView(_ChildOfCaseMixin, _CaseEdit, UpdateView):
    model = Hearing
    form_class = HearingForm
    permission_action = "change"
    success_message = "庭审记录已保存。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.object.case}


class HearingDeleteView(_ChildOfCaseMixin, _CaseDeleteView):
    model = Hearing

    def get_success_url(self):
        return self.object.case.get_absolute_url()


class _DocumentCreateView(_ChildOfCaseMixin, _CaseEdit, CreateView):
    model = CaseDocument
    form_class = CaseDocumentForm
    permission_action = "add"
    success_message = "材料已上传。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case, "user": self.request.user}

    def get_success_url(self):
        return self.case.get_absolute_url()


class ReconsiderationDocumentCreateView(_DocumentCreateView):
    parent_model = ReconsiderationCase


class LitigationDocumentCreateView(_DocumentCreateView):
    parent_model = LitigationCase


class DocumentDownloadView(OrgPermissionMixin, SingleObjectMixin, TemplateView):
    """Files are served only through this view (permission and town checked), never
    from a public MEDIA_URL."""

    model = CaseDocument

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("文件不存在") from exc
        name = document.original_name or document.file.name.rsplit("/", 1)[-1]
        return FileResponse(handle, as_attachment=True, filename=name)


class DocumentDeleteView(_CaseDeleteView):
    model = CaseDocument

    def get_success_url(self):
        return self.object.case.get_absolute_url()

    def form_valid(self, form):
        storage, name = self.object.file.storage, self.object.file.name
        response = super().form_valid(form)
        # The row is gone (its history keeps the file name); remove the file too.
        if name:
            storage.delete(name)
        return response


# --- the deadlines page ------------------------------------------------------------------


class DeadlinesView(OrgPermissionMixin, TemplateView):
    """Everything due within N working days (default 10), overdue first, most urgent first."""

    model = LitigationCase
    template_name = "litigation/deadlines.html"

    def get_days(self) -> int:
        return min(get_int(self.request.GET, "days", default=DEADLINE_DAYS_DEFAULT, min_value=0), 60)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        days = self.get_days()
        rows = selectors.upcoming_deadlines(self.organization, today=today, working_days=days)
        horizon, horizon_estimated = calendar.add_working_days(today, days)
        context.update(
            today=today,
            days=days,
            horizon=horizon,
            rows=rows,
            # The window itself may run past the holiday data, even when no row does.
            calendar_notice=calendar_notice(
                [r.deadline for r in rows] + [calendar.Deadline("", horizon, "", True, horizon_estimated)]
            ),
            day_choices=[3, 5, 10, 20, 30],
        )
        return context
