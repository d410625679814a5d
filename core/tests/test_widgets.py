"""core.widgets: options written in Python, the same markup as Django's templates."""

import pytest
from django import forms
from django.test.html import parse_html

from core.widgets import QuickSelect, QuickSelectMultiple, quicken

CHOICES = [
    ("", "全部"),
    ("a", "甲 & <乙>"),
    ("组一", [("b", "第2网格"), ("c", '引号"')]),
    ("组二", [("d", "第10网格")]),
]


class DataOption(forms.Select):
    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["data-x"] = f"x{option['value']}"
        return option


class QuickDataOption(QuickSelect, DataOption):
    pass


@pytest.mark.parametrize(
    ("django_widget", "quick_widget", "value"),
    [
        (forms.Select, QuickSelect, "c"),
        (forms.Select, QuickSelect, None),
        (forms.SelectMultiple, QuickSelectMultiple, ["a", "d"]),
        (DataOption, QuickDataOption, "b"),
    ],
)
def test_the_same_markup_as_the_templates(django_widget, quick_widget, value):
    attrs = {"id": "id_x", "class": "form-select", "required": True, "disabled": False, "data-y": "1 < 2"}
    expected = django_widget(choices=CHOICES).render("x", value, attrs=attrs)
    got = quick_widget(choices=CHOICES).render("x", value, attrs=attrs)
    assert parse_html(got) == parse_html(expected)
    assert "&lt;乙&gt;" in got and "甲 &amp;" in got  # escaped as the template escaped them


def test_quicken_changes_only_plain_selects():
    plain, radio, data = forms.Select(choices=CHOICES), forms.RadioSelect(choices=CHOICES), DataOption()
    assert type(quicken(plain)) is QuickSelect and plain.choices == CHOICES
    assert type(quicken(radio)) is forms.RadioSelect
    assert type(quicken(data)) is DataOption  # a subclass may render its own way
    assert type(quicken(forms.SelectMultiple())) is QuickSelectMultiple
