"""Pages of the 行政复议 / 行政应诉 register.

Every view goes through core.mixins.OrgPermissionMixin: anonymous → login, another
town's record → 404, a role without the model permission (the leader on a write) → 403.
"""

from __future__ import annotations

from django.urls import reverse_lazy
from django.utils import timezone
from django.views.generic import TemplateView

from core.masking import masked
from core.mixins import OrgPermissionMixin
from core.params import get_id, get_int
from core.registers.attachments import serve_file
from core.registers.export import ExportColumn as Col
from core.registers.views import (
    AttachmentDownloadView,
    ChildCreateView,
    ChildMixin,
    PersonalCreateView,
    PersonalDetailView,
    PersonalUpdateView,
    RegisterDeleteView,
    RegisterExportMixin,
    RegisterListView,
    RegisterUpdateView,
)
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


class _CaseListView(RegisterListView):
    paginate_by = 30
    selector = None
    sort_fields = {
        "number": ("case_number", "pk"),
        "received": ("copy_received_on", "pk"),
        "department": ("handling_department__name", "pk"),
    }

    def base_queryset(self):
        return type(self).selector(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        rows = context["object_list"]
        context["calendar_notice"] = calendar_notice(d for case in rows for d, _ in case.deadlines(context["today"]))
        return context


class ReconsiderationListView(_CaseListView):
    model = ReconsiderationCase
    ledger = "litigation:reconsideration_list"
    template_name = "litigation/reconsiderationcase_list.html"
    filterset_class = ReconsiderationFilterSet
    selector = staticmethod(selectors.reconsideration_cases)
    add_url, export_url = "litigation:reconsideration_add", "litigation:reconsideration_export"


class LitigationListView(_CaseListView):
    model = LitigationCase
    ledger = "litigation:litigation_list"
    template_name = "litigation/litigationcase_list.html"
    filterset_class = LitigationFilterSet
    selector = staticmethod(selectors.litigation_cases)
    add_url, export_url = "litigation:litigation_add", "litigation:litigation_export"


def _party(case) -> str:
    # Natural persons' names are personal data: masked in every export (个人信息保护法).
    if case.party_kind_value == PartyKind.PERSON:
        return "、".join(masked(name, "name") for name in case.party_name.split("、"))
    return case.party_name


def _display(field: str):
    """get_<field>_display(), or "" when the field is empty."""
    return lambda c: getattr(c, f"get_{field}_display")() if getattr(c, field) else ""


def _due(deadline: str):
    return lambda c: getattr(c, deadline).due if getattr(c, deadline) else None


def _basis(deadline: str):
    return lambda c: (d.basis + d.estimate_note) if (d := getattr(c, deadline)) else ""


class ReconsiderationExportView(RegisterExportMixin, ReconsiderationListView):
    export_title = "行政复议案件台账"

    def get_export_columns(self):
        today = timezone.localdate()
        return [
            Col("复议案号", "case_number", width=24),
            Col("复议机关", "authority", width=20),
            Col("申请人类型", "get_applicant_kind_display"),
            Col("申请人", _party),
            Col("被申请人", "respondent"),
            Col("被申请复议的行政行为", "act_description", width=36),
            Col("行为作出科室", lambda c: str(c.act_department or "")),
            Col("程序", "get_procedure_display"),
            Col("适用法律", _display("law")),
            Col("申请日期", "applied_on"),
            Col("受理日期", "accepted_on"),
            Col("收到申请书副本日期", "copy_received_on"),
            Col("答复期限", _due("reply_deadline")),
            Col("答复期限依据", _basis("reply_deadline"), width=30),
            Col("提交答复日期", "reply_submitted_on"),
            Col("答复情况", lambda c: c.reply_state(today).text if c.reply_deadline else ""),
            Col("听证日期", "hearing_held_on"),
            Col("听证出席人员身份", _display("hearing_leader_role")),
            Col("延期天数", lambda c: c.extension_days if c.extension_approved else ""),
            Col("决定期限", _due("decision_deadline")),
            Col("决定日期", "decided_on"),
            Col("决定类型", _display("decision")),
            Col("状态", "get_status_display"),
            Col("承办科室", lambda c: str(c.handling_department or "")),
        ]


class LitigationExportView(RegisterExportMixin, LitigationListView):
    export_title = "行政应诉案件台账"

    def get_export_columns(self):
        today = timezone.localdate()

        def leaders(c):
            return [f"{h.leader_name}（{h.leader_post}）" for h in c.hearings.all() if h.qualifies]

        def attended(c):
            return ("是" if leaders(c) else "否") if c.hearings.all() else "未开庭"

        return [
            Col("案号", "case_number", width=24),
            Col("受理法院", "court", width=24),
            Col("审级", "get_level_display"),
            Col("原审案号", lambda c: c.first_instance.case_number if c.first_instance_id else "", width=24),
            Col("程序", "get_procedure_display"),
            Col("原告类型", "get_plaintiff_kind_display"),
            Col("原告", _party),
            Col("被告", "defendant"),
            Col("案由", "cause", width=30),
            Col("立案日期", "filed_on"),
            Col("收到起诉状副本日期", "copy_received_on"),
            Col("答辩期限", _due("answer_deadline")),
            Col("答辩期限依据", _basis("answer_deadline"), width=30),
            Col("提交答辩状日期", "answer_submitted_on"),
            Col("答辩情况", lambda c: state.text if (state := c.answer_state(today)) else ""),
            Col("开庭次数", lambda c: len(c.hearings.all())),
            Col("负责人出庭", attended),
            Col("出庭负责人", lambda c: "、".join(leaders(c)), width=30),
            Col("审理期限", _due("judgment_deadline")),
            Col("裁判日期", "judged_on"),
            Col("裁判结果", _display("result")),
            Col("胜败诉", _display("outcome")),
            Col("上诉情况", "get_appeal_display"),
            Col("状态", "get_status_display"),
            Col("承办科室", lambda c: str(c.handling_department or "")),
        ]


# --- details ------------------------------------------------------------------------


class _CaseDetailView(PersonalDetailView):
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


class ReconsiderationCreateView(PersonalCreateView):
    model = ReconsiderationCase
    form_class = ReconsiderationForm
    success_message = "复议案件已登记，答复期限已自动计算。"


class ReconsiderationUpdateView(PersonalUpdateView):
    model = ReconsiderationCase
    form_class = ReconsiderationForm
    success_message = "复议案件已保存。"


class ReconsiderationDecisionView(RegisterUpdateView):
    model = ReconsiderationCase
    form_class = ReconsiderationDecisionForm
    success_message = "听证、延期及决定信息已保存。"
    extra_context = {"page_title": "听证与复议决定"}


class LitigationCreateView(PersonalCreateView):
    model = LitigationCase
    form_class = LitigationForm
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


class LitigationUpdateView(PersonalUpdateView):
    model = LitigationCase
    form_class = LitigationForm
    success_message = "应诉案件已保存。"


class LitigationJudgmentView(RegisterUpdateView):
    model = LitigationCase
    form_class = LitigationJudgmentForm
    success_message = "裁判信息已保存。"
    extra_context = {"page_title": "裁判结果"}


class _CaseDeleteView(RegisterDeleteView):
    protected_message = "该案件已关联二审或再审案件，请先删除后续审级案件。"

    @property
    def success_message(self):
        return f"已删除{self.model._meta.verbose_name}。"


class ReconsiderationDeleteView(_CaseDeleteView):
    model = ReconsiderationCase
    success_url = reverse_lazy("litigation:reconsideration_list")


class LitigationDeleteView(_CaseDeleteView):
    model = LitigationCase
    success_url = reverse_lazy("litigation:litigation_list")


# --- hearings and documents (children of a case) ------------------------------------------


class _CaseChild(ChildMixin):
    """Under a case's URL (`case_pk`): another town's case is a 404."""

    parent_kwarg = "case_pk"
    parent_context_name = "case"

    def parent_of(self, obj):
        return obj.case


class HearingCreateView(_CaseChild, ChildCreateView):
    model = Hearing
    parent_model = LitigationCase
    form_class = HearingForm
    success_message = "庭审记录已保存。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.parent}


class HearingUpdateView(_CaseChild, RegisterUpdateView):
    model = Hearing
    form_class = HearingForm
    success_message = "庭审记录已保存。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.object.case}


class HearingDeleteView(_CaseChild, RegisterDeleteView):
    model = Hearing
    success_message = "已删除庭审记录。"


class _DocumentCreateView(_CaseChild, ChildCreateView):
    model = CaseDocument
    form_class = CaseDocumentForm
    success_message = "材料已上传。"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.parent, "user": self.request.user}


class ReconsiderationDocumentCreateView(_DocumentCreateView):
    parent_model = ReconsiderationCase


class LitigationDocumentCreateView(_DocumentCreateView):
    parent_model = LitigationCase


class DocumentDownloadView(AttachmentDownloadView):
    """Files are served only through this view (permission and town checked), never
    from a public MEDIA_URL; the one download behaviour of core.registers.attachments."""

    model = CaseDocument

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        return serve_file(document.file, document.original_name)


class DocumentDeleteView(_CaseChild, RegisterDeleteView):
    """The row goes and its file with it (core.registers.attachments.files_follow_rows)."""

    model = CaseDocument
    success_message = "已删除案件材料。"


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
