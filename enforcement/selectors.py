"""Reads of the enforcement register: every query a page or a figure needs, org-scoped.

The central question — "may this officer enforce on date D in 类别 X?" — lives here
once (`valid_certificate_q`, `officers_who_may_enforce`, `may_enforce`), and the officer
page, the list filters and the figures all use it, so they cannot disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from enforcement.choices import CertificateKind, CertificateState, EmploymentStatus
from enforcement.models import Certificate, EnforcementCategory, Exam, Officer, Training, TrainingAttendance


def window_days() -> int:
    return settings.CERTIFICATE_EXPIRY_WINDOW_DAYS


def hours_target() -> int:
    return settings.TRAINING_HOURS_TARGET


# --- validity on a date -----------------------------------------------------
def valid_certificate_q(day: datetime.date, prefix: str = "", kind: str | None = CertificateKind.ENFORCEMENT) -> Q:
    """Certificates valid on `day`: issued ≤ day ≤ expires, and not suspended/closed by then.

    A certificate closed (暂扣/注销/吊销) after `day` was still valid on `day`, which is
    what makes the 31 December figures of a past year stable.
    行政处罚法第四十二条: only a 行政执法证 entitles its holder to enforce, so the
    default kind is 行政执法证; pass kind=None for any certificate.
    """
    p = prefix
    q = Q(**{f"{p}issued_on__lte": day, f"{p}expires_on__gte": day}) & (
        Q(**{f"{p}state": CertificateState.VALID}) | Q(**{f"{p}state_changed_on__gt": day})
    )
    if kind:
        q &= Q(**{f"{p}kind": kind})
    return q


def in_post_q(day: datetime.date) -> Q:
    """Officers in post (在岗) on `day`: arrived by then and not yet left."""
    return (Q(joined_on__isnull=True) | Q(joined_on__lte=day)) & (
        Q(employment_status=EmploymentStatus.ACTIVE) | Q(left_on__gt=day)
    )


def _valid_certificate_exists(day: datetime.date, category=None) -> Exists:
    certificates = Certificate.objects.filter(valid_certificate_q(day), officer=OuterRef("pk"))
    if category is not None:
        certificates = certificates.filter(categories=category)
    return Exists(certificates)


def officers_who_may_enforce(organization, day: datetime.date, category=None) -> QuerySet[Officer]:
    """Officers in post on `day` holding a 行政执法证 valid on `day` (covering `category` if given)."""
    return Officer.objects.filter(in_post_q(day), _valid_certificate_exists(day, category), organization=organization)


def officers_in_post(organization, day: datetime.date) -> QuerySet[Officer]:
    return Officer.objects.filter(in_post_q(day), organization=organization)


@dataclass
class EnforceAnswer:
    allowed: bool
    reason: str
    certificate: Certificate | None = None


def may_enforce(officer: Officer, day: datetime.date, category: EnforcementCategory | None = None) -> EnforceAnswer:
    """May `officer` enforce on `day` (in `category`)? With the reason, in Chinese."""
    if not officer_in_post_on(officer, day):
        return EnforceAnswer(False, "该日不在执法岗位（未到岗、已调离或已退休）。")
    certificates = list(
        Certificate.objects.filter(officer=officer, kind=CertificateKind.ENFORCEMENT).prefetch_related("categories")
    )
    valid = [c for c in certificates if c.is_valid_on(day)]
    if not valid:
        covering = [c for c in certificates if c.issued_on <= day <= c.expires_on]
        if covering:
            c = covering[0]
            return EnforceAnswer(False, f"证件 {c.number} 于该日处于{c.get_state_display()}状态。", c)
        return EnforceAnswer(False, "该日没有有效的行政执法证。")
    if category is None:
        return EnforceAnswer(True, f"持有有效行政执法证 {valid[0].number}。", valid[0])
    for certificate in valid:
        if any(c.pk == category.pk for c in certificate.categories.all()):
            return EnforceAnswer(True, f"行政执法证 {certificate.number} 的执法类别包含{category.name}。", certificate)
    return EnforceAnswer(False, f"有效证件的执法类别不包含{category.name}。", valid[0])


def officer_in_post_on(officer: Officer, day: datetime.date) -> bool:
    if officer.joined_on and officer.joined_on > day:
        return False
    return officer.employment_status == EmploymentStatus.ACTIVE or (
        officer.left_on is not None and officer.left_on > day
    )


# --- pages --------------------------------------------------------------
def hours_in_year_subquery(year: int) -> Subquery:
    """Sum of an officer's attended 学时 in `year` (0 when none), as a correlated subquery.

    A subquery, not a join, so other filters that join certificates never multiply it.
    """
    total = (
        TrainingAttendance.objects.filter(officer=OuterRef("pk"), training__start_on__year=year)
        .order_by()
        .values("officer")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(Decimal("0")), output_field=DecimalField(max_digits=7, decimal_places=1))


def officer_list(organization, *, year: int) -> QuerySet[Officer]:
    """Officers with department, certificates (+ categories) and the year's 学时: 3 queries."""
    return (
        Officer.objects.filter(organization=organization)
        .select_related("department")
        .annotate(year_hours=hours_in_year_subquery(year))
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.prefetch_related("categories").order_by("-issued_on"))
        )
    )


def officer_detail(officer: Officer) -> dict:
    """Certificates (the renewal chain), trainings and exams of one officer."""
    certificates = list(
        Certificate.objects.filter(officer=officer)
        .select_related("replaces", "replaced_by")
        .prefetch_related("categories")
        .order_by("-issued_on", "-pk")
    )
    attendances = list(
        TrainingAttendance.objects.filter(officer=officer).select_related("training").order_by("-training__start_on")
    )
    hours_by_year: dict[int, Decimal] = {}
    for a in attendances:
        hours_by_year[a.training.start_on.year] = hours_by_year.get(a.training.start_on.year, Decimal(0)) + a.hours
    return {
        "certificates": certificates,
        "attendances": attendances,
        "hours_by_year": sorted(hours_by_year.items(), reverse=True),
        "exams": list(Exam.objects.filter(officer=officer).order_by("-exam_on", "-pk")),
    }


def certificate_list(organization) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(officer__organization=organization)
        .select_related("officer", "officer__department", "replaces")
        .prefetch_related("categories")
    )


def training_list(organization) -> QuerySet[Training]:
    return (
        Training.objects.filter(organization=organization)
        .annotate(
            attendee_count=Count("attendances"),
            attended_hours=Coalesce(
                Sum("attendances__hours"),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=9, decimal_places=1),
            ),
        )
        .order_by("-start_on", "-pk")
    )


def exam_list(organization) -> QuerySet[Exam]:
    return Exam.objects.filter(officer__organization=organization).select_related("officer", "officer__department")


def categories(organization, *, active_only: bool = False) -> QuerySet[EnforcementCategory]:
    queryset = EnforcementCategory.objects.filter(organization=organization)
    return queryset.filter(is_active=True) if active_only else queryset


# --- figures and alerts ----------------------------------------------------
def expiring_certificates_q(day: datetime.date, window: int) -> Q:
    """行政执法证 valid on `day` whose expiry falls within `window` days after it."""
    return valid_certificate_q(day) & Q(expires_on__lte=day + datetime.timedelta(days=window))


def renewal_q() -> Q:
    return Q(replaces__isnull=False)


def expired_in_year_q(year: int) -> Q:
    """Reached its expiry date in `year` while still open (not closed before that day)."""
    closed_before = Q(
        state__in=[CertificateState.CANCELLED, CertificateState.REVOKED], state_changed_on__lte=F("expires_on")
    )
    return Q(expires_on__year=year) & ~closed_before


def closed_in_year_q(year: int) -> Q:
    """注销/吊销 in `year`, renewals (换发) excluded — they are counted as 换发."""
    return Q(state__in=[CertificateState.CANCELLED, CertificateState.REVOKED], state_changed_on__year=year) & Q(
        replaced_by__isnull=True
    )


def alert_certificates(organization, today: datetime.date, window: int) -> QuerySet[Certificate]:
    """Open 行政执法证 of in-post officers that expired or expire within the window.

    A card already followed by a newer open card of the same officer is not an alert:
    the officer holds a valid one.
    """
    newer_open = Certificate.objects.filter(
        officer=OuterRef("officer"),
        kind=CertificateKind.ENFORCEMENT,
        state=CertificateState.VALID,
        expires_on__gt=OuterRef("expires_on"),
    )
    return (
        Certificate.objects.filter(
            officer__organization=organization,
            officer__employment_status=EmploymentStatus.ACTIVE,
            kind=CertificateKind.ENFORCEMENT,
            state=CertificateState.VALID,
            expires_on__lte=today + datetime.timedelta(days=window),
        )
        .exclude(Exists(newer_open))
        .select_related("officer")
        .order_by("expires_on")
    )
