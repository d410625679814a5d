"""Validation of 身份证号 and phone numbers (python-stdnum does the ID arithmetic)."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def normalize_id_number(value: str) -> str:
    return ric.compact(value or "")


def validate_id_number(value: str) -> None:
    """18-digit 居民身份证号码 (GB 11643-1999): length, check digit, birth date, area code.

    python-stdnum does the arithmetic. Its `ric.validate()` also requires the area
    code to have existed in the birth year, which refuses real numbers: people born
    before 1997 who registered in Chongqing later carry 500xxx codes that the table
    dates from 1997. So the area code only has to be a known one.
    """
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError("身份证号应为 18 位。", code="id_length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("身份证号前 17 位应为数字，最后一位为数字或 X。", code="id_format")
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError("身份证号校验位不正确，请核对。", code="id_checksum")
    try:
        born = ric.get_birth_date(number)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError("身份证号中的出生日期无效，请核对。", code="id_birth_date") from exc
    if born > timezone.localdate() or born.year < 1900:
        raise ValidationError("身份证号中的出生日期不合理，请核对。", code="id_birth_date")
    if not _known_area(number[:6]):
        raise ValidationError("身份证号前 6 位地区码不存在，请核对。", code="id_area")


def _known_area(code: str) -> bool:
    from stdnum import numdb

    info = {k: v for _part, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    return "county" in info


def birth_date(value: str) -> datetime.date | None:
    try:
        return ric.get_birth_date(normalize_id_number(value))
    except (stdnum_exceptions.ValidationError, ValueError, IndexError):
        return None


def gender_code(value: str) -> str | None:
    """'male' / 'female' from the 17th digit (odd = male), None if unreadable."""
    number = normalize_id_number(value)
    if len(number) != 18 or not number[16].isdigit():
        return None
    return "male" if int(number[16]) % 2 else "female"


def validate_phone(value: str) -> None:
    if value and not _PHONE_RE.match(value.replace(" ", "")):
        raise ValidationError("请填写 11 位手机号码或带区号的固定电话（如 023-68800000）。", code="phone")
