"""Excel import of a year's 台账 (core.xlsx.XlsxImporter: all-or-nothing, per-row Chinese errors).

Staff type labels (“来访”, “调解成功”), not keys; names for the community,
grid, category and mediators. Each row gets a new serial number of the year of
its 受理日期, in the order of the file; the old paper number is kept as 原台账编号.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Community, Grid
from core.forms import OrgModelForm
from core.validators import normalize_phone, validate_phone
from core.xlsx import Column, RowError, XlsxImporter
from disputes import choices as c
from disputes import services
from disputes.forms import ErrorsToFormMixin
from disputes.models import Dispute, DisputeCategory

CHOICE_FIELDS = {
    "source": c.Source,
    "grade": c.Grade,
    "handling_level": c.Level,
    "risk": c.Risk,
    "mediation_type": c.MediationType,
    "status": c.Status,
}
DEFAULTS = {"grade": c.Grade.SIMPLE, "risk": c.Risk.GREEN, "mediation_type": c.MediationType.PEOPLE, "amount": "0"}
NAME_SPLIT = re.compile(r"[、,，;；/\s]+")


class DisputeImportForm(ErrorsToFormMixin, OrgModelForm):
    community = forms.ModelChoiceField(
        label="村（社区）", queryset=Community.objects.all(), to_field_name="name",
        error_messages={"invalid_choice": "本镇没有这个村（社区）。"},
    )  # fmt: skip
    category = forms.ModelChoiceField(
        label="纠纷类别", queryset=DisputeCategory.objects.all(), to_field_name="name",
        error_messages={"invalid_choice": "不在纠纷类别清单中（可在“纠纷类别”中维护）。"},
    )  # fmt: skip
    grid = forms.CharField(label="网格", required=False)
    mediator_names = forms.CharField(label="调解员", required=False)
    applicant = forms.CharField(label="申请人", required=False, max_length=100)
    applicant_phone = forms.CharField(label="申请人电话", required=False, max_length=30, validators=[validate_phone])
    respondent = forms.CharField(label="被申请人", required=False, max_length=100)
    respondent_phone = forms.CharField(label="被申请人电话", required=False, max_length=30, validators=[validate_phone])
    status = forms.ChoiceField(label="状态", choices=c.Status.choices)
    concluded_on = forms.DateField(label="办结日期", required=False)
    outcome = forms.CharField(label="调解结果", required=False)
    referred_to = forms.CharField(label="转办单位", required=False, max_length=100)

    class Meta:
        model = Dispute
        fields = [
            "received_on", "source", "community", "category", "grade", "handling_level", "risk",
            "mediation_type", "amount", "summary", "original_number",
        ]  # fmt: skip

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount < 0:
            raise ValidationError("涉及金额不能为负数。")
        return amount

    def clean(self):
        data = super().clean()
        instance = self.instance
        community = data.get("community")
        grid_name = data.get("grid")
        instance.grid = None
        if grid_name and community is not None:
            grid = Grid.objects.filter(organization=self.organization, community=community, name=grid_name).first()
            if grid is None:
                self.add_error("grid", f"“{community.name}”没有名为“{grid_name}”的网格。")
            instance.grid = grid
        status = data.get("status")
        concluded_on = data.get("concluded_on")
        if status in c.CLOSED_STATUSES and not concluded_on:
            self.add_error("concluded_on", "已办结（调解成功、不成功、终止、转办）的纠纷须填写办结日期。")
        if status in c.OPEN_STATUSES and concluded_on:
            self.add_error("concluded_on", "未办结的纠纷不能填写办结日期。")
        if concluded_on and concluded_on > timezone.localdate():
            self.add_error("concluded_on", "办结日期不能晚于今天。")
        if status == c.Status.REFERRED and not data.get("referred_to"):
            self.add_error("referred_to", "转办的纠纷须填写转办单位。")
        if status:
            instance.status = status
            instance.concluded_on = concluded_on if status in c.CLOSED_STATUSES else None
            instance.outcome = data.get("outcome") or ""
            instance.referred_to = data.get("referred_to") or ""
        return data

    def parties(self) -> list[dict]:
        result = []
        for role, name_field, phone_field in (
            (c.PartyRole.APPLICANT, "applicant", "applicant_phone"),
            (c.PartyRole.RESPONDENT, "respondent", "respondent_phone"),
        ):
            name = self.cleaned_data.get(name_field)
            if name:
                result.append(
                    {"role": role, "name": name, "phone": normalize_phone(self.cleaned_data.get(phone_field))}
                )
        return result

    def mediator_list(self) -> list[str]:
        return [n for n in NAME_SPLIT.split(self.cleaned_data.get("mediator_names") or "") if n]


class DisputeImporter(XlsxImporter):
    title = "矛盾纠纷台账"
    form_class = DisputeImportForm
    columns = [
        Column(
            "受理日期",
            "received_on",
            required=True,
            example="2023-03-15",
            help="格式 2023-03-15；编号按此日期的年度生成",
        ),
        Column("纠纷来源", "source", required=True, example="来访", help="、".join(c.Source.labels)),
        Column("村（社区）", "community", required=True, example="双山社区", help="须为本镇已有的村（社区）名称"),
        Column("网格", "grid", example="第1网格", help="须属于所填村（社区）"),
        Column("纠纷类别", "category", required=True, example="邻里纠纷", help="须在纠纷类别清单中"),
        Column("纠纷等级", "grade", example="简单", help="、".join(c.Grade.labels) + "；不填为简单"),
        Column("化解层级", "handling_level", example="村居", help="、".join(c.Level.labels) + "；不填按等级确定"),
        Column("风险等级", "risk", example="绿", help="、".join(c.Risk.labels) + "；不填为绿"),
        Column("调解类型", "mediation_type", example="人民调解", help="、".join(c.MediationType.labels)),
        Column("调解员", "mediator_names", example="王调解、刘调解", help="多人用顿号分隔；名单中没有的将自动添加"),
        Column("申请人", "applicant", example="张某某"),
        Column("申请人电话", "applicant_phone", example=""),
        Column("被申请人", "respondent", example="李某某"),
        Column("被申请人电话", "respondent_phone", example=""),
        Column("涉及金额（元）", "amount", example="0", help="不小于0；不填为0"),
        Column("纠纷简要情况", "summary", required=True, example="楼上漏水引发邻里纠纷"),
        Column("状态", "status", required=True, example="调解成功", help="、".join(c.Status.labels)),
        Column("办结日期", "concluded_on", example="2023-03-20", help="已办结的必填，不早于受理日期"),
        Column("调解结果", "outcome", example="双方达成协议，楼上住户维修并赔偿500元"),
        Column("转办单位", "referred_to", help="状态为转办时必填"),
        Column("原台账编号", "original_number", example="2023-015"),
    ]

    def make_form(self, data: dict, *, organization):
        data = dict(data)
        for name, choices in CHOICE_FIELDS.items():
            text = data.get(name, "")
            by_label = {label: value for value, label in choices.choices}
            if text in by_label:
                data[name] = by_label[text]
        for name, default in DEFAULTS.items():
            if not data.get(name):
                data[name] = default
        return self.form_class(data=data, organization=organization)

    def validate_rows(self, forms):
        errors = []
        seen: dict[str, int] = {}
        numbers = [f.cleaned_data.get("original_number") for _, f in forms if f.cleaned_data.get("original_number")]
        organization = forms[0][1].organization if forms else None
        existing = set(
            Dispute.objects.filter(organization=organization, original_number__in=numbers).values_list(
                "original_number", flat=True
            )
        )
        for row, form in forms:
            number = form.cleaned_data.get("original_number")
            if not number:
                continue
            if number in seen:
                errors.append(RowError(row, "原台账编号", f"与第{seen[number]}行重复。"))
            elif number in existing:
                errors.append(RowError(row, "原台账编号", "该编号的纠纷已导入过。"))
            seen.setdefault(number, row)
        return errors

    def save_row(self, form, *, organization, user):
        return services.dispute_import(
            organization=organization,
            by=user,
            dispute=form.instance,
            mediator_names=form.mediator_list(),
            parties=form.parties(),
            validated=True,  # by the form, in validate-all-rows (core.xlsx.XlsxImporter.run)
        )
