"""Shared plumbing: the audit log and the abstract bases the data apps build on."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class HistoryIPModel(models.Model):
    """Extra columns on every simple-history table: where the change came from."""

    history_ip = models.GenericIPAddressField("来源IP", null=True, blank=True)

    class Meta:
        abstract = True


class OrgOwnedModel(models.Model):
    """A record kept by one organization (镇). Pages only ever show their own."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Names of check constraints whose rule the model's clean() applies itself, in Python and on
    # the field, with the same message: full_clean() does not ask the database again. Django checks
    # each CheckConstraint with a query of its own (built from every field's value, ~1 ms), on every
    # form save and every imported row. The database still enforces them all.
    checked_in_clean: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def get_constraints(self):
        if not self.checked_in_clean:
            return super().get_constraints()
        return [
            (model, [c for c in constraints if c.name not in self.checked_in_clean])
            for model, constraints in super().get_constraints()
        ]


class AuditLog(models.Model):
    """审计日志 — one entry per change, sign-in event, personal-data view or export.

    Model changes are also kept in full by simple-history (the per-record
    history shown on detail pages); this table is the single list an
    administrator filters. Rows are append-only: neither the portal nor the
    admin offers a way to edit or delete them.
    """

    class Action(models.TextChoices):
        CREATE = "create", "新增"
        UPDATE = "update", "修改"
        DELETE = "delete", "删除"
        LOGIN = "login", "登录成功"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOGOUT = "logout", "退出登录"
        VIEW_PERSONAL = "view_personal", "查看个人信息"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        WORKFLOW = "workflow", "流程操作"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name="单位",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField("来源IP", null=True, blank=True)
    model_label = models.CharField("对象类型", max_length=100, blank=True, db_index=True)
    model_name = models.CharField("对象类型名称", max_length=100, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changed_fields = models.JSONField("变更字段", default=list, blank=True)
    row_count = models.PositiveIntegerField("行数", null=True, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        indexes = [models.Index(fields=["organization", "-at"], name="core_audit_org_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()} {self.object_repr}"


class HolidaySchedule(models.Model):
    """年度放假安排 — the State Council's yearly notice of public holidays
    (国务院办公厅关于某年部分节假日安排的通知), entered by an administrator.

    National, so not owned by a town. Its days override both the `chinesecalendar`
    package and the statutory estimate of `core.calendar`; a year with an entered
    schedule is counted as published (its deadlines are no longer marked 推算).
    """

    year = models.PositiveSmallIntegerField(
        "年度",
        unique=True,
        validators=[MinValueValidator(2004), MaxValueValidator(2100)],
        help_text="通知所安排的年度，如 2027",
    )
    title = models.CharField(
        "通知名称", max_length=200, blank=True, help_text="如：国务院办公厅关于2027年部分节假日安排的通知"
    )
    document_number = models.CharField("文号", max_length=60, blank=True, help_text="如：国办发明电〔2026〕X号")
    published_on = models.DateField("发布日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(bases=[HistoryIPModel])

    class Meta:
        ordering = ["-year"]
        verbose_name = "年度放假安排"
        verbose_name_plural = "年度放假安排"

    def __str__(self):
        return self.title or f"{self.year}年放假安排"

    def get_absolute_url(self):
        return reverse("admin:core_holidayschedule_change", args=[self.pk])


class HolidayScheduleDay(models.Model):
    """放假安排日期 — one day of a yearly notice: a day off (放假) or a 调休 working day (上班).

    Enter every day of the notice: in a year with a schedule, a weekday not listed is worked
    and a weekend not listed is off.
    """

    class Kind(models.TextChoices):
        REST = "rest", "放假"
        WORK = "work", "上班（调休）"

    schedule = models.ForeignKey(
        HolidaySchedule, verbose_name="年度放假安排", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("安排", max_length=10, choices=Kind.choices)
    name = models.CharField("节日", max_length=20, blank=True, help_text="如：春节、国庆节")
    history = HistoricalRecords(bases=[HistoryIPModel])

    class Meta:
        ordering = ["date"]
        verbose_name = "放假安排日期"
        verbose_name_plural = "放假安排日期"

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}{(' ' + self.name) if self.name else ''}"

    def get_absolute_url(self):
        return self.schedule.get_absolute_url()

    def clean(self):
        # A notice arranges its own year; 元旦 may start on 31 December or end on 2/3 January
        # of the neighbouring year (e.g. 2024年元旦: 2023-12-30 至 2024-01-01).
        if self.date and self.schedule_id and abs(self.date.year - self.schedule.year) > 1:
            raise ValidationError({"date": f"日期须在{self.schedule.year}年前后（通知所安排的年度）。"})


class FigureVersion(models.Model):
    """指标版本 — a token that changes whenever a record behind an organization's figures changes.

    The figures of (organization, year) are cached under this token (core.figure_cache), so
    a cached value is never served after a write: every save, delete and audited bulk write
    of a data app replaces the token in the same transaction as the write. A random token,
    not a counter: a database restored from a backup gets back the token that belonged to
    that very state of the records, so nothing computed from later records can match it.
    """

    organization = models.OneToOneField(
        "accounts.Organization",
        verbose_name="单位",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    token = models.CharField("版本", max_length=32)
    changed_at = models.DateTimeField("变更时间", auto_now=True)

    class Meta:
        ordering = ["organization"]
        verbose_name = "指标版本"
        verbose_name_plural = "指标版本"

    def __str__(self):
        return f"{self.organization_id}:{self.token}"
