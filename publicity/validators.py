"""居民身份证号 check (GB 11643-1999): 17 digits, a real birth date, and the MOD 11-2 check digit.

Not stdnum.cn.ric.validate: it also requires the region code to have existed on the
birth date, which refuses every real 重庆 (500xxx) number of a person born before
the municipality was created in 1997.
"""

import datetime
import re

from django.core.exceptions import ValidationError

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"
_FORMAT = re.compile(r"^\d{17}[\dX]$")


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str) -> None:
    value = (value or "").strip().upper()
    if not _FORMAT.match(value):
        raise ValidationError("身份证号须为 18 位（末位可为 X）。", code="id_format")
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise ValidationError("身份证号中的出生日期无效。", code="id_birth") from exc
    if birth.year < 1900:
        raise ValidationError("身份证号中的出生日期无效。", code="id_birth")
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError("身份证号校验码不正确，请核对。", code="id_checksum")
