"""A <select> whose options are written in Python rather than one template per option.

Django renders each <option> through its own template (select_option.html and attrs.html):
~0.1 ms an option. A ledger's filter bar offers every 网格 of the town (138 in 八桥镇, ~1,000
in a district), so at district scale the 纠纷 list spent ~15 ms on that one select
(BENCHMARKS.md). QuickOptionsMixin writes the same markup — the same optgroups() and
create_option() (so a subclass's option attributes, such as a grid's data-community, stay),
the same attribute rules as attrs.html (True: the bare name; False or None: left out) — with
format_html, which escapes values and labels as the template did.
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> SafeString:
    """attrs.html: ` name="value"` for each attribute, ` name` for True, nothing for False/None."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


class QuickOptionsMixin:
    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        parts = [format_html('<select name="{}"{}>', name, _attrs(final_attrs))]
        for group_name, options, _index in self.optgroups(name, self.format_value(value), final_attrs):
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>', option["value"], _attrs(option["attrs"]), option["label"]
                    )
                )
            if group_name:
                parts.append(mark_safe("</optgroup>"))  # noqa: S308 — a constant
        parts.append(mark_safe("</select>"))  # noqa: S308 — a constant
        return mark_safe("".join(parts))  # noqa: S308 — every part is format_html output or a constant


class QuickSelect(QuickOptionsMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickOptionsMixin, forms.SelectMultiple):
    pass


def quicken(widget: forms.Widget) -> forms.Widget:
    """The same widget, its options written by QuickOptionsMixin (plain Select and SelectMultiple
    only: a subclass may render otherwise). Its choices, attributes and state are kept."""
    quick = {forms.Select: QuickSelect, forms.SelectMultiple: QuickSelectMultiple}.get(type(widget))
    if quick is not None:
        widget.__class__ = quick
    return widget
