"""年度目标任务: the goals a town sets itself each year, their progress and evidence.

A goal of year N+1 is a plan (工作打算): section 二 of the annual report
(《法治政府建设与责任落实督察工作规定》第二十五条第四项 「下一年度推进法治政府建设的主要安排」)
reads them. Unfinished goals of year N can be carried into N+1; the new goal
points at the original, so its whole history stays reachable.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.audit import history_bases
from core.models import OrgOwnedModel
from core.registers.attachments import AttachmentBase, attachment_validators, goal_upload_to

MIN_YEAR, MAX_YEAR = 2000, 2100


class GoalArea(OrgOwnedModel):
    """工作领域 — one heading of the report's section 一, e.g. （一）强化组织领导，扎实推进法治政府建设."""

    name = models.CharField(
        "领域名称", max_length=100, help_text="年度报告中的小标题，如：强化组织领导，扎实推进法治政府建设"
    )
    order = models.PositiveSmallIntegerField("排序", default=0, help_text="报告中的顺序：1 即（一）")
    is_active = models.BooleanField("在用", default=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "工作领域"
        verbose_name_plural = "工作领域"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message="本单位已有同名工作领域。",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("goals:area_list")


class Goal(OrgOwnedModel):
    """年度目标任务 — one goal of one year (a plan when the year is still ahead)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未开始"
        IN_PROGRESS = "in_progress", "推进中"
        COMPLETED = "completed", "已完成"
        DELAYED = "delayed", "滞后"

    STATUS_BADGES = {
        Status.NOT_STARTED: "secondary",
        Status.IN_PROGRESS: "primary",
        Status.COMPLETED: "success",
        Status.DELAYED: "danger",
    }

    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    area = models.ForeignKey(GoalArea, verbose_name="工作领域", on_delete=models.PROTECT, related_name="goals")
    order = models.PositiveSmallIntegerField("序号", default=0, help_text="同一年度内的顺序（报告中的“一是、二是……”）")
    title = models.CharField("目标任务", max_length=200, help_text="一句话概括，如：深入开展普法宣传")
    description = models.TextField("具体内容", blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name="责任科室",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_person = models.CharField("责任人", max_length=30, blank=True)
    due_date = models.DateField("完成时限", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        "完成进度（%）", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    result_summary = models.TextField("完成情况", blank=True, help_text="完成后填写取得的成效，供年度报告引用")
    carried_from = models.OneToOneField(
        "self",
        verbose_name="结转自",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="carried_to",
        help_text="上一年度未完成、结转至本年度的原目标",
    )
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-year", "area__order", "order", "pk"]
        verbose_name = "目标任务"
        verbose_name_plural = "目标任务"
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_range",
                violation_error_message="完成进度须在 0 至 100 之间。",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(progress=100),
                name="%(app_label)s_%(class)s_completed_is_100",
                violation_error_message="状态为“已完成”时，完成进度须为 100%。",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR),
                name="%(app_label)s_%(class)s_year_range",
                violation_error_message=f"年度须在 {MIN_YEAR} 至 {MAX_YEAR} 之间。",
            ),
        ]

    def __str__(self):
        return f"{self.year}年·{self.title}"

    def get_absolute_url(self):
        return reverse("goals:goal_detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.area_id and self.organization_id and self.area.organization_id != self.organization_id:
            errors["area"] = "工作领域须属于本单位。"
        if self.status == self.Status.COMPLETED and self.progress != 100:
            errors["progress"] = "状态为“已完成”时，完成进度须为 100%。"
        if errors:
            raise ValidationError(errors)

    @property
    def status_badge(self) -> str:
        return self.STATUS_BADGES.get(self.status, "secondary")

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    def is_overdue_on(self, day: datetime.date) -> bool:
        return bool(self.due_date and self.due_date < day and not self.is_completed)

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.is_overdue_on(timezone.localdate())


class GoalUpdate(OrgOwnedModel):
    """进展情况 — a dated note of what was done on a goal, by whom.

    Carries the goal's organization so its audit entries belong to the town.
    """

    goal = models.ForeignKey(Goal, verbose_name="目标任务", on_delete=models.CASCADE, related_name="updates")
    date = models.DateField("日期")
    text = models.TextField("进展情况")
    reported_by = models.CharField("填报人", max_length=30, help_text="推进该项工作的人员或科室")
    progress = models.PositiveSmallIntegerField(
        "当时进度（%）",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="填写后同步更新目标任务的完成进度",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "进展情况"
        verbose_name_plural = "进展情况"
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | (Q(progress__gte=0) & Q(progress__lte=100)),
                name="%(app_label)s_%(class)s_progress_range",
                violation_error_message="完成进度须在 0 至 100 之间。",
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.text[:30]}"

    def get_absolute_url(self):
        return self.goal.get_absolute_url()

    def save(self, *args, **kwargs):
        if not self.organization_id:
            self.organization_id = self.goal.organization_id
        super().save(*args, **kwargs)


class GoalAttachment(AttachmentBase):
    """佐证材料 — a document or photo proving a goal's result."""

    parent_attr = "goal"
    goal = models.ForeignKey(Goal, verbose_name="目标任务", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=goal_upload_to, validators=attachment_validators)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"

    def get_absolute_url(self):
        return reverse("goals:attachment_download", args=[self.pk])
