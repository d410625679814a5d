"""Forms of the enforcement register (crispy layouts, Chinese labels and help texts)."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Field, Layout, Row, Submit
from django import forms
from django.db.models import Q
from django.utils import timezone

from core import validators as id_numbers
from core.filters import BoundedDateField
from core.forms import OrgModelForm
from core.personal_data import PersonalDataFormMixin
from enforcement.choices import DEFAULT_ISSUING_AUTHORITY, EmploymentStatus
from enforcement.models import Certificate, EnforcementCategory, Exam, Officer, Training, TrainingAttendance

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(*layout, submit: str = "保存") -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*layout)
    helper.add_input(Submit("submit", submit))
    return helper


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def default_expiry(issued_on: datetime.date) -> datetime.date:
    """Common practice: a 行政执法证 is valid for 5 years (the day before the 5th anniversary)."""
    return add_years(issued_on, 5) - datetime.timedelta(days=1)


class _OrgOwnedFormMixin:
    """Stamp the organization on a new instance before validation, so clean() and the
    constraints see it (the field itself is not editable)."""

    def _stamp_organization(self):
        if self.organization is not None and not getattr(self.instance, "organization_id", None):
            self.instance.organization = self.organization


class OfficerForm(PersonalDataFormMixin, _OrgOwnedFormMixin, OrgModelForm):
    personal_fields = {"id_number": "id", "phone": "phone"}

    class Meta:
        model = Officer
        fields = [
            "name",
            "gender",
            "id_number",
            "phone",
            "department",
            "position",
            "has_legal_qualification",
            "employment_status",
            "joined_on",
            "left_on",
            "notes",
        ]
        widgets = {"joined_on": DATE, "left_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stamp_organization()
        departments = self.fields["department"].queryset
        self.fields["department"].queryset = departments.filter(Q(is_active=True) | Q(pk=self.instance.department_id))
        self.helper = _helper(
            Row(
                Column("name", css_class="col-md-4"),
                Column("gender", css_class="col-md-2"),
                Column("id_number", css_class="col-md-6"),
            ),
            Row(
                Column("phone", css_class="col-md-4"),
                Column("department", css_class="col-md-4"),
                Column("position", css_class="col-md-4"),
            ),
            Row(
                Column("employment_status", css_class="col-md-4"),
                Column("joined_on", css_class="col-md-4"),
                Column("left_on", css_class="col-md-4"),
            ),
            Field("has_legal_qualification"),
            Field("notes"),
        )

    def clean_id_number(self):
        value = id_numbers.normalize_id_number(self.cleaned_data.get("id_number", ""))
        if self.organization is not None and value:
            others = Officer.objects.filter(organization=self.organization, id_number=value).exclude(
                pk=self.instance.pk
            )
            self.refuse_if_on_file(others, "本单位已登记该身份证号的执法人员。")
        return value

    def clean_phone(self):
        return self.cleaned_data.get("phone", "").replace(" ", "")


class CategoryMultipleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class CertificateForm(OrgModelForm):
    """A certificate as printed on the card (新发证件, or correcting a typo)."""

    class Meta:
        model = Certificate
        fields = ["number", "kind", "issuing_authority", "issued_on", "expires_on", "region", "categories"]
        widgets = {"issued_on": DATE, "expires_on": DATE, "categories": forms.CheckboxSelectMultiple}
        help_texts = {
            "number": "证件上印制的编号",
            "categories": "证件载明的执法类别；类别清单在“执法类别”页面维护",
        }

    def __init__(self, *args, officer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if officer is not None:
            self.instance.officer = officer
        chosen = list(self.instance.categories.values_list("pk", flat=True)) if self.instance.pk else []
        queryset = self.fields["categories"].queryset
        self.fields["categories"].queryset = queryset.filter(Q(is_active=True) | Q(pk__in=chosen))
        self.fields["issuing_authority"].initial = DEFAULT_ISSUING_AUTHORITY
        self.helper = _helper(
            Row(Column("number", css_class="col-md-6"), Column("kind", css_class="col-md-6")),
            Row(Column("issuing_authority", css_class="col-md-6"), Column("region", css_class="col-md-6")),
            Row(Column("issued_on", css_class="col-md-6"), Column("expires_on", css_class="col-md-6")),
            Field("categories"),
        )


class CertificateRenewForm(forms.Form):
    """换发: the new card's number and dates; the old card is closed by the service."""

    number = forms.CharField(label="新证件编号", max_length=40)
    issued_on = forms.DateField(label="发证日期", widget=DATE)
    expires_on = forms.DateField(label="有效期至", widget=DATE, help_text="一般为发证之日起 5 年")
    issuing_authority = forms.CharField(label="发证机关", max_length=60)
    region = forms.CharField(label="执法区域", max_length=100, required=False)
    categories = CategoryMultipleField(label="执法类别", queryset=EnforcementCategory.objects.none(), required=False)

    def __init__(self, *args, certificate: Certificate, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        current = [c.pk for c in certificate.categories.all()]
        self.fields["categories"].queryset = EnforcementCategory.objects.filter(
            Q(is_active=True) | Q(pk__in=current), organization_id=certificate.officer.organization_id
        )
        self.initial.update(
            issued_on=today,
            expires_on=default_expiry(today),
            issuing_authority=certificate.issuing_authority,
            region=certificate.region,
            categories=current,
        )
        self.helper = _helper(
            HTML(
                '<p class="text-muted">换发后原证件 <strong>{{ certificate.number }}</strong> '
                "将注销（原因：换发），新证件与原证件关联。</p>"
            ),
            Row(Column("number", css_class="col-md-6"), Column("issuing_authority", css_class="col-md-6")),
            Row(Column("issued_on", css_class="col-md-6"), Column("expires_on", css_class="col-md-6")),
            Field("region"),
            Field("categories"),
            submit="换发",
        )


class CertificateStateForm(forms.Form):
    """暂扣 / 解除暂扣 / 注销 / 吊销: reason and date."""

    reason = forms.CharField(label="原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label="日期", widget=DATE)

    def __init__(self, *args, submit: str = "确定", **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())
        self.helper = _helper(Field("reason"), Field("on"), submit=submit)


class TrainingForm(_OrgOwnedFormMixin, OrgModelForm):
    attendees = forms.ModelMultipleChoiceField(
        label="参训人员",
        queryset=Officer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="新加入的人员按培训学时计入；已在名单中的人员保留其个人学时",
    )

    class Meta:
        model = Training
        fields = ["title", "start_on", "end_on", "organizer", "location", "hours", "content"]
        widgets = {"start_on": DATE, "end_on": DATE, "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stamp_organization()
        officers = Officer.objects.filter(organization=self.organization).select_related("department")
        current = []
        if self.instance.pk:
            current = list(self.instance.attendances.values_list("officer_id", flat=True))
            self.initial["attendees"] = current
        self.fields["attendees"].queryset = (
            officers.filter(employment_status=EmploymentStatus.ACTIVE) | officers.filter(pk__in=current)
        ).order_by("department__name", "name")
        self.fields["attendees"].label_from_instance = lambda o: f"{o.name}（{o.department.name}）"
        self.helper = _helper(
            Field("title"),
            Row(
                Column("start_on", css_class="col-md-4"),
                Column("end_on", css_class="col-md-4"),
                Column("hours", css_class="col-md-4"),
            ),
            Row(Column("organizer", css_class="col-md-6"), Column("location", css_class="col-md-6")),
            Field("content"),
            Field("attendees"),
        )


class AttendanceForm(OrgModelForm):
    class Meta:
        model = TrainingAttendance
        fields = ["hours"]
        help_texts = {"hours": "该人员实际计入的学时（缺课时可少于培训学时）"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field("hours"))


class ExamForm(OrgModelForm):
    class Meta:
        model = Exam
        fields = ["title", "kind", "exam_on", "score", "passed", "notes"]
        widgets = {"exam_on": DATE}

    def __init__(self, *args, officer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if officer is not None:
            self.instance.officer = officer
        self.helper = _helper(
            Field("title"),
            Row(
                Column("kind", css_class="col-md-4"),
                Column("exam_on", css_class="col-md-4"),
                Column("score", css_class="col-md-4"),
            ),
            Field("passed"),
            Field("notes"),
        )


class CategoryForm(_OrgOwnedFormMixin, OrgModelForm):
    class Meta:
        model = EnforcementCategory
        fields = ["name", "sort_order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stamp_organization()
        self.helper = _helper(Field("name"), Field("sort_order"), Field("is_active"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = EnforcementCategory.objects.filter(organization=self.organization, name=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("已有同名执法类别。")
        return name


class EnforceCheckForm(forms.Form):
    """执法资格查询 on the officer page: may this officer enforce on a date in a category?"""

    on = BoundedDateField(label="日期", widget=DATE, required=False)  # from the query string
    category = forms.ModelChoiceField(
        label="执法类别", queryset=EnforcementCategory.objects.none(), required=False, empty_label="任意类别"
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = EnforcementCategory.objects.filter(organization=organization)
