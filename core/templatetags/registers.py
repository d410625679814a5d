"""Template helpers of the ledger pages (core/templates/registers/)."""

from django import template
from django.utils.html import format_html

from core.registers.views import SORT_PARAM

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_th(context, label, key="", css=""):
    """A column header; a link that sorts by `key` when the list whitelists it.

    The first click sorts ascending, the next descending; the page number is dropped.
    """
    sort_fields = context.get("sort_fields") or {}
    if not key or key not in sort_fields:
        return format_html('<th class="{}">{}</th>', css, label)
    current = context.get("sort", "")
    params = context["request"].GET.copy()
    params.pop("page", None)
    if current == key:
        params[SORT_PARAM], arrow, aria = f"-{key}", " ▲", "ascending"
    elif current == f"-{key}":
        params[SORT_PARAM], arrow, aria = key, " ▼", "descending"
    else:
        params[SORT_PARAM], arrow, aria = key, "", "none"
    return format_html(
        '<th class="{}" aria-sort="{}"><a class="link-dark text-decoration-none" href="?{}">{}{}</a></th>',
        css,
        aria,
        params.urlencode(),
        label,
        arrow,
    )
