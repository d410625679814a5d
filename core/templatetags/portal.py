"""Template helpers: masking personal data, Chinese dates, figure formatting."""

import datetime

from django import template

from core.masking import masked

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, value, kind="id"):
    """{% personal officer.id_number "id" %} — masked unless revealed for a permitted user."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return masked(value, kind, user=user, reveal=bool(context.get("reveal_personal")))


@register.filter
def cn_date(value):
    """2024年1月24日"""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def percent(value):
    if value is None:
        return "—"
    return f"{value:.1f}%"


@register.simple_tag(takes_context=True)
def querystring_replace(context, **kwargs):
    """Current GET params with some replaced (pagination links keep the filters)."""
    params = context["request"].GET.copy()
    for key, val in kwargs.items():
        if val is None:
            params.pop(key, None)
        else:
            params[key] = val
    return params.urlencode()
