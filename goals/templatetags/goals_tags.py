from django import template

register = template.Library()

_DIGITS = "零一二三四五六七八九"


@register.filter
def cn_numeral(value) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (the report's （一）（二）… headings)."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return ""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[ones] if ones else "")
