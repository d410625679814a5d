"""行政应诉案件 and their 庭审记录: the lawsuits against the town and who appeared in court."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.audit import history_bases
from core.models import OrgOwnedModel
from litigation import calendar
from litigation.choices import (
    OUTCOME_CSS,
    QUALIFYING_ROLES,
    RESULT_OUTCOME,
    Appeal,
    CaseStatus,
    HearingKind,
    Instance,
    JudgmentKind,
    JudgmentResult,
    LeaderRole,
    Outcome,
    PartyKind,
    Procedure,
)
from litigation.models.common import DEFAULT_COURT, _CaseMixin, _check_attendance, _check_person_id, _today


class LitigationCase(_CaseMixin, OrgOwnedModel):
    """行政应诉案件 — one 审级 of an administrative lawsuit in which the town is the defendant.

    A second-instance (or retrial) case is its own row linked to the first-instance
    case, because deadlines, hearings and the 负责人出庭 duty run per 审级 (2020 规定第七条).
    """

    kind_label = "行政应诉"
    awaiting_label = "待答辩"

    court = models.CharField("受理法院", max_length=100, default=DEFAULT_COURT)
    case_number = models.CharField("案号", max_length=60, help_text="如：（2023）渝0104行初123号")
    level = models.CharField("审级", max_length=1, choices=Instance.choices, default=Instance.FIRST)
    first_instance = models.ForeignKey(
        "self",
        verbose_name="原审案件",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_instances",
        help_text="二审、再审案件须关联原审案件",
    )
    procedure = models.CharField("审理程序", max_length=20, choices=Procedure.choices, default=Procedure.ORDINARY)
    plaintiff_kind = models.CharField("原告类型", max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON)
    plaintiff_name = models.CharField("原告（上诉人）", max_length=200, help_text="多名原告以顿号分隔")
    plaintiff_id_number = models.CharField("原告证件号码", max_length=30, blank=True)
    plaintiff_phone = models.CharField("原告联系电话", max_length=30, blank=True)
    plaintiff_address = models.CharField("原告住址", max_length=200, blank=True)
    defendant = models.CharField("被告", max_length=100, help_text="本镇人民政府或其工作部门")
    cause = models.CharField("案由", max_length=200, help_text="如：行政强制（拆除违法建筑）")
    act_department = models.ForeignKey(
        "accounts.Department",
        verbose_name="被诉行为作出科室",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filed_on = models.DateField("立案日期")
    copy_received_on = models.DateField(
        "收到起诉状副本日期", help_text="二审案件填收到上诉状副本日期；答辩期限自收到之日的次日起算"
    )
    answer_submitted_on = models.DateField("提交答辩状及证据日期", null=True, blank=True)

    judgment_kind = models.CharField("裁判文书类型", max_length=20, choices=JudgmentKind.choices, blank=True)
    judged_on = models.DateField("裁判日期", null=True, blank=True)
    result = models.CharField("裁判结果", max_length=20, choices=JudgmentResult.choices, blank=True)
    outcome = models.CharField(
        "胜败诉", max_length=10, choices=Outcome.choices, blank=True, help_text="留空则按裁判结果自动归类"
    )
    judgment_served_on = models.DateField("裁判文书送达日期", null=True, blank=True, help_text="上诉期限自送达次日起算")
    appeal = models.CharField("上诉情况", max_length=20, choices=Appeal.choices, default=Appeal.NONE)
    judgment_summary = models.TextField("裁判要旨", blank=True)

    handling_department = models.ForeignKey(
        "accounts.Department", verbose_name="承办科室", on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField("备注", blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-copy_received_on", "-id"]
        verbose_name = "行政应诉案件"
        verbose_name_plural = "行政应诉案件"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "case_number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message="本单位已登记该案号。",
            ),
            models.CheckConstraint(
                condition=Q(copy_received_on__gte=F("filed_on")),
                name="%(app_label)s_%(class)s_received_after_filed",
                violation_error_message="收到起诉状副本日期不能早于立案日期。",
            ),
            models.CheckConstraint(
                condition=Q(answer_submitted_on__isnull=True) | Q(answer_submitted_on__gte=F("copy_received_on")),
                name="%(app_label)s_%(class)s_answer_after_receipt",
                violation_error_message="提交答辩状日期不能早于收到起诉状副本日期。",
            ),
            models.CheckConstraint(
                condition=Q(judged_on__isnull=True) | Q(judged_on__gte=F("filed_on")),
                name="%(app_label)s_%(class)s_judged_after_filed",
                violation_error_message="裁判日期不能早于立案日期。",
            ),
            models.CheckConstraint(
                condition=Q(level="1", first_instance__isnull=True)
                | Q(level="R")
                | Q(level="2", first_instance__isnull=False),
                name="%(app_label)s_%(class)s_level_link",
                violation_error_message="二审案件须关联一审案件；一审案件不能关联原审案件。",
            ),
            models.CheckConstraint(
                condition=Q(judged_on__isnull=True, result="") | (Q(judged_on__isnull=False) & ~Q(result="")),
                name="%(app_label)s_%(class)s_judgment_complete",
                violation_error_message="裁判日期与裁判结果须同时填写。",
            ),
        ]

    def __str__(self):
        # No party name: the string lands in page titles, messages and the audit log.
        return self.case_number

    def get_absolute_url(self):
        return reverse("litigation:litigation_detail", args=[self.pk])

    def clean(self):
        errors: dict[str, str] = {}
        self.plaintiff_id_number = _check_person_id(
            errors, "plaintiff_id_number", self.plaintiff_kind, self.plaintiff_id_number
        )
        if self.level == Instance.SECOND and not self.first_instance_id:
            errors["first_instance"] = "二审案件须关联一审案件。"
        if self.level == Instance.FIRST and self.first_instance_id:
            errors["first_instance"] = "一审案件不能关联原审案件。"
        if self.first_instance_id:
            first = self.first_instance
            if self.pk and first.pk == self.pk:
                errors["first_instance"] = "不能关联案件本身。"
            elif self.level == Instance.SECOND and first.level != Instance.FIRST:
                errors["first_instance"] = "二审案件关联的原审案件须为一审案件。"
            elif self.organization_id and first.organization_id != self.organization_id:
                errors["first_instance"] = "原审案件须为本单位案件。"
            elif self.filed_on and first.filed_on and self.filed_on < first.filed_on:
                errors["filed_on"] = "立案日期不能早于原审案件立案日期。"
        if self.procedure == Procedure.SIMPLE and self.level != Instance.FIRST:
            errors["procedure"] = "简易程序仅适用于第一审行政案件（行诉法第八十二条）。"
        if self.filed_on and self.copy_received_on and self.copy_received_on < self.filed_on:
            errors["copy_received_on"] = "收到起诉状副本日期不能早于立案日期。"
        if self.answer_submitted_on and self.copy_received_on and self.answer_submitted_on < self.copy_received_on:
            errors["answer_submitted_on"] = "提交答辩状日期不能早于收到起诉状副本日期。"
        if self.judged_on and self.filed_on and self.judged_on < self.filed_on:
            errors["judged_on"] = "裁判日期不能早于立案日期。"
        if self.judged_on and not self.result:
            errors["result"] = "请选择裁判结果。"
        if self.result and not self.judged_on:
            errors["judged_on"] = "请填写裁判日期。"
        if self.judgment_served_on and (not self.judged_on or self.judgment_served_on < self.judged_on):
            errors["judgment_served_on"] = "送达日期不能早于裁判日期。"
        if self.result and not self.outcome:
            self.outcome = RESULT_OUTCOME[JudgmentResult(self.result)]
        if self.outcome and not self.result:
            errors["outcome"] = "尚无裁判结果，不能填写胜败诉。"
        if self.appeal != Appeal.NONE and self.level != Instance.FIRST:
            errors["appeal"] = "只有一审裁判可以上诉，二审裁判为终审裁判。"
        if self.appeal != Appeal.NONE and not self.judged_on:
            errors["appeal"] = "尚无一审裁判，不能登记上诉。"
        if errors:
            raise ValidationError(errors)

    @property
    def party_kind_value(self) -> str:
        return self.plaintiff_kind

    @property
    def party_name(self) -> str:
        return self.plaintiff_name

    @property
    def is_simple(self) -> bool:
        return self.procedure == Procedure.SIMPLE

    @property
    def answer_deadline(self) -> calendar.Deadline | None:
        return calendar.litigation_answer_deadline(received_on=self.copy_received_on, instance=self.level)

    @property
    def judgment_deadline(self) -> calendar.Deadline | None:
        return calendar.litigation_judgment_deadline(filed_on=self.filed_on, instance=self.level, simple=self.is_simple)

    @property
    def appeal_deadline(self) -> calendar.Deadline | None:
        if self.level != Instance.FIRST or self.judgment_kind == JudgmentKind.MEDIATION:
            return None
        return calendar.litigation_appeal_deadline(
            served_on=self.judgment_served_on, ruling=self.judgment_kind == JudgmentKind.RULING
        )

    def answer_state(self, today: datetime.date | None = None):
        deadline = self.answer_deadline
        if deadline is None:
            return None
        if self.answer_submitted_on is None and self.judged_on and self.judged_on <= deadline.due:
            return calendar.DeadlineStatus("waived", "无需答辩（已审结）", "secondary")
        return deadline.status(self.answer_submitted_on, today or _today())

    def judgment_state(self, today: datetime.date | None = None):
        deadline = self.judgment_deadline
        return deadline.status(self.judged_on, today or _today()) if deadline else None

    def appeal_state(self, today: datetime.date | None = None):
        deadline = self.appeal_deadline
        if deadline is None:
            return None
        if self.appeal in (Appeal.DEFENDANT, Appeal.BOTH):
            return calendar.DeadlineStatus("waived", "我方已上诉", "success")
        today = today or _today()
        if today > deadline.due:
            return calendar.DeadlineStatus("waived", "上诉期已届满", "secondary")
        return deadline.status(None, today)

    @property
    def status(self) -> str:
        if self.judged_on:
            return CaseStatus.CONCLUDED
        if self.answer_submitted_on is None:
            return CaseStatus.AWAITING_DOCUMENT
        return CaseStatus.IN_PROGRESS

    @staticmethod
    def status_q(status: str) -> Q:
        return {
            CaseStatus.CONCLUDED: Q(judged_on__isnull=False),
            CaseStatus.AWAITING_DOCUMENT: Q(judged_on__isnull=True, answer_submitted_on__isnull=True),
            CaseStatus.IN_PROGRESS: Q(judged_on__isnull=True, answer_submitted_on__isnull=False),
        }[status]

    @property
    def outcome_css(self) -> str:
        return OUTCOME_CSS.get(self.outcome, "secondary")

    def deadlines(self, today: datetime.date | None = None) -> list[tuple[calendar.Deadline, object]]:
        today = today or _today()
        pairs = []
        if (d := self.answer_deadline) is not None:
            pairs.append((d, self.answer_state(today)))
        if (d := self.judgment_deadline) is not None:
            pairs.append((d, self.judgment_state(today)))
        if (d := self.appeal_deadline) is not None:
            pairs.append((d, self.appeal_state(today)))
        return pairs


class Hearing(OrgOwnedModel):
    """庭审记录 — one court session of a 行政应诉 case and who appeared for the government."""

    case = models.ForeignKey(LitigationCase, verbose_name="应诉案件", on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("开庭日期", help_text="计入庭审举行的年度")
    kind = models.CharField(
        "庭审类型",
        max_length=20,
        choices=HearingKind.choices,
        default=HearingKind.TRIAL,
        help_text="只有开庭审理计入负责人出庭应诉率；庭前会议、询问、庭审调解不计入",
    )
    leader_role = models.CharField(
        "出庭人员身份",
        max_length=20,
        choices=LeaderRole.choices,
        help_text="正职、副职或参与分管的其他负责人出庭，才计入负责人出庭应诉（2020年规定第二条）",
    )
    leader_name = models.CharField("出庭负责人（人员）姓名", max_length=50, blank=True)
    leader_post = models.CharField("职务", max_length=50, blank=True, help_text="如：镇长、副镇长（分管城建）")
    other_attendees = models.CharField("其他出庭人员", max_length=200, blank=True, help_text="工作人员、委托代理律师")
    absence_reason = models.CharField("负责人未出庭原因", max_length=200, blank=True)
    notes = models.TextField("庭审情况", blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["case", "held_on", "id"]
        verbose_name = "庭审记录"
        verbose_name_plural = "庭审记录"
        constraints = [
            models.CheckConstraint(
                condition=Q(leader_role__in=QUALIFYING_ROLES) | ~Q(absence_reason=""),
                name="%(app_label)s_%(class)s_absence_reason",
                violation_error_message="负责人未出庭的，须填写原因。",
            ),
        ]

    def __str__(self):
        return f"{self.case.case_number} {self.held_on:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("litigation:litigation_detail", args=[self.case_id])

    @property
    def qualifies(self) -> bool:
        return self.leader_role in QUALIFYING_ROLES

    def clean(self):
        errors: dict[str, str] = {}
        case = self.case if self.case_id else None
        if case is not None and self.held_on and case.filed_on and self.held_on < case.filed_on:
            errors["held_on"] = "开庭日期不能早于立案日期。"
        if case is not None and self.organization_id and case.organization_id != self.organization_id:
            errors["case"] = "案件须为本单位案件。"
        _check_attendance(
            errors, role=self.leader_role, name=self.leader_name, post=self.leader_post, reason=self.absence_reason
        )
        if errors:
            raise ValidationError(errors)
