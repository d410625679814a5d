"""Shared plumbing: the audit log and the abstract bases the data apps build on."""

from django.conf import settings
from django.db import models
from django.utils import timezone


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

    class Meta:
        abstract = True


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
