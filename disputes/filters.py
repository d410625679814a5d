"""List filters of the register. Every figure of figures.py links to this list with
parameters from here, so the count on the list equals the figure."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Community, Grid
from core.filters import DateFilter, MonthFilter, SearchFilter, YearFilter
from core.grids import group_grids
from core.registers.filters import RegisterFilterSet
from disputes import choices as c
from disputes import search, selectors
from disputes.models import Dispute

STAGES = [("open", "未办结"), ("concluded", "已调结（成功/不成功/终止）"), ("closed", "已办结（含转办）")]
FLAGS = [
    ("overdue", "超期未结（超过30天）"),
    ("confirmation_closing", "司法确认期限将满"),
    ("followup_due", "待回访"),
]
AGREEMENTS = [
    ("any", "有调解协议"),
    ("written", "书面协议"),
    ("oral", "口头协议"),
    ("performed", "协议已履行"),
    ("unperformed", "协议未履行完毕"),
    ("confirmation", "已申请司法确认"),
]


class DisputeFilterSet(RegisterFilterSet):
    q = SearchFilter(
        label="搜索", method="filter_q", widget=forms.TextInput(attrs={"placeholder": "编号、当事人姓名、纠纷情况"})
    )
    status = django_filters.ChoiceFilter(label="状态", choices=c.Status.choices, empty_label="全部状态")
    stage = django_filters.ChoiceFilter(label="办理阶段", choices=STAGES, method="filter_stage", empty_label="全部阶段")
    # Several statuses at once: the list behind a district's own 调解成功率口径 (disputes.success_rate).
    statuses = django_filters.MultipleChoiceFilter(
        label="状态（多项）", field_name="status", choices=c.Status.choices, widget=forms.MultipleHiddenInput
    )
    category = django_filters.ModelChoiceFilter(label="纠纷类别", queryset=None, empty_label="全部类别")
    grade = django_filters.ChoiceFilter(label="等级", choices=c.Grade.choices, empty_label="全部等级")
    risk = django_filters.ChoiceFilter(label="风险", choices=c.Risk.choices, empty_label="全部风险等级")
    source = django_filters.ChoiceFilter(label="来源", choices=c.Source.choices, empty_label="全部来源")
    mediation_type = django_filters.ChoiceFilter(
        label="调解类型", choices=c.MediationType.choices, empty_label="全部调解类型"
    )
    community = django_filters.ModelChoiceFilter(label="村（社区）", queryset=None, empty_label="全部村（社区）")
    grid = django_filters.ModelChoiceFilter(label="网格", queryset=None, empty_label="全部网格")
    mediator = django_filters.ModelChoiceFilter(
        label="调解员",
        field_name="mediators",
        queryset=None,
        empty_label="全部调解员",
        distinct=False,
        method="filter_mediator",
    )
    year = YearFilter(label="受理年度", field_name="received_on", lookup_expr="year")
    month = MonthFilter(label="受理月份", method="filter_month", widget=forms.TextInput(attrs={"type": "month"}))
    concluded_year = YearFilter(label="办结年度", field_name="concluded_on", lookup_expr="year")
    flag = django_filters.ChoiceFilter(label="提醒", choices=FLAGS, method="filter_flag", empty_label="全部")
    overdue = django_filters.BooleanFilter(
        label="仅超期未结（超过30天）", method="filter_overdue", widget=forms.CheckboxInput
    )
    as_of = DateFilter(label="截至日期", method="filter_noop", widget=forms.HiddenInput)
    agreement = django_filters.ChoiceFilter(
        label="调解协议", choices=AGREEMENTS, method="filter_agreement", empty_label="全部"
    )
    agreement_year = YearFilter(label="协议年度", field_name="agreement__signed_on", lookup_expr="year")

    class Meta:
        model = Dispute
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.organization
        self.filters["category"].queryset = selectors.categories(organization=organization)
        self.filters["community"].queryset = Community.objects.filter(organization=organization)
        self.filters["grid"].queryset = Grid.objects.filter(organization=organization).select_related("community")
        self.filters["mediator"].queryset = selectors.mediators(organization=organization)
        group_grids(self.form.fields["grid"])  # by 村（社区）, 第2网格 before 第10网格, as on the intake form

    @property
    def reference_date(self) -> datetime.date:
        """Flags are judged on this day: today, or ?as_of= for a figure of a past year."""
        value = self.form.cleaned_data.get("as_of") if hasattr(self.form, "cleaned_data") else None
        return value or timezone.localdate()

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(search.search_condition(value))

    def filter_stage(self, queryset, name, value):
        statuses = {"open": c.OPEN_STATUSES, "concluded": c.CONCLUDED_STATUSES, "closed": c.CLOSED_STATUSES}[value]
        return queryset.filter(status__in=statuses)

    def filter_mediator(self, queryset, name, value):
        # Exists, not a join: a dispute with two mediators must not appear twice.
        through = Dispute.mediators.through.objects.filter(dispute=OuterRef("pk"), mediator=value)
        return queryset.filter(Exists(through))

    def filter_month(self, queryset, name, value):
        # value: the first day of the month asked for (core.filters.MonthField).
        return queryset.filter(received_on__year=value.year, received_on__month=value.month)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(selectors.overdue_on(self.reference_date)) if value else queryset

    def filter_flag(self, queryset, name, value):
        day = self.reference_date
        condition = {
            "overdue": selectors.overdue_on,
            "confirmation_closing": selectors.confirmation_closing_on,
            "followup_due": selectors.followup_due_on,
        }[value](day)
        return queryset.filter(condition)

    def filter_agreement(self, queryset, name, value):
        conditions = {
            "any": Q(agreement__isnull=False),
            "written": Q(agreement__form=c.AgreementForm.WRITTEN),
            "oral": Q(agreement__form=c.AgreementForm.ORAL),
            "performed": Q(agreement__performance=c.Performance.PERFORMED),
            "unperformed": Q(agreement__isnull=False) & ~Q(agreement__performance=c.Performance.PERFORMED),
            "confirmation": Q(agreement__confirmation_applied=True),
        }
        return queryset.filter(conditions[value])
