"""List filters. The figures link to these lists with the same filters, so the count a
list shows equals the figure (see figures.py)."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from accounts.models import Department
from core.filters import DateFilter, DayCountFilter, SearchFilter, YearFilter
from core.personal_data import PersonalSearchMixin
from core.registers.filters import RegisterFilterSet
from enforcement import selectors
from enforcement.choices import CertificateKind, CertificateState, EmploymentStatus, ExamKind
from enforcement.models import Certificate, EnforcementCategory, Exam, Officer, Training

DATE = forms.DateInput(attrs={"type": "date"})


class OfficerFilterSet(PersonalSearchMixin, RegisterFilterSet):
    CERT_STATUS = [
        ("valid", "持证有效"),
        ("expiring", "证件即将到期"),
        ("invalid", "无有效证件"),
        ("suspended", "证件暂扣"),
    ]
    HOURS = [("below", "未达标"), ("met", "已达标")]

    q = SearchFilter(
        label="搜索", method="filter_q", widget=forms.TextInput(attrs={"placeholder": "姓名、证件编号或完整身份证号"})
    )
    department = django_filters.ModelChoiceFilter(
        label="科室", queryset=Department.objects.none(), empty_label="全部科室"
    )
    employment_status = django_filters.ChoiceFilter(
        label="人员状态", choices=EmploymentStatus.choices, empty_label="全部状态"
    )
    cert_status = django_filters.ChoiceFilter(
        label="持证状态", choices=CERT_STATUS, method="filter_cert_status", empty_label="全部"
    )
    category = django_filters.ModelChoiceFilter(
        label="执法类别", queryset=EnforcementCategory.objects.none(), method="filter_category", empty_label="全部类别"
    )
    expiring_days = DayCountFilter(label="证件N天内到期", method="filter_expiring")
    hours = django_filters.ChoiceFilter(label="年度学时", choices=HOURS, method="filter_hours", empty_label="全部")
    hours_year = YearFilter(label="学时年度", method="filter_noop")
    valid_on = DateFilter(label="某日持证", method="filter_valid_on", widget=DATE)
    in_post_on = DateFilter(label="某日在岗", method="filter_in_post_on", widget=DATE)

    class Meta:
        model = Officer
        fields = ["q", "department", "employment_status", "cert_status", "category", "expiring_days", "hours"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["department"].queryset = Department.objects.filter(organization=self.organization)
        self.form.fields["category"].queryset = EnforcementCategory.objects.filter(organization=self.organization)
        if not self.can_search_personal:
            self.form.fields["q"].widget.attrs["placeholder"] = "姓名或证件编号"

    def filter_noop(self, queryset, name, value):
        return queryset  # read by the view to pick the year of the 学时 column

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        by_number = Certificate.objects.filter(officer=OuterRef("pk"), number__icontains=value)
        condition = Q(name__icontains=value) | Q(Exists(by_number))
        if self.may_search_personal(value):
            condition |= Q(id_number=value.upper())
        return queryset.filter(condition)

    def _valid_today(self, **extra):
        return Certificate.objects.filter(selectors.valid_certificate_q(self.today), officer=OuterRef("pk"), **extra)

    def filter_cert_status(self, queryset, name, value):
        horizon = self.today + datetime.timedelta(days=selectors.window_days())
        if value == "valid":
            return queryset.filter(Exists(self._valid_today(expires_on__gt=horizon)))
        if value == "expiring":
            return queryset.filter(Exists(self._valid_today())).exclude(
                Exists(self._valid_today(expires_on__gt=horizon))
            )
        if value == "invalid":
            return queryset.exclude(Exists(self._valid_today()))
        if value == "suspended":
            return queryset.filter(
                Exists(Certificate.objects.filter(officer=OuterRef("pk"), state=CertificateState.SUSPENDED))
            )
        return queryset

    def filter_category(self, queryset, name, value):
        """Officers who may enforce in this 类别 today."""
        return queryset.filter(Exists(self._valid_today(categories=value)))

    def filter_expiring(self, queryset, name, value):
        horizon = self.today + datetime.timedelta(days=int(value))
        return queryset.filter(Exists(self._valid_today(expires_on__lte=horizon)))

    def filter_hours(self, queryset, name, value):
        target = selectors.hours_target()
        if value == "below":
            return queryset.filter(year_hours__lt=target)
        if value == "met":
            return queryset.filter(year_hours__gte=target)
        return queryset

    def filter_valid_on(self, queryset, name, value):
        """持证人数 of a day: in post and holding a 行政执法证 valid that day."""
        day = value
        valid = Certificate.objects.filter(selectors.valid_certificate_q(day), officer=OuterRef("pk"))
        return queryset.filter(selectors.in_post_q(day), Exists(valid))

    def filter_in_post_on(self, queryset, name, value):
        return queryset.filter(selectors.in_post_q(value))


class CertificateFilterSet(RegisterFilterSet):
    ORIGIN = [("new", "新发"), ("renewal", "换发")]

    q = SearchFilter(label="搜索", method="filter_q", widget=forms.TextInput(attrs={"placeholder": "证件编号或姓名"}))
    kind = django_filters.ChoiceFilter(label="证件类型", choices=CertificateKind.choices, empty_label="全部类型")
    state = django_filters.ChoiceFilter(label="证件状态", choices=CertificateState.choices, empty_label="全部状态")
    category = django_filters.ModelChoiceFilter(
        label="执法类别", queryset=EnforcementCategory.objects.none(), field_name="categories", empty_label="全部类别"
    )
    issued_year = YearFilter(label="发证年度", field_name="issued_on", lookup_expr="year")
    origin = django_filters.ChoiceFilter(label="发证方式", choices=ORIGIN, method="filter_origin", empty_label="全部")
    expired_year = YearFilter(label="到期年度", method="filter_expired_year")
    closed_year = YearFilter(label="注销吊销年度", method="filter_closed_year")
    expiring_from = DateFilter(label="自某日起", method="filter_noop", widget=DATE)
    expiring_days = DayCountFilter(label="N天内到期", method="filter_expiring")

    class Meta:
        model = Certificate
        fields = ["q", "kind", "state", "category", "issued_year", "origin"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["category"].queryset = EnforcementCategory.objects.filter(organization=self.organization)

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(officer__name__icontains=value)) if value else queryset

    def filter_origin(self, queryset, name, value):
        if value == "renewal":
            return queryset.filter(selectors.renewal_q())
        if value == "new":
            return queryset.exclude(selectors.renewal_q())
        return queryset

    def filter_expired_year(self, queryset, name, value):
        return queryset.filter(selectors.expired_in_year_q(int(value)))

    def filter_closed_year(self, queryset, name, value):
        return queryset.filter(selectors.closed_in_year_q(int(value)))

    def filter_expiring(self, queryset, name, value):
        day = self.form.cleaned_data.get("expiring_from") or self.today
        return queryset.filter(selectors.expiring_certificates_q(day, int(value)))


class TrainingFilterSet(RegisterFilterSet):
    q = SearchFilter(label="搜索", field_name="title", lookup_expr="icontains")
    year = YearFilter(label="年度", field_name="start_on", lookup_expr="year")

    class Meta:
        model = Training
        fields = ["q", "year"]


class ExamFilterSet(RegisterFilterSet):
    q = SearchFilter(label="搜索", method="filter_q", widget=forms.TextInput(attrs={"placeholder": "考试名称或姓名"}))
    year = YearFilter(label="年度", field_name="exam_on", lookup_expr="year")
    kind = django_filters.ChoiceFilter(label="考试类型", choices=ExamKind.choices, empty_label="全部类型")
    passed = django_filters.BooleanFilter(
        label="是否合格", widget=forms.Select(choices=[("", "全部"), ("true", "合格"), ("false", "不合格")])
    )

    class Meta:
        model = Exam
        fields = ["q", "year", "kind", "passed"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(officer__name__icontains=value)) if value else queryset
