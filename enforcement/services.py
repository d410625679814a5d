"""Writes of the enforcement register that do more than save one form.

Each service is keyword-only, atomic, runs full_clean() before saving and raises
ValidationError with a Chinese message the view shows as a form error.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from enforcement.choices import DEFAULT_CATEGORIES, CertificateState, EmploymentStatus
from enforcement.models import Certificate, EnforcementCategory, Officer, Training, TrainingAttendance


def _stamp(obj, by, reason: str = ""):
    """Who and why for simple-history (and so for the audit log)."""
    if by is not None:
        obj._history_user = by
    if reason:
        obj._change_reason = reason


# --- 执法类别 -------------------------------------------------------------
def ensure_default_categories(*, organization) -> list[EnforcementCategory]:
    """Seed the town's 执法类别 list with the defaults; existing entries are kept as they are."""
    existing = set(EnforcementCategory.objects.filter(organization=organization).values_list("name", flat=True))
    created = []
    for order, name in enumerate(DEFAULT_CATEGORIES, start=1):
        if name not in existing:
            category = EnforcementCategory(organization=organization, name=name, sort_order=order * 10)
            category.full_clean()
            category.save()
            created.append(category)
    return created


def category_get_or_create(*, organization, name: str) -> EnforcementCategory:
    name = name.strip()
    if not name:
        raise ValidationError("执法类别名称不能为空。")
    category = EnforcementCategory.objects.filter(organization=organization, name=name).first()
    if category is None:
        category = EnforcementCategory(organization=organization, name=name)
        category.full_clean()
        category.save()
    return category


# --- certificates ----------------------------------------------------------
def _check_state_date(certificate: Certificate, on: datetime.date) -> None:
    if on < certificate.issued_on:
        raise ValidationError({"on": "日期不能早于证件的发证日期。"})
    if on > timezone.localdate():
        raise ValidationError({"on": "日期不能晚于今天。"})


def _locked(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


@transaction.atomic
def certificate_renew(
    *,
    certificate: Certificate,
    new_number: str,
    issued_on: datetime.date,
    expires_on: datetime.date,
    categories: Iterable[EnforcementCategory] | None = None,
    region: str | None = None,
    issuing_authority: str | None = None,
    by=None,
) -> Certificate:
    """换发: close the old card (注销, reason 换发) and issue the new one linked to it."""
    old = _locked(certificate)
    if old.state == CertificateState.REVOKED:
        raise ValidationError("已吊销的证件不能换发，须重新参加取证考试后申领新证。")
    if old.state == CertificateState.CANCELLED:
        if hasattr(old, "replaced_by"):
            raise ValidationError(f"该证件已换发为 {old.replaced_by.number}，不能重复换发。")
        raise ValidationError("已注销的证件不能换发。")
    if old.state == CertificateState.SUSPENDED:
        raise ValidationError("暂扣期间的证件不能换发，请先解除暂扣。")
    if old.officer.employment_status != EmploymentStatus.ACTIVE:
        raise ValidationError("该人员已调离或退休，不能换发证件。")
    if issued_on <= old.issued_on:
        raise ValidationError({"issued_on": "新证发证日期须晚于原证发证日期。"})
    new = Certificate(
        officer=old.officer,
        number=(new_number or "").strip(),
        kind=old.kind,
        issuing_authority=issuing_authority or old.issuing_authority,
        issued_on=issued_on,
        expires_on=expires_on,
        region=old.region if region is None else region,
        replaces=old,
    )
    new.full_clean()
    old.state = CertificateState.CANCELLED
    old.state_reason = "换发"
    old.state_changed_on = issued_on
    old.full_clean()
    _stamp(old, by, "换发注销")
    old.save()
    _stamp(new, by, f"换发（原证 {old.number}）")
    new.save()
    new.categories.set(list(categories) if categories is not None else list(old.categories.all()))
    return new


@transaction.atomic
def certificate_suspend(*, certificate: Certificate, reason: str, on: datetime.date, by=None) -> Certificate:
    """暂扣: the holder may not enforce until the suspension is lifted."""
    certificate = _locked(certificate)
    if certificate.state != CertificateState.VALID:
        raise ValidationError(f"只有有效的证件可以暂扣，该证件当前为{certificate.get_state_display()}。")
    return _set_state(certificate, CertificateState.SUSPENDED, reason, on, by, "暂扣")


@transaction.atomic
def certificate_reinstate(*, certificate: Certificate, reason: str, on: datetime.date, by=None) -> Certificate:
    """解除暂扣: the card is valid again (until its expiry date)."""
    certificate = _locked(certificate)
    if certificate.state != CertificateState.SUSPENDED:
        raise ValidationError("只有暂扣中的证件可以解除暂扣。")
    _check_reason_and_date(certificate, reason, on)
    certificate.state = CertificateState.VALID
    certificate.state_reason = f"解除暂扣：{reason.strip()}"
    certificate.state_changed_on = on
    certificate.full_clean()
    _stamp(certificate, by, "解除暂扣")
    certificate.save()
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, on: datetime.date, by=None) -> Certificate:
    """吊销: withdrawn as a sanction; cannot be renewed."""
    certificate = _locked(certificate)
    if certificate.state not in (CertificateState.VALID, CertificateState.SUSPENDED):
        raise ValidationError(f"该证件已{certificate.get_state_display()}，不能吊销。")
    return _set_state(certificate, CertificateState.REVOKED, reason, on, by, "吊销")


@transaction.atomic
def certificate_cancel(*, certificate: Certificate, reason: str, on: datetime.date, by=None) -> Certificate:
    """注销: closed for an ordinary reason (调离, 退休, 遗失补办 …)."""
    certificate = _locked(certificate)
    if certificate.state not in (CertificateState.VALID, CertificateState.SUSPENDED):
        raise ValidationError(f"该证件已{certificate.get_state_display()}，不能注销。")
    return _set_state(certificate, CertificateState.CANCELLED, reason, on, by, "注销")


def _check_reason_and_date(certificate: Certificate, reason: str, on: datetime.date) -> None:
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写原因。"})
    _check_state_date(certificate, on)


def _set_state(certificate: Certificate, state: str, reason: str, on, by, label: str) -> Certificate:
    _check_reason_and_date(certificate, reason, on)
    certificate.state = state
    certificate.state_reason = reason.strip()
    certificate.state_changed_on = on
    certificate.full_clean()
    _stamp(certificate, by, label)
    certificate.save()
    return certificate


# --- trainings -------------------------------------------------------------
@transaction.atomic
def training_set_attendees(*, training: Training, officers: Iterable[Officer], by=None) -> None:
    """Make the attendance list equal `officers`: new attendees get the training's 学时,
    those already listed keep their own (possibly adjusted) hours, the others are removed."""
    wanted = {o.pk: o for o in officers}
    foreign = [o for o in wanted.values() if o.organization_id != training.organization_id]
    if foreign:
        raise ValidationError("参训人员须为本单位执法人员。")
    current = {a.officer_id: a for a in TrainingAttendance.objects.filter(training=training)}
    for officer_id, attendance in current.items():
        if officer_id not in wanted:
            _stamp(attendance, by)
            attendance.delete()
    for officer_id, officer in wanted.items():
        if officer_id in current:
            continue
        attendance = TrainingAttendance(training=training, officer=officer, hours=training.hours)
        attendance.full_clean()
        _stamp(attendance, by)
        attendance.save()


@transaction.atomic
def training_cap_hours(*, training: Training, by=None) -> None:
    """After the training's 学时 is lowered, no attendee keeps more than the training gave."""
    for attendance in TrainingAttendance.objects.filter(training=training, hours__gt=training.hours):
        attendance.hours = Decimal(training.hours)
        _stamp(attendance, by, "随培训学时调整")
        attendance.save()
