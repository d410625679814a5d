"""The 网格 select every form and filter offers: grids under one <optgroup> per 村（社区）,
both in natural order (第2网格 before 第10网格), as the grid staff number them.

Core never imports accounts: these work on any grid-like rows (`name`, `community`,
`community_id`), and a queryset passed in should select_related("community").
"""

from __future__ import annotations

import re

from django import forms
from django.forms.models import ModelChoiceIteratorValue

from core.widgets import QuickOptionsMixin


def natural_key(text: str) -> tuple:
    """第2网格 before 第10网格: runs of digits compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text or ""))


def grouped_grid_choices(queryset, empty_label: str = "---------") -> list:
    """The grids under one <optgroup> per community, both sorted naturally.

    The values stay ModelChoiceIteratorValue (with the grid as `.instance`), so GridSelect
    can put each option's community on it; the field still validates against its queryset.
    """
    groups: dict = {}
    for grid in queryset:
        groups.setdefault(grid.community, []).append(grid)
    choices = [("", empty_label)]
    for community in sorted(groups, key=lambda c: natural_key(c.name)):
        grids = sorted(groups[community], key=lambda g: natural_key(g.name))
        choices.append((community.name, [(ModelChoiceIteratorValue(g.pk, g), g.name) for g in grids]))
    return choices


def group_grids(field: forms.ModelChoiceField, empty_label: str | None = None) -> None:
    """Offer `field`'s grids grouped and naturally sorted; its queryset still validates.

    Only the widget's choices change: django-filter's ModelChoiceField cannot take
    `choices` (its setter wraps them again), and the widget is what renders them.
    """
    field.queryset = field.queryset.select_related("community")
    field.widget.choices = grouped_grid_choices(field.queryset, empty_label or field.empty_label or "---------")


class GridSelect(QuickOptionsMixin, forms.Select):
    """Each option carries its community (data-community), so a page script can show only
    the grids of the chosen community (no inline script under the CSP); the model's clean()
    refuses a grid of another community, whatever the browser sends."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-community"] = instance.community_id
        return option
