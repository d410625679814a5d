"""Users and the organisation they work in: 组织 → 科室 / 村社区 → 网格.

An Organization is one government (a 镇/街道, or the 区 above it). Every record
the data apps keep belongs to exactly one organization, and every page scopes its
queryset to the signed-in user's organization, so one deployment can serve all
towns of a district without their data mixing.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.audit import history_bases


class Organization(models.Model):
    """政府机关 — a town (镇/街道) government, or the district (区) above it."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "区县"
        TOWN = "town", "镇"
        SUBDISTRICT = "subdistrict", "街道"

    name = models.CharField("简称", max_length=50, unique=True, help_text="如：八桥镇")
    full_name = models.CharField("全称", max_length=100, help_text="如：重庆市大渡口区八桥镇人民政府")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.TOWN)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="上一级政府，如大渡口区",
    )
    serial_prefix = models.CharField(
        "文号简称", max_length=10, blank=True, help_text="编号用的简称，如“八桥”（八桥调〔2023〕0001号）"
    )
    # Set by `load_demo` only: every page of this town then carries the 演示数据 banner,
    # so nobody mistakes the 2023 demo for real records.
    is_demo = models.BooleanField("演示数据", default=False, editable=False, help_text="由 load_demo 载入的演示单位")
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["name"]
        verbose_name = "组织机构"
        verbose_name_plural = "组织机构"

    def __str__(self):
        return self.name

    @property
    def prefix(self) -> str:
        return self.serial_prefix or self.name.removesuffix("镇").removesuffix("街道")


class Department(models.Model):
    """科室 — a department of the town government (司法所, 综合行政执法大队 …)."""

    class Kind(models.TextChoices):
        OFFICE = "office", "科室"
        CENTER = "center", "中心"
        TEAM = "team", "大队"
        STATION = "station", "所"

    organization = models.ForeignKey(
        Organization, verbose_name="组织机构", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=50)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    is_active = models.BooleanField("在用", default=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = "科室"
        verbose_name_plural = "科室"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message="本单位已有同名科室。",
            )
        ]

    def __str__(self):
        return self.name


class Community(models.Model):
    """村/社区 — a village or residents' community in the town."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", "社区"
        VILLAGE = "village", "村"

    organization = models.ForeignKey(
        Organization, verbose_name="组织机构", on_delete=models.PROTECT, related_name="communities"
    )
    name = models.CharField("名称", max_length=50)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.COMMUNITY)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = "村（社区）"
        verbose_name_plural = "村（社区）"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message="本单位已有同名村（社区）。",
            )
        ]

    def __str__(self):
        return self.name


class Grid(models.Model):
    """网格 — a grid (residents' block) inside a community, looked after by a 网格员."""

    organization = models.ForeignKey(
        Organization, verbose_name="组织机构", on_delete=models.PROTECT, related_name="grids"
    )
    community = models.ForeignKey(Community, verbose_name="村（社区）", on_delete=models.PROTECT, related_name="grids")
    name = models.CharField("网格名称", max_length=50, help_text="如：第3网格")
    keeper = models.CharField("网格员", max_length=30, blank=True)
    is_active = models.BooleanField("在用", default=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["organization", "community__name", "name"]
        verbose_name = "网格"
        verbose_name_plural = "网格"
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message="该村（社区）已有同名网格。",
            )
        ]

    def __str__(self):
        return f"{self.community.name}·{self.name}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.community_id and self.organization_id and self.community.organization_id != self.organization_id:
            raise ValidationError({"community": "网格所属村（社区）必须属于同一单位。"})


class User(AbstractUser):
    """平台用户 — a member of staff (or leader, or administrator) of one organization."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="系统超级管理员可不属于任何单位",
    )
    department = models.ForeignKey(
        Department,
        verbose_name="所属科室",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
    )
    full_name = models.CharField("姓名", max_length=30, blank=True)
    position = models.CharField("职务", max_length=50, blank=True)
    must_change_password = models.BooleanField(
        "须修改密码",
        default=False,
        help_text="勾选后，该用户登录后须先修改密码才能使用系统（演示账号的初始密码是公开的）",
    )
    history = HistoricalRecords(bases=history_bases(), excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        verbose_name = "用户"
        verbose_name_plural = "用户"
        permissions = [
            ("view_personal_data", "查看完整个人信息（身份证号、电话、住址）"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=True) | Q(organization__isnull=False),
                name="%(app_label)s_%(class)s_department_needs_org",
                violation_error_message="指定科室前须先指定所属单位。",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("admin:accounts_user_change", args=[self.pk])

    @property
    def role_names(self) -> list[str]:
        return [g.name for g in self.groups.all()]
