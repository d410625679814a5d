"""Bounded list filters, shared by every register (and the audit log).

A query string is typed by anyone who can edit a URL. Before this module the
apps used django-filter's plain NumberFilter/DateFilter/CharFilter, which pass
any number, any date and any text to the database: `?year=99999` broke the
year lookup (Python dates end in 9999), 30 digits overflowed SQLite, and NUL
bytes are refused by PostgreSQL ("A string literal cannot contain NUL"). Here
every value is checked in the form, so the database only ever sees values it
can hold, whichever database it is:

- years 1990–2100, day counts 0–3650, dates 1900-01-01–2100-12-31, integers
  within 64 bits (model choices are guarded in core/formfields.py);
- search text at most 100 characters, NUL bytes removed.

`BoundedFilterSet` is the one base class of every FilterSet. A bound filter
that does not validate shows the page with the field errors and no rows, the
same in every app: the user asked a question the list cannot answer, and an
unfiltered list under an error would look like an answer.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.formfields import BIGINT_MAX, BIGINT_MIN, BIRTH_DATE_MIN, RECORD_DATE_MAX
from core.models import AuditLog

YEAR_MIN, YEAR_MAX = 1990, 2100
DAYS_MAX = 3650  # ten years: the longest horizon any list asks about (certificates run 5 years)
# The same bounds as every form's dates (core.formfields); a filter may ask about births.
DATE_MIN, DATE_MAX = BIRTH_DATE_MIN, RECORD_DATE_MAX
SEARCH_MAX_LENGTH = 100

YEAR_MESSAGE = f"请输入{YEAR_MIN}至{YEAR_MAX}之间的年份。"
DATE_MESSAGE = f"请输入{DATE_MIN:%Y-%m-%d}至{DATE_MAX:%Y-%m-%d}之间的有效日期。"
MONTH_MESSAGE = f"请输入{YEAR_MIN}年1月至{YEAR_MAX}年12月之间的月份（格式：2023-05）。"


# ---- form fields ------------------------------------------------------------------------
class BoundedIntegerField(forms.IntegerField):
    """An integer within [min_value, max_value]; anything else is one Chinese message.

    IntegerField already refuses '1e309', 'NaN' and 5,000 digits (int() raises);
    the bounds keep what it accepts inside what every lookup can take.
    """

    def __init__(self, *, min_value: int, max_value: int, message: str | None = None, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        message = message or f"请输入{min_value}至{max_value}之间的整数。"
        self.error_messages["invalid"] = message
        for validator in self.validators:
            if isinstance(validator, MinValueValidator | MaxValueValidator):
                validator.message = message


class YearField(BoundedIntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        kwargs.setdefault("message", YEAR_MESSAGE)
        super().__init__(**kwargs)


class BoundedDateField(forms.DateField):
    """A real calendar date within 1900–2100 ('2023-02-30', '0000-00-00' and 9999-12-31 refused).

    The range itself is checked by the guard every DateField passes (core.formfields), which
    reads `earliest`/`latest`; a filter answers with its own one-line message.
    """

    default_error_messages = {"invalid": DATE_MESSAGE}
    earliest, latest = DATE_MIN, DATE_MAX
    range_message = DATE_MESSAGE

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "date_out_of_range":
                raise ValidationError(self.range_message, code="out_of_range") from exc
            raise


class MonthField(BoundedDateField):
    """'2023-05' (the value of <input type="month">) → the first day of that month."""

    default_error_messages = {"invalid": MONTH_MESSAGE}
    input_formats = ["%Y-%m"]
    earliest, latest = datetime.date(YEAR_MIN, 1, 1), datetime.date(YEAR_MAX, 12, 31)
    range_message = MONTH_MESSAGE


class SearchField(forms.CharField):
    """Free search text: at most 100 characters; NUL bytes dropped (PostgreSQL refuses them
    in any string, and Django's own refusal reads garbled in Chinese)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return super().to_python(value)


# ---- filters ---------------------------------------------------------------------------
class IntegerFilter(django_filters.NumberFilter):
    """A whole number within 64 bits unless narrower bounds are given.

    django-filter's NumberFilter takes a Decimal, so '1e309' and 30 digits reach
    the database; this one never does.
    """

    field_class = BoundedIntegerField

    def __init__(self, *args, min_value: int = BIGINT_MIN, max_value: int = BIGINT_MAX, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class YearFilter(IntegerFilter):
    field_class = YearField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


class DayCountFilter(IntegerFilter):
    """'N days' (or N working days, with a smaller max_value)."""

    def __init__(self, *args, max_value: int = DAYS_MAX, **kwargs):
        super().__init__(*args, min_value=0, max_value=max_value, **kwargs)


class DateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


# The filter class of every form field a BoundedFilterSet may contain; the test of
# core/tests/test_filters.py holds every FilterSet of the project to this list.
SAFE_FORM_FIELDS = (
    BoundedIntegerField,
    BoundedDateField,
    SearchField,
    forms.ChoiceField,
    forms.ModelChoiceField,  # ids bounded in core/formfields.py
    forms.NullBooleanField,
    forms.BooleanField,
)


class BoundedFilterSet(django_filters.FilterSet):
    """Base of every FilterSet: bounded filters, and no rows for an invalid filter.

    Filters generated from `Meta.fields` get the bounded classes too, so a field
    added there later is as safe as a declared one.
    """

    def __init__(self, data=None, queryset=None, *, organization=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.organization = organization

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        generated = super().filter_for_field(field, field_name, lookup_expr)
        if (lookup_expr or "").split("__")[0] in ("year", "iso_year"):
            return YearFilter(
                field_name=generated.field_name, lookup_expr=generated.lookup_expr, label=generated._label
            )
        return generated

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        filter_class, params = super().filter_for_lookup(field, lookup_type)
        if filter_class is django_filters.NumberFilter and isinstance(field, models.IntegerField | models.AutoField):
            return IntegerFilter, params
        if filter_class is django_filters.DateFilter:
            return DateFilter, params
        if filter_class is django_filters.CharFilter:
            return SearchFilter, params
        return filter_class, params

    @property
    def qs(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs


# ---- core's own list -------------------------------------------------------------------
class AuditLogFilterSet(BoundedFilterSet):
    """审计日志 filters (the administrators' page)."""

    action = django_filters.ChoiceFilter(
        label="操作",
        choices=AuditLog.Action.choices,
        empty_label="全部操作",
        widget=forms.Select(attrs={"class": "form-select", "aria-label": "操作"}),
    )
    user = SearchFilter(
        label="用户名",
        field_name="username",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "用户名"}),
    )
    model = SearchFilter(
        label="对象类型",
        field_name="model_name",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "对象类型"}),
    )
    date_from = DateFilter(
        label="开始日期",
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control", "aria-label": "开始日期"}),
    )
    date_to = DateFilter(
        label="结束日期",
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control", "aria-label": "结束日期"}),
    )

    class Meta:
        model = AuditLog
        fields: list[str] = []
