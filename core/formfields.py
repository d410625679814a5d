"""Guards added once, for every form of the project (the admin and imports included).

Dates: every DateField refuses a day outside RECORD_DATE_MIN..RECORD_DATE_MAX. A
judgment "dated" 9999-12-31 was accepted and then broke the deadlines page (adding
15 days overflows Python's date); no record of a township government predates 1990
or lies beyond 2100, so such a day is a typing error. Imports go through the same
forms, so they are bounded too. A form that takes dates of birth sets
`field.earliest = BIRTH_DATE_MIN` on that field.

Ids: model choice fields refuse ids no database column can hold.

A posted id such as 9223372036854775808 made Django's ModelChoiceField and
ModelMultipleChoiceField query the database with it: SQLite raises
OverflowError and PostgreSQL "bigint out of range" — a 500 instead of the
usual 「选择一个有效的选项」 (found by core/tests/test_fuzz_forms.py). Django
does not check the range itself, so the check is added once here, for every
form of the project including the admin, rather than in each app's forms.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format

RECORD_DATE_MIN = datetime.date(1990, 1, 1)
RECORD_DATE_MAX = datetime.date(2100, 12, 31)
BIRTH_DATE_MIN = datetime.date(1900, 1, 1)

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
_INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
                 "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField"}  # fmt: skip


def _fits(field, value) -> bool:
    key = field.to_field_name or "pk"
    meta = field.queryset.model._meta
    model_field = meta.pk if key == "pk" else meta.get_field(key)
    if model_field.get_internal_type() not in _INTEGER_KEYS:
        return True
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return True  # not a number at all: Django's own check answers it
    return BIGINT_MIN <= number <= BIGINT_MAX


def _date_bounds(field) -> tuple[datetime.date, datetime.date]:
    return getattr(field, "earliest", RECORD_DATE_MIN), getattr(field, "latest", RECORD_DATE_MAX)


def _install_date_bounds() -> None:
    original_to_python = forms.DateField.to_python
    original_widget_attrs = forms.DateField.widget_attrs

    def to_python(self, value):
        day = original_to_python(self, value)
        earliest, latest = _date_bounds(self)
        if day is not None and not earliest <= day <= latest:
            raise ValidationError(
                "日期超出合理范围，应在%(earliest)s至%(latest)s之间，请核对。",
                code="date_out_of_range",
                params={"earliest": date_format(earliest), "latest": date_format(latest)},
            )
        return day

    def widget_attrs(self, widget):
        # The browser's date picker then offers only days the form accepts.
        attrs = original_widget_attrs(self, widget)
        if getattr(widget, "input_type", "") == "date":
            earliest, latest = _date_bounds(self)
            attrs.setdefault("min", earliest.isoformat())
            attrs.setdefault("max", latest.isoformat())
        return attrs

    forms.DateField.to_python = to_python
    forms.DateField.widget_attrs = widget_attrs


def install() -> None:
    if getattr(forms.ModelChoiceField, "_baqiao_guarded", False):
        return
    _install_date_bounds()
    original_to_python = forms.ModelChoiceField.to_python
    original_check_values = forms.ModelMultipleChoiceField._check_values

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, self.queryset.model) and not _fits(self, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return original_to_python(self, value)

    def check_values(self, value):
        for item in value or ():
            if not _fits(self, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return original_check_values(self, value)

    forms.ModelChoiceField.to_python = to_python
    forms.ModelMultipleChoiceField._check_values = check_values
    forms.ModelChoiceField._baqiao_guarded = True
