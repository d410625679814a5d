"""行政复议案件: the applications for reconsideration of an act of the town."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.audit import history_bases
from core.models import OrgOwnedModel
from litigation import calendar
from litigation.choices import (
    CORRECTING_DECISIONS,
    QUALIFYING_ROLES,
    CaseStatus,
    Decision,
    LeaderRole,
    PartyKind,
    Procedure,
    ReconsiderationLaw,
)
from litigation.models.common import DEFAULT_AUTHORITY, _CaseMixin, _check_attendance, _check_person_id, _today


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
