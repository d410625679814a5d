"""The one 居民身份证号码 check of the project (GB 11643-1999), used by every model and form
that stores a 身份证号 (执法人员, 当事人, 法律明白人, 复议申请人, 应诉原告).

python-stdnum does the arithmetic (`stdnum.cn.ric`): the MOD 11-2 check digit and the
birth date. We do not call `ric.validate()`: it also requires the six-digit area code to
have existed in the birth year, and a number keeps the area code of the place and time it
was first issued. Real numbers therefore carry codes abolished long ago (510220, 512200 …)
or codes younger than their holder (500104 大渡口区 dates from 1997, when Chongqing became
a municipality, and everyone born there earlier who was first issued a number later carries
it). The area table is also never complete. So only the first two digits, the 省级 code, must be real.

The functions take and return plain strings, so a form that shows a masked number
(500104********1234) maps the unchanged mask back to the stored number first and then
calls the same validator.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum import exceptions as stdnum_exceptions
from stdnum import numdb
from stdnum.cn import ric

# 港澳台居民居住证 (《港澳台居民居住证申领发放办法》, 2018) use the same 18-digit format with
# 810000 / 820000 / 830000; python-stdnum's table lists 81 and 82 but not 83.
_EXTRA_PROVINCES = {"83"}


def normalize_id_number(value: str | None) -> str:
    """Spaces and separators dropped, a final x upper-cased: the form every table stores."""
    return ric.compact(re.sub(r"[\s\-]", "", value or ""))


def id_check_digit(first17: str) -> str:
    """The GB 11643 check digit of the first 17 digits (for demo and test data)."""
    return ric.calc_check_digit(first17[:17] + "0")


def _is_province(code: str) -> bool:
    if code in _EXTRA_PROVINCES:
        return True
    return any("province" in props for _part, props in numdb.get("cn/loc").info(code + "0000")[:1])


def validate_id_number(value: str | None) -> None:
    """Raise a Chinese ValidationError unless `value` is a well-formed 18-digit 身份证号.

    Checked: length and characters, the check digit, a real birth date not in the
    future, and a real 省级 code. Not checked: whether the county code exists or
    existed in the birth year (see the module docstring).
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
    if not _is_province(number[:2]):
        raise ValidationError("身份证号前 2 位不是有效的省级地区码，请核对。", code="id_area")


def birth_date(value: str | None) -> datetime.date | None:
    try:
        return ric.get_birth_date(normalize_id_number(value))
    except (stdnum_exceptions.ValidationError, ValueError, IndexError):
        return None


def gender_code(value: str | None) -> str | None:
    """'male' / 'female' from the 17th digit (odd = male), None if unreadable."""
    number = normalize_id_number(value)
    if len(number) != 18 or not number[16].isdigit():
        return None
    return "male" if int(number[16]) % 2 else "female"


# 手机 (1[3-9] and 9 more digits) or 固定电话: 区号 (0 and 2–3 digits) - 号码 (7–8 digits),
# optionally an extension (023-68812345-801, 023-68812345转801). Spaces are ignored.
_PHONE_RE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?[1-9]\d{6,7}(?:(?:-|转|#)\d{1,6})?)$")
PHONE_MESSAGE = "请填写 11 位手机号码，或带区号的固定电话（如 023-68812345，分机可写作 023-68812345-801）。"


def normalize_phone(value: str | None) -> str:
    return re.sub(r"\s", "", value or "")


def validate_phone(value: str | None) -> None:
    """Raise a Chinese ValidationError unless `value` is empty, a mainland mobile number
    or a landline number with its area code (区号-号码, an extension allowed)."""
    if value and not _PHONE_RE.match(normalize_phone(value)):
        raise ValidationError(PHONE_MESSAGE, code="phone")
