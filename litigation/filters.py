"""List filters. Year filters say which date they mean, so a figure's list link shows
exactly the rows the figure counts (行政复议案件数 → ?year=2023 counts receipt dates)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from accounts.models import Department
from core.filters import DayCountFilter, SearchFilter, YearFilter
from core.registers.filters import RegisterFilterSet
from litigation import selectors
from litigation.choices import CORRECTING_DECISIONS, CaseStatus, Instance, Outcome, Procedure
from litigation.models import LitigationCase, ReconsiderationCase

DOCUMENT_STATE_CHOICES = [
    ("due", "已到期或已提交（应按期提交）"),
    ("on_time", "按期提交"),
    ("late", "逾期提交"),
    ("overdue", "逾期未提交"),
    ("not_on_time", "逾期（逾期提交或逾期未提交）"),
    ("pending", "未到期"),
]
YES_NO = [("1", "是"), ("0", "否")]


def _select(**attrs):
    return forms.Select(attrs={"class": "form-select form-select-sm", **attrs})


def _number(placeholder):
    return forms.NumberInput(attrs={"class": "form-control form-control-sm", "placeholder": placeholder})


class _CaseFilterSet(RegisterFilterSet):
    q = SearchFilter(
        label="关键字",
        method="filter_q",
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": "案号、当事人、案由"}),
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=CaseStatus.choices, method="filter_status", empty_label="全部状态", widget=_select()
    )
    year = YearFilter(label="收案年度", field_name="copy_received_on", lookup_expr="year", widget=_number("收案年度"))
    department = django_filters.ModelChoiceFilter(
        label="承办科室",
        field_name="handling_department",
        queryset=Department.objects.none(),
        empty_label="全部科室",
        widget=_select(),
    )
    overdue = django_filters.ChoiceFilter(
        label="已逾期",
        choices=[("1", "有期限已逾期")],
        method="filter_overdue",
        empty_label="是否逾期",
        widget=_select(),
    )
    due_within = DayCountFilter(
        label="N个工作日内到期",
        method="filter_due_within",
        max_value=250,  # working days: a year's worth
        widget=_number("N个工作日内到期"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["department"].queryset = Department.objects.filter(organization=self.organization)

    def filter_status(self, queryset, name, value):
        return queryset.filter(self._meta.model.status_q(value))

    def filter_overdue(self, queryset, name, value):
        return selectors.overdue_filter(queryset, self.today) if value == "1" else queryset

    def filter_due_within(self, queryset, name, value):
        if value is None:
            return queryset
        return selectors.due_within_filter(queryset, int(value), self.today)

    def filter_document_state(self, queryset, name, value):
        return selectors.document_state_filter(queryset, value, self.today)


class ReconsiderationFilterSet(_CaseFilterSet):
    procedure = django_filters.ChoiceFilter(
        label="程序", choices=Procedure.choices, empty_label="全部程序", widget=_select()
    )
    concluded_year = YearFilter(
        label="审结年度", field_name="decided_on", lookup_expr="year", widget=_number("审结年度")
    )
    correcting = django_filters.ChoiceFilter(
        label="被纠错", choices=YES_NO, method="filter_correcting", empty_label="是否被纠错", widget=_select()
    )
    reply = django_filters.ChoiceFilter(
        label="答复情况",
        choices=DOCUMENT_STATE_CHOICES,
        method="filter_document_state",
        empty_label="答复情况",
        widget=_select(),
    )

    class Meta:
        model = ReconsiderationCase
        fields = ["q", "procedure", "status", "year", "concluded_year", "department", "reply", "correcting"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(case_number__icontains=value) | Q(applicant_name__icontains=value) | Q(act_description__icontains=value)
        )

    def filter_correcting(self, queryset, name, value):
        q = Q(decision__in=CORRECTING_DECISIONS)
        return queryset.filter(q) if value == "1" else queryset.filter(decided_on__isnull=False).exclude(q)


class LitigationFilterSet(_CaseFilterSet):
    level = django_filters.ChoiceFilter(
        label="审级", choices=Instance.choices, empty_label="全部审级", widget=_select()
    )
    procedure = django_filters.ChoiceFilter(
        label="程序", choices=Procedure.choices, empty_label="全部程序", widget=_select()
    )
    concluded_year = YearFilter(
        label="审结年度", field_name="judged_on", lookup_expr="year", widget=_number("审结年度")
    )
    final_year = YearFilter(label="终审结案年度", method="filter_final_year", widget=_number("终审结案年度"))
    outcome = django_filters.ChoiceFilter(
        label="胜败诉", choices=Outcome.choices, empty_label="胜败诉", widget=_select()
    )
    answer = django_filters.ChoiceFilter(
        label="答辩情况",
        choices=DOCUMENT_STATE_CHOICES,
        method="filter_document_state",
        empty_label="答辩情况",
        widget=_select(),
    )
    hearing_year = YearFilter(label="开庭年度", method="filter_hearing", widget=_number("开庭年度"))
    leader = django_filters.ChoiceFilter(
        label="负责人出庭", choices=YES_NO, method="filter_hearing", empty_label="负责人出庭", widget=_select()
    )

    class Meta:
        model = LitigationCase
        fields = [
            "q",
            "level",
            "procedure",
            "status",
            "year",
            "concluded_year",
            "final_year",
            "department",
            "answer",
            "outcome",
            "hearing_year",
            "leader",
        ]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(case_number__icontains=value) | Q(plaintiff_name__icontains=value) | Q(cause__icontains=value)
        )

    def filter_final_year(self, queryset, name, value):
        # Each lawsuit once, at the 审级 whose judgment ended it (the 败诉率's denominator).
        return selectors.final_judgments_filter(queryset, int(value)) if value else queryset

    def filter_hearing(self, queryset, name, value):
        # hearing_year and leader act together (cases with a hearing in the year at which a
        # qualifying 负责人 appeared); applied once, when the first of the two is reached.
        if getattr(self, "_hearing_done", False):
            return queryset
        self._hearing_done = True
        data = self.form.cleaned_data
        year = data.get("hearing_year")
        return selectors.hearing_filter(queryset, year=int(year) if year else None, leader=data.get("leader") or None)
