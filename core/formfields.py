"""Guard every model choice field against ids no database column can hold.

A posted id such as 9223372036854775808 made Django's ModelChoiceField and
ModelMultipleChoiceField query the database with it: SQLite raises
OverflowError and PostgreSQL "bigint out of range" — a 500 instead of the
usual 「选择一个有效的选项」 (found by core/tests/test_fuzz_forms.py). Django
does not check the range itself, so the check is added once here, for every
form of the project including the admin, rather than in each app's forms.
"""

from django import forms
from django.core.exceptions import ValidationError

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


def install() -> None:
    if getattr(forms.ModelChoiceField, "_baqiao_guarded", False):
        return
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
