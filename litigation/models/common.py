"""What both kinds of case share: default authority and court, the case mixin (party,
status badge), the 身份证号 check and the attendance rule for 负责人."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.validators import normalize_id_number, validate_id_number
from litigation.choices import (
    QUALIFYING_ROLES,
    STATUS_CSS,
    CaseStatus,
    LeaderRole,
    PartyKind,
)

DEFAULT_AUTHORITY = "重庆市大渡口区人民政府"
DEFAULT_COURT = "重庆市大渡口区人民法院"


def _today() -> datetime.date:
    return timezone.localdate()


class _CaseMixin:
    """What both kinds of case share: party display, status badge, deadline states."""

    @property
    def party_is_person(self) -> bool:
        return self.party_kind_value == PartyKind.PERSON

    @property
    def status_css(self) -> str:
        return STATUS_CSS[self.status]

    awaiting_label = CaseStatus.AWAITING_DOCUMENT.label

    def get_status_display(self) -> str:
        if self.status == CaseStatus.AWAITING_DOCUMENT:
            return self.awaiting_label
        return CaseStatus(self.status).label


def _check_person_id(errors: dict, field: str, kind: str, value: str) -> str:
    """A 自然人's 证件号码 is a 身份证号 (the project's one check, core.validators); an
    organization's is a 统一社会信用代码, not checked here. Returns the normalized value."""
    if kind != PartyKind.PERSON or not value:
        return value
    value = normalize_id_number(value)
    try:
        validate_id_number(value)
    except ValidationError as exc:
        errors[field] = exc.messages[0]
    return value


def _check_attendance(errors: dict, *, role: str, name: str, post: str, reason: str, prefix: str = "") -> None:
    """Who appeared for the government: a 负责人 needs name and post; otherwise a reason.

    2020 规定第二条 (who is a 负责人) and 第八条 (a 负责人 who cannot appear explains why in writing).
    """
    if not role:
        errors[f"{prefix}leader_role"] = "请选择出席人员身份。"
        return
    if role in (LeaderRole.PRINCIPAL, LeaderRole.DEPUTY, LeaderRole.IN_CHARGE, LeaderRole.STAFF):
        if not name:
            errors[f"{prefix}leader_name"] = "请填写出席人员姓名。"
        if not post:
            errors[f"{prefix}leader_post"] = "请填写出席人员职务。"
    if role not in QUALIFYING_ROLES and not reason:
        errors[f"{prefix}absence_reason"] = "负责人未出庭（出席）的，须填写原因（2020年出庭应诉规定第八条）。"
