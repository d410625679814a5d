"""行政复议 and 行政应诉 cases in which the town is the respondent/defendant.

The register's purpose: for every case, the date by which the law requires the
town's next document (答复书, 答辩状), computed by `litigation.calendar`, and proof
that it went in on time and that a qualifying 负责人 appeared in court.

Deadlines and the case status are derived from the dates (never typed in), so a
page can never show a status that contradicts the dates behind it.
"""

from __future__ import annotations

import datetime
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.audit import history_bases
from core.models import OrgOwnedModel
from core.uploads import is_new_upload, validate_file_content
from core.validators import normalize_id_number, validate_id_number
from litigation import calendar
from litigation.choices import (
    CORRECTING_DECISIONS,
    OUTCOME_CSS,
    QUALIFYING_ROLES,
    RESULT_OUTCOME,
    STATUS_CSS,
    Appeal,
    CaseStatus,
    Decision,
    DocumentKind,
    HearingKind,
    Instance,
    JudgmentKind,
    JudgmentResult,
    LeaderRole,
    Outcome,
    PartyKind,
    Procedure,
    ReconsiderationLaw,
)

DEFAULT_AUTHORITY = "重庆市大渡口区人民政府"
DEFAULT_COURT = "重庆市大渡口区人民法院"


def _today() -> datetime.date:
    return timezone.localdate()


class _CaseMixin:
    """What both kinds of case share: party display, status badge, deadline states."""

    @property
    def party_is_person(self) -> bool:
        return self.party_kind_value == PartyKind.PERSON

    @property
    def status_css(self) -> str:
        return STATUS_CSS[self.status]

    awaiting_label = CaseStatus.AWAITING_DOCUMENT.label

    def get_status_display(self) -> str:
        if self.status == CaseStatus.AWAITING_DOCUMENT:
            return self.awaiting_label
        return CaseStatus(self.status).label


class ReconsiderationCase(_CaseMixin, OrgOwnedModel):
    """行政复议案件 — an application for administrative reconsideration of an act of the town.

    The town (or one of its departments) is the 被申请人; the 复议机关 (the district
    government) sends it a copy of the application, and the town owes a written 答复
    with its evidence by the statutory deadline.
    """

    kind_label = "行政复议"
    awaiting_label = "待答复"

    authority = models.CharField("复议机关", max_length=100, default=DEFAULT_AUTHORITY)
    case_number = models.CharField("复议案号", max_length=60, help_text="如：渡府复〔2023〕12号")
    applicant_kind = models.CharField("申请人类型", max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON)
    applicant_name = models.CharField("申请人", max_length=200, help_text="多名申请人以顿号分隔")
    applicant_id_number = models.CharField(
        "申请人证件号码", max_length=30, blank=True, help_text="自然人填身份证号，组织填统一社会信用代码"
    )
    applicant_phone = models.CharField("申请人联系电话", max_length=30, blank=True)
    applicant_address = models.CharField("申请人住址", max_length=200, blank=True)
    respondent = models.CharField("被申请人", max_length=100, help_text="本镇人民政府或其工作部门")
    act_description = models.CharField("被申请复议的行政行为", max_length=300)
    act_date = models.DateField("行为作出日期", null=True, blank=True)
    act_department = models.ForeignKey(
        "accounts.Department",
        verbose_name="行为作出科室",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    procedure = models.CharField("审理程序", max_length=20, choices=Procedure.choices, default=Procedure.ORDINARY)
    law = models.CharField(
        "适用法律",
        max_length=10,
        choices=ReconsiderationLaw.choices,
        blank=True,
        help_text="留空则按受理日期自动确定：2024年1月1日起受理的适用2023年修订的行政复议法",
    )
    applied_on = models.DateField("申请日期", null=True, blank=True)
    accepted_on = models.DateField("受理日期")
    copy_received_on = models.DateField("收到申请书副本日期", help_text="答复期限自收到之日的次日起算")
    reply_submitted_on = models.DateField(
        "提交答复日期", null=True, blank=True, help_text="提交书面答复及证据、依据的日期"
    )

    # 行政复议法（2023修订）第五十一条: the respondent's 负责人 should attend the hearing.
    hearing_held_on = models.DateField("听证日期", null=True, blank=True)
    hearing_leader_role = models.CharField("听证出席人员身份", max_length=20, choices=LeaderRole.choices, blank=True)
    hearing_leader_name = models.CharField("听证出席人员", max_length=50, blank=True)
    hearing_leader_post = models.CharField("出席人员职务", max_length=50, blank=True)
    hearing_absence_reason = models.CharField("负责人未出席原因", max_length=200, blank=True)

    extension_approved = models.BooleanField("已批准延期", default=False)
    extension_days = models.PositiveSmallIntegerField(
        "延长天数",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="复议法第六十二条：延长期限最多不超过三十日",
    )
    extension_reason = models.CharField("延期理由", max_length=200, blank=True)

    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision = models.CharField("决定类型", max_length=20, choices=Decision.choices, blank=True)
    decision_summary = models.TextField("决定要旨", blank=True)

    handling_department = models.ForeignKey(
        "accounts.Department", verbose_name="承办科室", on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField("备注", blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-copy_received_on", "-id"]
        verbose_name = "行政复议案件"
        verbose_name_plural = "行政复议案件"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "case_number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message="本单位已登记该复议案号。",
            ),
            models.CheckConstraint(
                condition=Q(applied_on__isnull=True) | Q(accepted_on__gte=F("applied_on")),
                name="%(app_label)s_%(class)s_accepted_after_applied",
                violation_error_message="受理日期不能早于申请日期。",
            ),
            models.CheckConstraint(
                condition=Q(copy_received_on__gte=F("accepted_on")),
                name="%(app_label)s_%(class)s_received_after_accepted",
                violation_error_message="收到申请书副本日期不能早于受理日期。",
            ),
            models.CheckConstraint(
                condition=Q(reply_submitted_on__isnull=True) | Q(reply_submitted_on__gte=F("copy_received_on")),
                name="%(app_label)s_%(class)s_reply_after_receipt",
                violation_error_message="提交答复日期不能早于收到申请书副本日期。",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("accepted_on")),
                name="%(app_label)s_%(class)s_decided_after_accepted",
                violation_error_message="决定日期不能早于受理日期。",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True, decision="") | (Q(decided_on__isnull=False) & ~Q(decision="")),
                name="%(app_label)s_%(class)s_decision_complete",
                violation_error_message="决定日期与决定类型须同时填写。",
            ),
            models.CheckConstraint(
                condition=Q(extension_approved=False, extension_days__isnull=True)
                | Q(extension_approved=True, extension_days__gte=1, extension_days__lte=30),
                name="%(app_label)s_%(class)s_extension_days",
                violation_error_message="批准延期须填写延长天数（1至30日）；未批准延期不填天数。",
            ),
        ]

    def __str__(self):
        # No party name: the string lands in page titles, messages and the audit log.
        return self.case_number

    def get_absolute_url(self):
        return reverse("litigation:reconsideration_detail", args=[self.pk])

    # --- rules across fields ----------------------------------------------
    def clean(self):
        errors: dict[str, str] = {}
        self.applicant_id_number = _check_person_id(
            errors, "applicant_id_number", self.applicant_kind, self.applicant_id_number
        )
        if self.accepted_on and not self.law:
            self.law = calendar.applicable_reconsideration_law(self.accepted_on)
        if self.accepted_on and self.law:
            expected = calendar.applicable_reconsideration_law(self.accepted_on)
            if self.law != expected:
                errors["law"] = (
                    "2024年1月1日起受理的案件适用2023年修订的行政复议法。"
                    if expected == calendar.LAW_2023
                    else "2024年1月1日前受理的案件适用原行政复议法。"
                )
        if self.procedure == Procedure.SIMPLE and self.law == calendar.LAW_2017:
            errors["procedure"] = "原行政复议法未规定简易程序，2024年1月1日前受理的案件只能选择普通程序。"
        if self.act_date and self.applied_on and self.act_date > self.applied_on:
            errors["act_date"] = "行为作出日期不能晚于申请日期。"
        if self.applied_on and self.accepted_on and self.accepted_on < self.applied_on:
            errors["accepted_on"] = "受理日期不能早于申请日期。"
        if self.accepted_on and self.copy_received_on and self.copy_received_on < self.accepted_on:
            errors["copy_received_on"] = "收到申请书副本日期不能早于受理日期。"
        if self.applied_on and self.copy_received_on and self.copy_received_on < self.applied_on:
            errors["copy_received_on"] = "收到申请书副本日期不能早于申请日期。"
        if self.reply_submitted_on and self.copy_received_on and self.reply_submitted_on < self.copy_received_on:
            errors["reply_submitted_on"] = "提交答复日期不能早于收到申请书副本日期。"
        if self.decided_on and self.accepted_on and self.decided_on < self.accepted_on:
            errors["decided_on"] = "决定日期不能早于受理日期。"
        if self.decided_on and not self.decision:
            errors["decision"] = "请选择决定类型。"
        if self.decision and not self.decided_on:
            errors["decided_on"] = "请填写决定日期。"
        if self.hearing_held_on and self.accepted_on and self.hearing_held_on < self.accepted_on:
            errors["hearing_held_on"] = "听证日期不能早于受理日期。"
        if self.hearing_held_on:
            _check_attendance(
                errors,
                role=self.hearing_leader_role,
                name=self.hearing_leader_name,
                post=self.hearing_leader_post,
                reason=self.hearing_absence_reason,
                prefix="hearing_",
            )
        elif self.hearing_leader_role or self.hearing_leader_name:
            errors["hearing_held_on"] = "填写了出席人员，请同时填写听证日期。"
        if self.extension_approved:
            if self.procedure == Procedure.SIMPLE and self.law == calendar.LAW_2023:
                errors["extension_approved"] = "简易程序案件不能延期；情况复杂的应先转为普通程序（复议法第五十五条）。"
            elif not self.extension_days:
                errors["extension_days"] = "批准延期须填写延长天数（最多30日）。"
            elif self.extension_days > 30:
                errors["extension_days"] = "延长期限最多不超过三十日（复议法第六十二条）。"
        elif self.extension_days:
            errors["extension_days"] = "未批准延期时不填写延长天数。"
        if errors:
            raise ValidationError(errors)

    # --- derived values -----------------------------------------------------
    @property
    def party_kind_value(self) -> str:
        return self.applicant_kind

    @property
    def party_name(self) -> str:
        return self.applicant_name

    @property
    def is_simple(self) -> bool:
        return self.procedure == Procedure.SIMPLE

    @property
    def effective_law(self) -> str:
        if self.law:
            return self.law
        return calendar.applicable_reconsideration_law(self.accepted_on) if self.accepted_on else calendar.LAW_2023

    @property
    def reply_deadline(self) -> calendar.Deadline | None:
        return calendar.reconsideration_reply_deadline(
            received_on=self.copy_received_on, simple=self.is_simple, law=self.effective_law
        )

    @property
    def decision_deadline(self) -> calendar.Deadline | None:
        return calendar.reconsideration_decision_deadline(
            accepted_on=self.accepted_on,
            simple=self.is_simple,
            extension_days=(self.extension_days or 0) if self.extension_approved else 0,
            law=self.effective_law,
        )

    def reply_state(self, today: datetime.date | None = None):
        deadline = self.reply_deadline
        if deadline is None:
            return None
        # A case decided (e.g. 终止 after withdrawal) before any reply owes none any more.
        if self.reply_submitted_on is None and self.decided_on and self.decided_on <= deadline.due:
            return calendar.DeadlineStatus("waived", "无需答复（已审结）", "secondary")
        return deadline.status(self.reply_submitted_on, today or _today())

    def decision_state(self, today: datetime.date | None = None):
        deadline = self.decision_deadline
        return deadline.status(self.decided_on, today or _today()) if deadline else None

    @property
    def status(self) -> str:
        if self.decided_on:
            return CaseStatus.CONCLUDED
        if self.reply_submitted_on is None:
            return CaseStatus.AWAITING_DOCUMENT
        return CaseStatus.IN_PROGRESS

    @staticmethod
    def status_q(status: str) -> Q:
        return {
            CaseStatus.CONCLUDED: Q(decided_on__isnull=False),
            CaseStatus.AWAITING_DOCUMENT: Q(decided_on__isnull=True, reply_submitted_on__isnull=True),
            CaseStatus.IN_PROGRESS: Q(decided_on__isnull=True, reply_submitted_on__isnull=False),
        }[status]

    @property
    def is_correcting(self) -> bool:
        return self.decision in CORRECTING_DECISIONS

    @property
    def hearing_leader_qualifies(self) -> bool:
        return self.hearing_leader_role in QUALIFYING_ROLES

    def deadlines(self, today: datetime.date | None = None) -> list[tuple[calendar.Deadline, object]]:
        """(deadline, state) pairs shown on the detail page, the deadlines page and alerts."""
        today = today or _today()
        pairs = []
        if (d := self.reply_deadline) is not None:
            pairs.append((d, self.reply_state(today)))
        if (d := self.decision_deadline) is not None:
            pairs.append((d, self.decision_state(today)))
        return pairs


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


def _check_person_id(errors: dict, field: str, kind: str, value: str) -> str:
    """A 自然人's 证件号码 is a 身份证号 (the project's one check, core.validators); an
    organization's is a 统一社会信用代码, not checked here. Returns the normalized value."""
    if kind != PartyKind.PERSON or not value:
        return value
    value = normalize_id_number(value)
    try:
        validate_id_number(value)
    except ValidationError as exc:
        errors[field] = exc.messages[0]
    return value


def _check_attendance(errors: dict, *, role: str, name: str, post: str, reason: str, prefix: str = "") -> None:
    """Who appeared for the government: a 负责人 needs name and post; otherwise a reason.

    2020 规定第二条 (who is a 负责人) and 第八条 (a 负责人 who cannot appear explains why in writing).
    """
    if not role:
        errors[f"{prefix}leader_role"] = "请选择出席人员身份。"
        return
    if role in (LeaderRole.PRINCIPAL, LeaderRole.DEPUTY, LeaderRole.IN_CHARGE, LeaderRole.STAFF):
        if not name:
            errors[f"{prefix}leader_name"] = "请填写出席人员姓名。"
        if not post:
            errors[f"{prefix}leader_post"] = "请填写出席人员职务。"
    if role not in QUALIFYING_ROLES and not reason:
        errors[f"{prefix}absence_reason"] = "负责人未出庭（出席）的，须填写原因（2020年出庭应诉规定第八条）。"


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


# --- uploaded documents ------------------------------------------------------------

DOCUMENT_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "jpg", "jpeg", "png", "zip"]
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def document_upload_to(instance: CaseDocument, filename: str) -> str:
    # The stored name is random: an uploaded name never becomes a path on disk.
    ext = os.path.splitext(filename)[1].lower()[:10]
    today = _today()
    return f"litigation/{instance.organization_id}/{today:%Y/%m}/{uuid.uuid4().hex}{ext}"


def validate_document_size(file) -> None:
    """Size cap, then the content check (one validator: migrations name this function)."""
    if not is_new_upload(file):
        return
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError("文件不能超过 20 MB。")
    validate_file_content(file)


class CaseDocument(OrgOwnedModel):
    """案件材料 — an uploaded document of a case (答复书, 答辩状, 证据, 决定书/判决书 …)."""

    reconsideration = models.ForeignKey(
        ReconsiderationCase,
        verbose_name="复议案件",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    litigation = models.ForeignKey(
        LitigationCase,
        verbose_name="应诉案件",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField("材料类型", max_length=20, choices=DocumentKind.choices)
    title = models.CharField("材料名称", max_length=200, blank=True, help_text="留空则使用文件名")
    file = models.FileField(
        "文件",
        upload_to=document_upload_to,
        max_length=200,
        validators=[
            FileExtensionValidator(
                DOCUMENT_EXTENSIONS,
                message="不支持该文件类型（.%(extension)s），请上传 PDF、OFD、Word、WPS、Excel、图片或 ZIP 文件。",
            ),
            validate_document_size,
        ],
        help_text="支持 PDF、OFD、Word、WPS、Excel、图片、ZIP，单个文件不超过 20 MB",
    )
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    submitted_on = models.DateField("提交/收到日期", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "案件材料"
        verbose_name_plural = "案件材料"
        constraints = [
            models.CheckConstraint(
                condition=Q(reconsideration__isnull=False, litigation__isnull=True)
                | Q(reconsideration__isnull=True, litigation__isnull=False),
                name="%(app_label)s_%(class)s_one_case",
                violation_error_message="材料须属于且仅属于一个案件。",
            ),
        ]

    def __str__(self):
        return self.title or self.original_name or self.get_kind_display()

    @property
    def case(self):
        return self.reconsideration or self.litigation

    def get_absolute_url(self):
        return self.case.get_absolute_url()
