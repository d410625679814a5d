"""The FilterSet base of every ledger list."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from core.filters import BoundedFilterSet


class RegisterFilterSet(BoundedFilterSet):
    """core.filters.BoundedFilterSet (bounded fields, no rows when invalid), knowing the
    requesting user (PersonalSearchMixin asks it) and styled once for every list."""

    def __init__(self, data=None, queryset=None, *, organization=None, user=None, **kwargs):
        super().__init__(data, queryset, organization=organization, **kwargs)
        self.user = user
        for field in self.form.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if select else "form-control form-control-sm"
            )

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()
