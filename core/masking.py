"""Masking of personal data (身份证号, 电话, 住址) for roles without the permission.

Formats follow common government practice: 110101********1234 and 138****5678.
"""

import re

PERSONAL_DATA_PERMISSION = "accounts.view_personal_data"

_ID_RE = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
_MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    value = str(value)
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    digits = str(value).replace("-", "").replace(" ", "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(value: str | None) -> str:
    """Keep the area (first 6 characters), hide the house number and the rest."""
    if not value:
        return ""
    value = str(value)
    return value[:6] + "****" if len(value) > 6 else value[:2] + "****"


def mask_name(value: str | None) -> str:
    if not value:
        return ""
    value = str(value)
    return value[0] + "*" * (len(value) - 1) if len(value) > 1 else value


MASKERS = {
    "id": mask_id_number,
    "phone": mask_phone,
    "address": mask_address,
    "name": mask_name,
}


def can_view_personal_data(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(PERSONAL_DATA_PERMISSION))


def masked(value, kind: str, user=None, reveal: bool = False) -> str:
    """The value as this user may see it: full only with the permission *and* an explicit reveal."""
    if value in (None, ""):
        return ""
    if reveal and can_view_personal_data(user):
        return str(value)
    return MASKERS[kind](value)


def scrub_text(text: str) -> str:
    text = _ID_RE.sub(lambda m: m.group(1) + "********" + m.group(2), text)
    return _MOBILE_RE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


# 身份证号 and mobile numbers in free text (a report's words): digits may be grouped with
# single spaces or hyphens (139 8345 6789). Each separator is optional and the repeats are
# fixed, so the scan stays linear on long text. A line break never joins two numbers.
_SEP = r"[ \-\u00a0]?"
_ID_IN_TEXT = re.compile(rf"(?<![0-9A-Za-z])\d(?:{_SEP}\d){{16}}{_SEP}[\dXx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(rf"(?<![0-9A-Za-z])1{_SEP}[3-9](?:{_SEP}\d){{9}}(?![0-9A-Za-z])")
_SEPARATORS = re.compile(r"[ \-\u00a0]")


def personal_numbers(text: str) -> list[str]:
    """The 身份证号 (a valid one: check digit, birth date, 省级 code — core.validators) and
    mobile numbers found in `text`, masked as mask_id_number / mask_phone show them, each
    once, in order of appearance. Other long numbers (case numbers, amounts, a 统一社会信用代码
    with letters, an office's 区号-号码) are not personal data and are left alone."""
    from django.core.exceptions import ValidationError

    from core.validators import validate_id_number

    found: list[str] = []
    for match in _ID_IN_TEXT.finditer(text or ""):
        number = _SEPARATORS.sub("", match.group()).upper()
        try:
            validate_id_number(number)
        except ValidationError:
            continue
        found.append(mask_id_number(number))
    for match in _MOBILE_IN_TEXT.finditer(text or ""):
        found.append(mask_phone(_SEPARATORS.sub("", match.group())))
    return list(dict.fromkeys(found))
