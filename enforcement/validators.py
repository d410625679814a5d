"""Validation of phone numbers. The 身份证号 check is core.validators (one for the project)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def validate_phone(value: str) -> None:
    if value and not _PHONE_RE.match(value.replace(" ", "")):
        raise ValidationError("请填写 11 位手机号码或带区号的固定电话（如 023-68800000）。", code="phone")
