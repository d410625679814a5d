"""The 连心桥 one-stop mediation register (矛盾纠纷调解台账).

A Dispute is registered at intake and gets its serial number (八桥调〔2023〕0001号)
from a per-organization, per-year counter row; it then moves through the status
machine in `services.py`. Parties, the agreement, follow-up visits and the
timeline hang off it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import calendar
from core.audit import history_bases
from core.models import OrgOwnedModel
from core.validators import normalize_id_number, validate_id_number
from disputes import choices as c

# 司法部《人民调解工作若干规定》第三十三条: 调解纠纷一般在一个月内调结.
OVERDUE_DAYS = 30
# 人民调解法第三十三条: 当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认.
CONFIRMATION_DAYS = 30


def confirmation_warning_days() -> int:
    """Local practice (setting): warn this many days before the 司法确认 window closes."""
    return getattr(settings, "DISPUTES_CONFIRMATION_WARNING_DAYS", 7)


def followup_days() -> int:
    """Local practice (setting): visit the parties within this many days after an agreement."""
    return getattr(settings, "DISPUTES_FOLLOWUP_DAYS", 30)


def followup_warning_days() -> int:
    return getattr(settings, "DISPUTES_FOLLOWUP_WARNING_DAYS", 7)


def followup_lookback_days() -> int:
    """Local practice (setting): 回访 reminders cover disputes concluded within this many days
    (0: no limit). A visit missed more than a year ago is a gap in the register rather than a
    reminder; without the limit every alert and 待回访 list read the town's whole history
    (BENCHMARKS.md: ~75 ms per view at district scale, ~10 ms with it)."""
    return getattr(settings, "DISPUTES_FOLLOWUP_LOOKBACK_DAYS", 365)


def followup_in_lookback(concluded_on: datetime.date | None, today: datetime.date) -> bool:
    lookback = followup_lookback_days()
    return concluded_on is not None and (not lookback or concluded_on >= today - datetime.timedelta(days=lookback))


class DisputeCategory(OrgOwnedModel):
    """纠纷类别 — one entry of the town's managed list of dispute categories (婚姻家庭, 邻里纠纷 …)."""

    name = models.CharField("类别名称", max_length=30)
    sort_order = models.PositiveSmallIntegerField("排序", default=0, help_text="数字小的排在前面")
    is_active = models.BooleanField(
        "在用", default=True, help_text="停用后不再出现在受理登记的选项中，已有记录不受影响"
    )
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "纠纷类别"
        verbose_name_plural = "纠纷类别"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message="已有同名纠纷类别。",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("disputes:category_list")


class Mediator(OrgOwnedModel):
    """调解员 — a mediator of the town's or a community's 人民调解委员会 (or a staff member who mediates)."""

    name = models.CharField("姓名", max_length=30)
    unit = models.CharField("所在调委会/单位", max_length=50, blank=True, help_text="如：八桥镇人民调解委员会")
    is_active = models.BooleanField("在用", default=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["name"]
        verbose_name = "调解员"
        verbose_name_plural = "调解员"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message="已有同名调解员。",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("disputes:mediator_list")


class SerialCounter(models.Model):
    """编号计数 — the last serial number issued for one organization and year.

    A technical row locked with SELECT … FOR UPDATE while a number is issued, so
    two clerks registering at the same moment get different numbers, and a
    number is never issued twice even after its dispute is deleted. No history:
    its value is fully implied by the disputes.
    """

    organization = models.ForeignKey(
        "accounts.Organization", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    last_number = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        ordering = ["organization", "year"]
        verbose_name = "纠纷编号计数"
        verbose_name_plural = "纠纷编号计数"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="%(app_label)s_%(class)s_unique_year",
                violation_error_message="该年度的编号计数已存在。",
            )
        ]

    def __str__(self):
        return f"{self.organization} {self.year}年 已用至{self.last_number}号"


# Between the parts of Dispute.search_text and between the names in party_names: a character
# nobody types, so a search never matches across two fields or two names ("三 李" does not
# find 张三 and 李四), as the per-field search it replaced did not.
SEARCH_SEPARATOR = "\x1f"


def format_serial(prefix: str, year: int, number: int) -> str:
    return f"{prefix}调〔{year}〕{number:04d}号"


class Dispute(OrgOwnedModel):
    """矛盾纠纷 — one dispute registered on the 连心桥 platform, from intake to conclusion."""

    year = models.PositiveSmallIntegerField("编号年度", editable=False)
    number = models.PositiveIntegerField("序号", editable=False)
    serial = models.CharField("编号", max_length=40, editable=False)
    received_on = models.DateField("受理日期", default=timezone.localdate)
    source = models.CharField("纠纷来源", max_length=20, choices=c.Source.choices, default=c.Source.VISIT)
    community = models.ForeignKey(
        "accounts.Community", verbose_name="村（社区）", on_delete=models.PROTECT, related_name="disputes"
    )
    grid = models.ForeignKey(
        "accounts.Grid", verbose_name="网格", on_delete=models.PROTECT, null=True, blank=True, related_name="disputes"
    )
    category = models.ForeignKey(
        DisputeCategory, verbose_name="纠纷类别", on_delete=models.PROTECT, related_name="disputes"
    )
    grade = models.CharField("纠纷等级", max_length=20, choices=c.Grade.choices, default=c.Grade.SIMPLE)
    handling_level = models.CharField(
        "化解层级",
        max_length=20,
        choices=c.Level.choices,
        blank=True,
        help_text="不填则按等级：简单→村居，复杂→镇，疑难→区",
    )
    risk = models.CharField("风险等级", max_length=10, choices=c.Risk.choices, default=c.Risk.GREEN)
    mediation_type = models.CharField(
        "调解类型", max_length=20, choices=c.MediationType.choices, default=c.MediationType.PEOPLE
    )
    mediators = models.ManyToManyField(Mediator, verbose_name="调解员", blank=True, related_name="disputes")
    amount = models.DecimalField("涉及金额（元）", max_digits=14, decimal_places=2, default=0)
    summary = models.TextField("纠纷简要情况", help_text="当事人、起因、诉求，简明扼要")
    # Status and its dates are changed only by services.py (no form lists them); they stay
    # editable=True so the audit log's change diff (simple-history skips non-editable
    # fields) records every transition.
    status = models.CharField("状态", max_length=20, choices=c.Status.choices, default=c.Status.ACCEPTED)
    started_on = models.DateField("开始调解日期", null=True, blank=True)
    concluded_on = models.DateField("办结日期", null=True, blank=True)
    outcome = models.TextField("调解结果", blank=True)
    referred_to = models.CharField("转办单位", max_length=100, blank=True)
    original_number = models.CharField("原台账编号", max_length=50, blank=True, help_text="从纸质或旧台账导入时的编号")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Free-text search (?q=, filters.py). The parties' names are copied here by search.py on
    # every write of a party, and the database derives one lower-cased column from them and
    # the dispute's own text: a search is one LIKE per row of the town, instead of UPPER() on
    # three columns plus a scan of every party of the district (BENCHMARKS.md). Neither is
    # shown, nor kept in the history (names are personal data).
    party_names = models.TextField("当事人姓名（检索用）", blank=True, default="", editable=False)
    search_text = models.GeneratedField(
        expression=Lower(
            Concat(
                "serial",
                Value(SEARCH_SEPARATOR),
                "original_number",
                Value(SEARCH_SEPARATOR),
                "party_names",
                Value(SEARCH_SEPARATOR),
                "summary",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    history = HistoricalRecords(bases=history_bases(), excluded_fields=["updated_at", "party_names", "search_text"])

    class Meta:
        ordering = ["-received_on", "-year", "-number"]
        verbose_name = "矛盾纠纷"
        verbose_name_plural = "矛盾纠纷"
        indexes = [
            models.Index(fields=["organization", "received_on"], name="disputes_org_received"),
            # Also serves (organization, status) alone; concluded_on for the 回访 reminders,
            # which look at successful disputes concluded within the look-back.
            models.Index(fields=["organization", "status", "concluded_on"], name="disputes_org_status_concluded"),
            # The town's dispute ids without reading the table: the yearly 调解协议 figures join
            # the year's agreements (all towns) to them. EXPLAIN ANALYZE at district scale:
            # bitmap heap scan of 23,509 rows 21 ms → index-only scan 6.6 ms (BENCHMARKS.md).
            models.Index(fields=["organization", "id"], name="disputes_org_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message="纠纷编号重复。",
            ),
            models.UniqueConstraint(
                fields=["organization", "serial"],
                name="%(app_label)s_%(class)s_unique_serial",
                violation_error_message="纠纷编号重复。",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message="涉及金额不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=models.F("received_on")),
                name="%(app_label)s_%(class)s_concluded_after_received",
                violation_error_message="办结日期不能早于受理日期。",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(started_on__gte=models.F("received_on")),
                name="%(app_label)s_%(class)s_started_after_received",
                violation_error_message="开始调解日期不能早于受理日期。",
            ),
            # A closed dispute always has its date, an open one never: the figures count on it.
            models.CheckConstraint(
                condition=(Q(status__in=c.OPEN_STATUSES) & Q(concluded_on__isnull=True))
                | (Q(status__in=c.CLOSED_STATUSES) & Q(concluded_on__isnull=False)),
                name="%(app_label)s_%(class)s_closed_has_date",
                violation_error_message="办结的纠纷须有办结日期，未办结的纠纷不能有办结日期。",
            ),
        ]

    # Dispute.clean() applies these three itself (core.models.OrgOwnedModel.checked_in_clean).
    checked_in_clean = frozenset(
        {
            "disputes_dispute_amount_not_negative",
            "disputes_dispute_concluded_after_received",
            "disputes_dispute_started_after_received",
        }
    )

    def __str__(self):
        return self.serial or "（未编号纠纷）"

    def get_absolute_url(self):
        return reverse("disputes:dispute_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.grid_id and self.community_id and self.grid.community_id != self.community_id:
            errors["grid"] = "所选网格不属于所选村（社区）。"
        if self.community_id and self.organization_id and self.community.organization_id != self.organization_id:
            errors["community"] = "村（社区）不属于本单位。"
        if self.category_id and self.organization_id and self.category.organization_id != self.organization_id:
            errors["category"] = "纠纷类别不属于本单位。"
        if self.amount is not None and self.amount < 0:
            errors["amount"] = "涉及金额不能为负数。"
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = "受理日期不能晚于今天。"
        if self.received_on and self.concluded_on and self.concluded_on < self.received_on:
            errors["concluded_on"] = "办结日期不能早于受理日期。"
        if self.received_on and self.started_on and self.started_on < self.received_on:
            errors["started_on"] = "开始调解日期不能早于受理日期。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.handling_level:
            self.handling_level = c.LEVEL_FOR_GRADE[self.grade]
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # party_names is written only by search.py, from the Party rows: a full save of a
            # dispute read before a party changed must not put the old names back.
            deferred = self.get_deferred_fields()  # as Django does: a deferred field is not written
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and not f.generated and f.name != "party_names" and f.attname not in deferred
            ]
        super().save(*args, **kwargs)

    # --- derived flags -------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.status in c.OPEN_STATUSES

    @property
    def is_concluded(self) -> bool:
        return self.status in c.CONCLUDED_STATUSES

    def days_open(self, today: datetime.date | None = None) -> int:
        end = self.concluded_on or (today or timezone.localdate())
        return (end - self.received_on).days

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Open longer than 30 days (若干规定 Art. 33)."""
        return self.is_open and self.days_open(today) > OVERDUE_DAYS

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def overdue_since(self) -> datetime.date:
        return self.received_on + datetime.timedelta(days=OVERDUE_DAYS)

    @property
    def status_badge(self) -> str:
        return c.STATUS_BADGE.get(self.status, "secondary")

    @property
    def risk_badge(self) -> str:
        return c.RISK_BADGE.get(self.risk, "secondary")

    @property
    def followup_due_date(self) -> datetime.date | None:
        """回访 is expected for successful disputes with an agreement, within the local-practice window."""
        if self.status != c.Status.SUCCEEDED or self.concluded_on is None:
            return None
        return self.concluded_on + datetime.timedelta(days=followup_days())


class Party(models.Model):
    """当事人 — one party of a dispute (personal data: ID number, phone and address are masked)."""

    dispute = models.ForeignKey(Dispute, verbose_name="纠纷", on_delete=models.CASCADE, related_name="parties")
    role = models.CharField("当事人身份", max_length=20, choices=c.PartyRole.choices, default=c.PartyRole.APPLICANT)
    kind = models.CharField("类型", max_length=20, choices=c.PartyKind.choices, default=c.PartyKind.PERSON)
    name = models.CharField("姓名/名称", max_length=100)
    id_number = models.CharField(
        "证件号码", max_length=30, blank=True, help_text="自然人填18位身份证号，单位填统一社会信用代码"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["dispute", "role", "id"]
        verbose_name = "当事人"
        verbose_name_plural = "当事人"

    def __str__(self):
        # Masked: __str__ ends up in audit entries and history, which must not hold personal data.
        from core.masking import mask_name

        return f"{self.get_role_display()} {mask_name(self.name)}"

    def get_absolute_url(self):
        return self.dispute.get_absolute_url()

    def clean(self):
        # A 自然人's number is a 身份证号 (the project's one check); a 单位's is a 统一社会信用代码.
        if self.kind == c.PartyKind.PERSON and self.id_number:
            self.id_number = normalize_id_number(self.id_number)
            try:
                validate_id_number(self.id_number)
            except ValidationError as exc:
                raise ValidationError({"id_number": exc.messages}) from exc


class Agreement(models.Model):
    """调解协议 — the agreement that ended a successful mediation (人民调解法 Art. 28–33)."""

    dispute = models.OneToOneField(Dispute, verbose_name="纠纷", on_delete=models.CASCADE, related_name="agreement")
    # The dispute's town, copied (save() below; bulk loaders set it): the year's agreement figures
    # select one town's agreements by (organization, signed_on) instead of joining every agreement of
    # the district to its dispute (BENCHMARKS.md, issue 22). A dispute never changes town; on
    # PostgreSQL a foreign key on (dispute, organization) → the dispute's (id, organization) holds
    # the copy to its source (migration 0006).
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name="所属单位", on_delete=models.PROTECT, related_name="+", editable=False
    )
    form = models.CharField("协议形式", max_length=20, choices=c.AgreementForm.choices, default=c.AgreementForm.WRITTEN)
    signed_on = models.DateField("协议生效日期", help_text="书面协议为各方签名、盖章之日；口头协议为达成之日")
    # 人民调解法第二十九条: 调解协议书"可以载明" (may record) (一)当事人的基本情况 (二)纠纷的主要事实、
    # 争议事项以及各方当事人的责任 (三)当事人达成调解协议的内容，履行的方式、期限. The law makes none of
    # them obligatory; the register needs only what makes the record an agreement: its parties
    # (from Dispute.parties, see services.agreement_save) and its terms. The rest is optional.
    facts = models.TextField("主要事实与争议事项", blank=True)
    responsibilities = models.TextField("各方当事人的责任", blank=True)
    terms = models.TextField("协议内容")
    performance_method = models.CharField("履行方式", max_length=200, blank=True, help_text="如：一次性现金支付")
    performance_due = models.DateField("履行期限", null=True, blank=True)
    performance = models.CharField(
        "履行情况", max_length=20, choices=c.Performance.choices, default=c.Performance.PENDING
    )
    performed_on = models.DateField("履行完毕日期", null=True, blank=True)
    performance_note = models.CharField("履行说明", max_length=300, blank=True)
    confirmation_applied = models.BooleanField("已申请司法确认", default=False)
    confirmation_applied_on = models.DateField("申请司法确认日期", null=True, blank=True)
    confirmation_court = models.CharField("受理法院", max_length=100, blank=True, help_text="如：大渡口区人民法院")
    confirmation_result = models.CharField(
        "司法确认结果", max_length=20, choices=c.ConfirmationResult.choices, blank=True
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = "调解协议"
        verbose_name_plural = "调解协议"
        # The year's agreement figures and the 司法确认 window alert select by signed_on; without
        # an index both scan every agreement of the district (BENCHMARKS.md).
        indexes = [
            models.Index(fields=["signed_on"], name="disputes_agreement_signed"),
            models.Index(fields=["organization", "signed_on"], name="disputes_agreement_org_signed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmation_applied=False) | Q(confirmation_applied_on__isnull=False),
                name="%(app_label)s_%(class)s_confirmation_has_date",
                violation_error_message="已申请司法确认的，须填写申请日期。",
            ),
            models.CheckConstraint(
                condition=~Q(performance=c.Performance.PERFORMED) | Q(performed_on__isnull=False),
                name="%(app_label)s_%(class)s_performed_has_date",
                violation_error_message="已履行的，须填写履行完毕日期。",
            ),
        ]

    def __str__(self):
        return f"{self.dispute.serial} {self.get_form_display()}"

    def save(self, *args, **kwargs):
        self.organization_id = self.dispute.organization_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.dispute.get_absolute_url()

    def clean(self):
        errors = {}
        if self.signed_on and self.dispute_id and self.signed_on < self.dispute.received_on:
            errors["signed_on"] = "协议生效日期不能早于受理日期。"
        if self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = "协议生效日期不能晚于今天。"
        if self.performance_due and self.signed_on and self.performance_due < self.signed_on:
            errors["performance_due"] = "履行期限不能早于协议生效日期。"
        if self.performance == c.Performance.PERFORMED and not self.performed_on:
            errors["performed_on"] = "已履行的，请填写履行完毕日期。"
        if self.performed_on and self.signed_on and self.performed_on < self.signed_on:
            errors["performed_on"] = "履行完毕日期不能早于协议生效日期。"
        if self.confirmation_applied:
            if not self.confirmation_applied_on:
                errors["confirmation_applied_on"] = "已申请司法确认的，请填写申请日期。"
            elif self.signed_on and not (self.signed_on <= self.confirmation_applied_on <= self.confirmation_deadline):
                errors["confirmation_applied_on"] = (
                    f"司法确认须自协议生效之日起三十日内申请（人民调解法第三十三条），"
                    f"即{self.signed_on:%Y-%m-%d}至{self.confirmation_deadline:%Y-%m-%d}。"
                )
        elif self.confirmation_applied_on or self.confirmation_result:
            errors["confirmation_applied"] = "填写了司法确认信息的，请勾选“已申请司法确认”。"
        if errors:
            raise ValidationError(errors)

    @property
    def confirmation_window(self) -> calendar.Deadline:
        """The 司法确认 window as a deadline: 人民调解法第三十三条 — within 30 days of the agreement
        taking effect, the day it takes effect not counted; a window ending on a 法定休假日 ends on
        the first working day after it (民事诉讼法第八十五条, like every other period here)."""
        due, estimated = calendar.add_days(self.signed_on, CONFIRMATION_DAYS)
        return calendar.Deadline("司法确认申请期限", due, "人民调解法第33条·30日", False, estimated, ours=False)

    @property
    def confirmation_deadline(self) -> datetime.date:
        """Last day to apply for 司法确认 (the window's due date)."""
        return self.confirmation_window.due

    def confirmation_window_closing(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.confirmation_applied:
            return False
        return today <= self.confirmation_deadline <= today + datetime.timedelta(days=confirmation_warning_days())

    def confirmation_window_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return not self.confirmation_applied and today <= self.confirmation_deadline


class FollowUp(models.Model):
    """回访 — a visit (or call) after a dispute is concluded, checking performance and satisfaction."""

    dispute = models.ForeignKey(Dispute, verbose_name="纠纷", on_delete=models.CASCADE, related_name="followups")
    visited_on = models.DateField("回访日期", default=timezone.localdate)
    visitor = models.CharField("回访人", max_length=50)
    method = models.CharField("回访方式", max_length=20, choices=c.VisitMethod.choices, default=c.VisitMethod.PHONE)
    satisfaction = models.CharField(
        "当事人满意度", max_length=20, choices=c.Satisfaction.choices, default=c.Satisfaction.SATISFIED
    )
    result = models.TextField("回访情况", help_text="协议履行情况、当事人意见、是否有反复")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "回访记录"
        verbose_name_plural = "回访记录"

    def __str__(self):
        return f"{self.dispute.serial} {self.visited_on:%Y-%m-%d}回访"

    def get_absolute_url(self):
        return self.dispute.get_absolute_url()

    def clean(self):
        errors = {}
        if self.visited_on and self.visited_on > timezone.localdate():
            errors["visited_on"] = "回访日期不能晚于今天。"
        if self.dispute_id and self.visited_on:
            if self.dispute.concluded_on is None:
                errors["visited_on"] = "纠纷尚未办结，不能登记回访。"
            elif self.visited_on < self.dispute.concluded_on:
                errors["visited_on"] = "回访日期不能早于办结日期。"
        if errors:
            raise ValidationError(errors)


class DisputeEvent(models.Model):
    """流转记录 — one step of a dispute's timeline (registered, mediation started, concluded …)."""

    dispute = models.ForeignKey(Dispute, verbose_name="纠纷", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("环节", max_length=20, choices=c.EventKind.choices)
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间", default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField("说明", max_length=500, blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["on", "at", "id"]
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"

    def __str__(self):
        return f"{self.dispute.serial} {self.get_kind_display()}"

    def get_absolute_url(self):
        return self.dispute.get_absolute_url()


def dispute_flags(dispute: Dispute, today: datetime.date | None = None, has_followup: bool | None = None) -> list:
    """Badges for the list and the detail page: [(label, bootstrap colour)].

    `has_followup` comes from the list's annotation; without it the prefetched
    follow-ups are used.
    """
    today = today or timezone.localdate()
    flags = []
    if dispute.is_overdue(today):
        flags.append((f"超期{dispute.days_open(today) - OVERDUE_DAYS}天", "danger"))
    try:
        agreement = dispute.agreement
    except Agreement.DoesNotExist:
        agreement = None
    if agreement is not None:
        if agreement.confirmation_window_closing(today):
            flags.append((f"司法确认{(agreement.confirmation_deadline - today).days}天后截止", "warning"))
        due = dispute.followup_due_date
        if has_followup is None:
            has_followup = bool(dispute.followups.all())
        if (
            due
            and not has_followup
            and due <= today + datetime.timedelta(days=followup_warning_days())
            and followup_in_lookback(dispute.concluded_on, today)
        ):
            flags.append(("回访逾期" if due < today else "待回访", "danger" if due < today else "warning"))
    return flags
