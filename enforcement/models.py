"""行政执法人员台账: officers, their certificates, trainings and exams.

Legal background (../shared/DOMAIN.md): 行政处罚法（2021）第四十二条 — only holders of a
行政执法证 enforce, at least two together; the unified certificate shows 执法区域 and
执法类别 and its 有效期; it can be 换发, 暂扣, 注销 or 吊销.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import validators as id_numbers
from core.audit import history_bases
from core.models import OrgOwnedModel
from enforcement import validators
from enforcement.choices import (
    DEFAULT_ISSUING_AUTHORITY,
    DISPLAY_BADGES,
    EMPLOYMENT_BADGES,
    CertificateKind,
    CertificateState,
    DisplayStatus,
    EmploymentStatus,
    ExamKind,
    Gender,
)


def expiry_window_days() -> int:
    # Local practice, not law: warn 180 days ahead (settings.CERTIFICATE_EXPIRY_WINDOW_DAYS).
    return settings.CERTIFICATE_EXPIRY_WINDOW_DAYS


class EnforcementCategory(OrgOwnedModel):
    """执法类别 — one field of enforcement (城市管理, 安全生产 …) a certificate may cover.

    A managed list per town: the defaults are seeded by `services.ensure_default_categories`,
    staff add or retire entries on the 执法类别 page.
    """

    name = models.CharField("类别名称", max_length=30)
    sort_order = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("在用", default=True, help_text="停用后不再出现在新证件的选项中")
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "执法类别"
        verbose_name_plural = "执法类别"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message="已有同名执法类别。",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enforcement:category_list")


class Officer(OrgOwnedModel):
    """行政执法人员 — a member of the town's staff who holds (or is to hold) a 行政执法证."""

    name = models.CharField("姓名", max_length=30)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices)
    id_number = models.CharField(
        "身份证号",
        max_length=18,
        validators=[id_numbers.validate_id_number],
        help_text="18 位居民身份证号码，系统校验校验位和出生日期",
    )
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validators.validate_phone])
    department = models.ForeignKey(
        "accounts.Department", verbose_name="所属科室", on_delete=models.PROTECT, related_name="enforcement_officers"
    )
    position = models.CharField("职务", max_length=50, blank=True)
    has_legal_qualification = models.BooleanField(
        "具有法律职业资格",
        default=False,
        help_text="初次从事重大执法决定法制审核的人员须具有法律职业资格（行政处罚法第五十八条）",
    )
    employment_status = models.CharField(
        "人员状态", max_length=20, choices=EmploymentStatus.choices, default=EmploymentStatus.ACTIVE
    )
    joined_on = models.DateField("到岗日期", null=True, blank=True, help_text="到执法岗位的日期，可不填")
    left_on = models.DateField("离岗日期", null=True, blank=True, help_text="调离或退休的日期")
    notes = models.TextField("备注", blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["department__name", "name", "pk"]
        verbose_name = "行政执法人员"
        verbose_name_plural = "行政执法人员"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "id_number"],
                name="%(app_label)s_%(class)s_unique_id_number",
                violation_error_message="本单位已登记该身份证号的执法人员。",
            ),
            models.CheckConstraint(
                condition=Q(employment_status=EmploymentStatus.ACTIVE) | Q(left_on__isnull=False),
                name="%(app_label)s_%(class)s_left_on_when_left",
                violation_error_message="调离或退休的人员须填写离岗日期。",
            ),
            models.CheckConstraint(
                condition=Q(joined_on__isnull=True) | Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="%(app_label)s_%(class)s_left_after_joined",
                violation_error_message="离岗日期不能早于到岗日期。",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enforcement:officer_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.id_number:
            self.id_number = id_numbers.normalize_id_number(self.id_number)
            code = id_numbers.gender_code(self.id_number)
            if self.gender and code and self.gender != code:
                errors["gender"] = "性别与身份证号不符（身份证号第 17 位奇数为男、偶数为女）。"
        if self.employment_status == EmploymentStatus.ACTIVE:
            if self.left_on:
                errors["left_on"] = "在岗人员不填写离岗日期。"
        elif not self.left_on:
            errors["left_on"] = "调离或退休的人员须填写离岗日期。"
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = "离岗日期不能早于到岗日期。"
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        return self.employment_status == EmploymentStatus.ACTIVE

    @property
    def employment_badge(self) -> str:
        return EMPLOYMENT_BADGES.get(self.employment_status, "secondary")

    @property
    def birth_date(self) -> datetime.date | None:
        return id_numbers.birth_date(self.id_number)

    @property
    def current_certificate(self) -> Certificate | None:
        """The certificate to show in lists: the newest 行政执法证 not closed, else the newest.

        Reads the prefetched `certificates` when the selector prefetched them.
        """
        certificates = sorted(self.certificates.all(), key=lambda c: (c.issued_on, c.pk), reverse=True)
        open_ones = [
            c
            for c in certificates
            if c.kind == CertificateKind.ENFORCEMENT and c.state in (CertificateState.VALID, CertificateState.SUSPENDED)
        ]
        if open_ones:
            return open_ones[0]
        return certificates[0] if certificates else None


# Certificate numbers are unique across every town (the 区 government issues them), so a
# clash may be with a record the clerk may not see: the message says the number cannot be
# used, not that (or where) it is registered.
CERTIFICATE_NUMBER_TAKEN = "该证件编号无法使用，请核对；如有疑问请联系管理员。"


class Certificate(models.Model):
    """行政执法证 / 行政执法监督证 — an officer's certificate, one row per card issued.

    A renewal (换发) closes the old card (注销, reason 换发) and creates a new row that
    points to it through `replaces`, so an officer's history is a chain of rows.
    """

    officer = models.ForeignKey(Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(
        "证件编号",
        max_length=40,
        unique=True,
        error_messages={"unique": CERTIFICATE_NUMBER_TAKEN},
    )
    kind = models.CharField(
        "证件类型", max_length=20, choices=CertificateKind.choices, default=CertificateKind.ENFORCEMENT
    )
    issuing_authority = models.CharField("发证机关", max_length=60, default=DEFAULT_ISSUING_AUTHORITY)
    issued_on = models.DateField("发证日期")
    expires_on = models.DateField("有效期至", help_text="证件上载明的有效期截止日（含当日）")
    region = models.CharField("执法区域", max_length=100, blank=True, help_text="如：大渡口区八桥镇")
    categories = models.ManyToManyField(
        EnforcementCategory, verbose_name="执法类别", related_name="certificates", blank=True
    )
    state = models.CharField(
        "证件状态", max_length=20, choices=CertificateState.choices, default=CertificateState.VALID
    )
    state_reason = models.CharField("状态变更原因", max_length=200, blank=True)
    state_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name="换发前证件",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(bases=history_bases(), m2m_fields=[categories])

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = "执法证件"
        verbose_name_plural = "执法证件"
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("issued_on")),
                name="%(app_label)s_%(class)s_expires_after_issue",
                violation_error_message="有效期至必须晚于发证日期。",
            ),
            models.CheckConstraint(
                condition=Q(state=CertificateState.VALID) | Q(state_changed_on__isnull=False),
                name="%(app_label)s_%(class)s_state_date",
                violation_error_message="暂扣、注销或吊销须记录日期。",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self):
        return reverse("enforcement:officer_detail", args=[self.officer_id]) + f"#cert-{self.pk}"

    @property
    def organization_id(self):
        """The officer's town, so core.audit.log_event files this row's entries under it."""
        return self.officer.organization_id if self.officer_id else None

    def clean(self):
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": "有效期至必须晚于发证日期。"})

    # --- derived status ------------------------------------------------
    def display_status(self, today: datetime.date | None = None, window: int | None = None) -> str:
        """有效 / 即将到期 / 已过期 / 未生效 / 暂扣 / 注销 / 吊销 on `today`.

        The expiry date is the last valid day; 即将到期 when it falls within the window
        (both ends included: today … today + window days).
        """
        today = today or timezone.localdate()
        window = expiry_window_days() if window is None else window
        if self.state != CertificateState.VALID:
            return DisplayStatus(self.state)
        if self.expires_on < today:
            return DisplayStatus.EXPIRED
        if self.issued_on > today:
            return DisplayStatus.NOT_YET
        if self.expires_on <= today + datetime.timedelta(days=window):
            return DisplayStatus.EXPIRING
        return DisplayStatus.VALID

    @property
    def status(self) -> str:
        return self.display_status()

    @property
    def status_label(self) -> str:
        return DisplayStatus(self.status).label

    @property
    def status_badge(self) -> str:
        return DISPLAY_BADGES[self.status]

    @property
    def days_left(self) -> int:
        return (self.expires_on - timezone.localdate()).days

    @property
    def is_renewal(self) -> bool:
        return self.replaces_id is not None

    def is_valid_on(self, day: datetime.date) -> bool:
        """Valid on `day`: within its dates and not yet suspended/closed on that day."""
        if not (self.issued_on <= day <= self.expires_on):
            return False
        return self.state == CertificateState.VALID or (
            self.state_changed_on is not None and self.state_changed_on > day
        )


class Training(OrgOwnedModel):
    """培训 — a training session for enforcement officers (公共法律知识, 专业法律知识 …)."""

    title = models.CharField("培训名称", max_length=100)
    start_on = models.DateField("培训日期", help_text="开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True, help_text="一天内完成的可不填")
    organizer = models.CharField("主办单位", max_length=60, blank=True, help_text="如：大渡口区司法局")
    location = models.CharField("地点", max_length=100, blank=True)
    hours = models.DecimalField(
        "学时",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("200"))],
        help_text="参训人员默认计入的学时，可在参训名单中逐人调整",
    )
    content = models.TextField("培训内容", blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-start_on", "-pk"]
        verbose_name = "培训"
        verbose_name_plural = "培训"
        # The yearly 学时 of each officer (selectors.hours_in_year_subquery) picks trainings by
        # date: without this index each officer's subquery scanned every training (BENCHMARKS.md).
        indexes = [models.Index(fields=["start_on"], name="enforcement_training_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message="结束日期不能早于培训日期。",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="%(app_label)s_%(class)s_hours_positive",
                violation_error_message="学时须大于 0。",
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.start_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("enforcement:training_detail", args=[self.pk])

    def clean(self):
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": "结束日期不能早于培训日期。"})


class TrainingAttendance(models.Model):
    """参训记录 — one officer's attendance at one training, with the 学时 credited."""

    training = models.ForeignKey(Training, verbose_name="培训", on_delete=models.CASCADE, related_name="attendances")
    officer = models.ForeignKey(Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="attendances")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["training", "officer__name"]
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        constraints = [
            models.UniqueConstraint(
                fields=["training", "officer"],
                name="%(app_label)s_%(class)s_unique_officer",
                violation_error_message="该人员已在参训名单中。",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="%(app_label)s_%(class)s_hours_positive",
                violation_error_message="学时须大于 0。",
            ),
        ]

    def __str__(self):
        return f"{self.officer} · {self.training.title}"

    def get_absolute_url(self):
        return reverse("enforcement:training_detail", args=[self.training_id])

    @property
    def organization_id(self):
        """The training's town, so core.audit.log_event files this row's entries under it."""
        return self.training.organization_id if self.training_id else None

    def clean(self):
        if self.hours and self.training_id and self.hours > self.training.hours:
            raise ValidationError({"hours": f"个人学时不能超过培训学时（{self.training.hours}）。"})


class Exam(models.Model):
    """考试记录 — one officer's result in an exam (取证/换证/年度考试)."""

    officer = models.ForeignKey(Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="exams")
    title = models.CharField("考试名称", max_length=100, help_text="如：2023年度行政执法人员资格考试")
    kind = models.CharField("考试类型", max_length=20, choices=ExamKind.choices, default=ExamKind.ANNUAL)
    exam_on = models.DateField("考试日期")
    score = models.DecimalField(
        "成绩",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="百分制；只公布是否合格的可不填",
    )
    passed = models.BooleanField("合格", default=False)
    notes = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-exam_on", "officer__name", "pk"]
        verbose_name = "考试记录"
        verbose_name_plural = "考试记录"
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)),
                name="%(app_label)s_%(class)s_score_range",
                violation_error_message="成绩应在 0 至 100 之间。",
            ),
        ]

    def __str__(self):
        return f"{self.officer} · {self.title}"

    def get_absolute_url(self):
        return reverse("enforcement:officer_detail", args=[self.officer_id]) + "#exams"

    @property
    def organization_id(self):
        """The officer's town, so core.audit.log_event files this row's entries under it."""
        return self.officer.organization_id if self.officer_id else None
