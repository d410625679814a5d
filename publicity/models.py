"""普法 and grid work: legal-education events, 法律明白人, and each grid's monthly work.

The report quotes these as 模拟法庭 3 场次、参与群众 600 余人; 法律明白人 48 人; 138 个
居民网格、入户走访 9 万余户、意见建议 621 条、排查问题 1440 条、解决问题 1440 条.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.audit import history_bases
from core.models import OrgOwnedModel
from core.registers.attachments import AttachmentBase, attachment_validators, event_upload_to
from core.validators import normalize_id_number, validate_id_number


def _non_negative(field: str, label: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}),
        name=f"%(app_label)s_%(class)s_{field}_non_negative",
        violation_error_message=f"{label}不能为负数。",
    )


class LegalEducationEvent(OrgOwnedModel):
    """普法活动 — one legal-education event: a mock trial, a lecture, a campaign day …"""

    class Kind(models.TextChoices):
        MOCK_TRIAL = "mock_trial", "模拟法庭"
        LECTURE = "lecture", "法治讲座"
        CAMPAIGN = "campaign", "普法宣传"
        SCHOOL = "school", "法治进校园"
        ENTERPRISE = "enterprise", "法治进企业"
        COMMUNITY = "community", "法治进社区"
        OTHER = "other", "其他"

    date = models.DateField("活动日期")
    kind = models.CharField("活动类型", max_length=20, choices=Kind.choices)
    title = models.CharField("活动名称", max_length=200)
    place = models.CharField("活动地点", max_length=100, blank=True)
    community = models.ForeignKey(
        "accounts.Community",
        verbose_name="村（社区）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organizer = models.CharField("主办单位", max_length=100, blank=True, help_text="如：八桥镇司法所、双山社区")
    participants = models.PositiveIntegerField("参与人数", default=0, help_text="参与群众人次")
    materials_count = models.PositiveIntegerField("发放资料（份）", default=0)
    materials = models.CharField("宣传资料", max_length=200, blank=True, help_text="发放的资料名称，如：《民法典》读本")
    summary = models.TextField("活动简况", blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "普法活动"
        verbose_name_plural = "普法活动"
        constraints = [
            _non_negative("participants", "参与人数"),
            _non_negative("materials_count", "发放资料份数"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("publicity:event_detail", args=[self.pk])

    def clean(self):
        if self.community_id and self.organization_id and self.community.organization_id != self.organization_id:
            raise ValidationError({"community": "村（社区）须属于本单位。"})


class EventAttachment(AttachmentBase):
    """活动照片/材料 — a photo or document of a legal-education event."""

    parent_attr = "event"
    event = models.ForeignKey(
        LegalEducationEvent, verbose_name="普法活动", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=event_upload_to, validators=attachment_validators)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "活动附件"
        verbose_name_plural = "活动附件"

    def get_absolute_url(self):
        return reverse("publicity:attachment_download", args=[self.pk])


class LegalLiaison(OrgOwnedModel):
    """法律明白人 — a resident trained to explain the law in their community (personal data masked)."""

    class Gender(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    class Status(models.TextChoices):
        ACTIVE = "active", "在册"
        WITHDRAWN = "withdrawn", "已退出"

    name = models.CharField("姓名", max_length=30)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices, blank=True)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    community = models.ForeignKey(
        "accounts.Community", verbose_name="村（社区）", on_delete=models.PROTECT, related_name="+"
    )
    occupation = models.CharField("身份", max_length=50, blank=True, help_text="如：网格员、楼栋长、人民调解员")
    trained_on = models.DateField("培训日期", help_text="参加法律明白人培训（认定）的日期")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField("退出日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["community__name", "name", "pk"]
        verbose_name = "法律明白人"
        verbose_name_plural = "法律明白人"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "id_number"],
                condition=~Q(id_number=""),
                name="%(app_label)s_%(class)s_unique_id_number",
                violation_error_message="本单位已登记该身份证号的法律明白人。",
            ),
            models.CheckConstraint(
                condition=Q(status="active", left_on__isnull=True) | Q(status="withdrawn", left_on__isnull=False),
                name="%(app_label)s_%(class)s_left_on_matches_status",
                violation_error_message="“已退出”须填写退出日期；“在册”不应填写退出日期。",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.community.name}）" if self.community_id else self.name

    def get_absolute_url(self):
        return reverse("publicity:liaison_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.id_number:
            self.id_number = normalize_id_number(self.id_number)
            try:
                validate_id_number(self.id_number)
            except ValidationError as exc:
                errors["id_number"] = exc.messages
        if self.community_id and self.organization_id and self.community.organization_id != self.organization_id:
            errors["community"] = "村（社区）须属于本单位。"
        if self.status == self.Status.WITHDRAWN and not self.left_on:
            errors["left_on"] = "状态为“已退出”时须填写退出日期。"
        if self.status == self.Status.ACTIVE and self.left_on:
            errors["left_on"] = "状态为“在册”时不应填写退出日期。"
        if self.left_on and self.trained_on and self.left_on < self.trained_on:
            errors["left_on"] = "退出日期不能早于培训日期。"
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.trained_on <= day and (self.left_on is None or self.left_on > day)


class GridMonthlyEntry(OrgOwnedModel):
    """网格月度工作 — what one grid's 网格员 did in one month: visits, suggestions, problems."""

    grid = models.ForeignKey("accounts.Grid", verbose_name="网格", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年份", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    households_visited = models.PositiveIntegerField("入户走访户数", default=0)
    suggestions = models.PositiveIntegerField("收集意见建议数", default=0)
    problems_found = models.PositiveIntegerField("排查问题数", default=0)
    problems_solved = models.PositiveIntegerField("解决问题数", default=0)
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-year", "-month", "grid__community__name", "grid_id"]
        verbose_name = "网格月度工作"
        verbose_name_plural = "网格月度工作"
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "year", "month"],
                name="%(app_label)s_%(class)s_unique_grid_month",
                violation_error_message="该网格本月已填报，请修改原记录。",
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12),
                name="%(app_label)s_%(class)s_month_range",
                violation_error_message="月份须在 1 至 12 之间。",
            ),
            models.CheckConstraint(
                condition=Q(problems_solved__lte=models.F("problems_found")),
                name="%(app_label)s_%(class)s_solved_not_over_found",
                violation_error_message="解决问题数不能大于排查问题数。",
            ),
            _non_negative("households_visited", "入户走访户数"),
            _non_negative("suggestions", "收集意见建议数"),
            _non_negative("problems_found", "排查问题数"),
            _non_negative("problems_solved", "解决问题数"),
        ]

    def __str__(self):
        grid = str(self.grid) if self.grid_id else ""
        return f"{grid} {self.year}年{self.month}月"

    def get_absolute_url(self):
        return f"{reverse('publicity:entry_list')}?year={self.year}&grid={self.grid_id}"

    def clean(self):
        errors = {}
        if self.grid_id and self.organization_id and self.grid.organization_id != self.organization_id:
            errors["grid"] = "网格须属于本单位。"
        if (
            self.problems_solved is not None
            and self.problems_found is not None
            and self.problems_solved > self.problems_found
        ):
            errors["problems_solved"] = "解决问题数不能大于排查问题数。"
        if errors:
            raise ValidationError(errors)
