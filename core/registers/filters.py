"""The FilterSet base of every ledger list."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from core.filters import BoundedFilterSet
from core.widgets import quicken


def style(widget: forms.Widget) -> None:
    """One look for every ledger's filter bar (registers/includes/filter_form.html): small
    inputs and selects, checkboxes as Bootstrap checks, whatever class an app gave them.
    A choice never submits the form by itself: the bar is sent with its 筛选 button, as every
    form of the portal (WCAG 3.2.2, no change of page on input)."""
    if widget.is_hidden:
        return
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    widget.attrs["class"] = css


class RegisterFilterSet(BoundedFilterSet):
    """core.filters.BoundedFilterSet (bounded fields, no rows when invalid), knowing the
    requesting user (PersonalSearchMixin asks it) and styled once for every list."""

    def __init__(self, data=None, queryset=None, *, organization=None, user=None, **kwargs):
        super().__init__(data, queryset, organization=organization, **kwargs)
        self.user = user

    @property
    def form(self):
        # Styled when first built, not in __init__: a subclass narrows its filters' querysets
        # to the organization after super().__init__(), and building the form earlier would
        # freeze the unnarrowed ones.
        form = super().form
        if not getattr(form, "_register_styled", False):
            for field in form.fields.values():
                quicken(field.widget)  # options written in Python: a town's 138 网格 cost 15 ms as templates
                style(field.widget)
            form._register_styled = True
        return form

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()
