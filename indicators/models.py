"""其他年度数据: yearly figures the report quotes that are not worth a register of their own.

A town keeps a managed list of definitions (key, label, unit, responsible
department) and records one value per definition and year, with a note and the
document it comes from. Values are published through the figure registry like
every other figure and audited like every record.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.audit import history_bases
from core.models import OrgOwnedModel
from core.registers.attachments import attachment_validators, indicator_upload_to

KEY_HELP = "报告中引用的名称，如“孵化基地注册企业数”（写作【孵化基地注册企业数】）；发布后请勿改变含义"


class IndicatorDefinition(OrgOwnedModel):
    """指标定义 — one yearly figure the town records by hand, e.g. 孵化基地注册企业数 (家)."""

    key = models.CharField("指标键", max_length=50, help_text=KEY_HELP)
    label = models.CharField("指标名称", max_length=100, help_text="完整的中文说明")
    unit = models.CharField("单位", max_length=10, blank=True, help_text="如：家、个、件、名")
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name="责任科室",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField("口径说明", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("在用", default=True, help_text="停用后不再填报，也不再发布到报告")
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["order", "key"]
        verbose_name = "指标定义"
        verbose_name_plural = "指标定义"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"],
                name="%(app_label)s_%(class)s_unique_key",
                violation_error_message="本单位已有相同指标键。",
            )
        ]

    def __str__(self):
        return f"{self.key}（{self.unit}）" if self.unit else self.key

    def get_absolute_url(self):
        return reverse("indicators:definition_list")

    def clean(self):
        from core.figures import registry

        if self.key:
            self.key = self.key.strip()
            if any(c in self.key for c in "【】[]{}"):
                raise ValidationError({"key": "指标键不能包含括号。"})
            owner = registry.get(self.key)
            if owner is not None and owner.app_label != "indicators":
                raise ValidationError({"key": f"“{self.key}”已由其他模块发布（{owner.label}），请换一个指标键。"})


class IndicatorValue(OrgOwnedModel):
    """年度数值 — the value of one definition for one year, with its source."""

    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    definition = models.ForeignKey(
        IndicatorDefinition, verbose_name="指标", on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField("数值", max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    note = models.CharField("说明", max_length=300, blank=True)
    source = models.CharField(
        "来源文件", max_length=200, blank=True, help_text="文件名称或文号，如：经发办2023年度台账"
    )
    source_file = models.FileField(
        "来源附件", upload_to=indicator_upload_to, validators=attachment_validators, blank=True
    )
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-year", "definition__order", "definition__key"]
        verbose_name = "年度数值"
        verbose_name_plural = "年度数值"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "definition"],
                name="%(app_label)s_%(class)s_unique_year_definition",
                violation_error_message="该指标本年度已有数值，请修改原记录。",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="%(app_label)s_%(class)s_value_non_negative",
                violation_error_message="数值不能为负数。",
            ),
        ]

    def __str__(self):
        key = self.definition.key if self.definition_id else ""
        return f"{self.year}年 {key}"

    def get_absolute_url(self):
        return f"{reverse('indicators:yearly')}?year={self.year}"

    def clean(self):
        if self.definition_id and self.organization_id and self.definition.organization_id != self.organization_id:
            raise ValidationError({"definition": "指标须属于本单位。"})

    @property
    def display_value(self):
        return display_number(self.value)


def display_number(value):
    """199.00 → 199; 12.50 → 12.5 (figures are mostly counts)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()
