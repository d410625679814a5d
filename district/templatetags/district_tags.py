"""Formatting of the comparison's figures and their change against last year."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def figure(cell):
    """A count as is; a rate with one decimal and %; nothing to show as —."""
    if cell.value is None:
        return "—"
    if cell.column.rate:
        return f"{cell.value:.1f}%"
    if isinstance(cell.value, Decimal):
        return f"{cell.value.normalize():f}"
    return str(cell.value)


@register.simple_tag
def change(cell):
    """同比: ▲3 / ▼1.5个百分点 / 持平; empty when either year has no figure."""
    delta = cell.change
    if delta is None:
        return ""
    if delta == 0:
        return mark_safe('<span class="district-change text-muted" title="与上年持平">持平</span>')
    unit = "个百分点" if cell.column.rate else ""
    amount = f"{abs(delta):.1f}" if cell.column.rate else f"{abs(delta)}"
    arrow, css = ("▲", "up") if delta > 0 else ("▼", "down")
    return format_html(
        '<span class="district-change district-change-{}" title="较上年{}{}{}">{}{}{}</span>',
        css,
        "增加" if delta > 0 else "减少",
        amount,
        unit,
        arrow,
        amount,
        unit,
    )


@register.simple_tag(takes_context=True)
def sort_query(context, key):
    """The ?sort= link of a column header: ascending first, then descending."""
    params = context["request"].GET.copy()
    params["sort"] = f"-{key}" if context.get("sort") == key else key
    return params.urlencode()
