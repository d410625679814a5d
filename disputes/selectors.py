"""Reads of the mediation register, org-scoped and shaped for the page that needs them."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.lookups import IsNull
from django.urls import reverse

from core import calendar
from disputes import choices as c
from disputes.models import (
    CONFIRMATION_DAYS,
    OVERDUE_DAYS,
    Dispute,
    DisputeCategory,
    FollowUp,
    Mediator,
    Party,
    confirmation_warning_days,
    followup_days,
    followup_lookback_days,
    followup_warning_days,
)

ROLL_MARGIN_DAYS = 20


def dispute_queryset(*, organization) -> QuerySet[Dispute]:
    return Dispute.objects.filter(organization=organization)


def dispute_list(*, organization) -> QuerySet[Dispute]:
    """The register list: one query for the page rows (category, community, grid, agreement
    joined) plus one each for the mediators and parties of the page."""
    return (
        dispute_queryset(organization=organization)
        .select_related("category", "community", "grid", "agreement")
        # `(SELECT id … LIMIT 1) IS NOT NULL` rather than EXISTS: PostgreSQL may plan an EXISTS in
        # the select list as a hashed subplan over every follow-up of the district (a 126k-row
        # scan per page at district scale, BENCHMARKS.md); a scalar subquery is only run for
        # the page's rows.
        .annotate(
            has_followup=IsNull(Subquery(FollowUp.objects.filter(dispute=OuterRef("pk")).values("pk")[:1]), False)
        )
        .prefetch_related(
            Prefetch("mediators", queryset=Mediator.objects.only("id", "name")),
            Prefetch("parties", queryset=Party.objects.order_by("role", "id")),
        )
    )


def dispute_detail(*, organization) -> QuerySet[Dispute]:
    return (
        dispute_queryset(organization=organization)
        .select_related("category", "community", "grid", "registered_by", "agreement")
        .prefetch_related(
            "mediators",
            Prefetch("parties", queryset=Party.objects.order_by("role", "id")),
            Prefetch("followups", queryset=FollowUp.objects.order_by("visited_on", "id")),
            "events__by",
        )
    )


def categories(*, organization, active_only: bool = False) -> QuerySet[DisputeCategory]:
    queryset = DisputeCategory.objects.filter(organization=organization)
    return queryset.filter(is_active=True) if active_only else queryset


def mediators(*, organization, active_only: bool = False) -> QuerySet[Mediator]:
    queryset = Mediator.objects.filter(organization=organization)
    return queryset.filter(is_active=True) if active_only else queryset


# --- derived flags as query conditions (the list filters, the alerts and the figures share them)
def open_on(day: datetime.date) -> Q:
    """Registered by `day` and not closed by then (a closed dispute always has concluded_on)."""
    return Q(received_on__lte=day) & (Q(concluded_on__isnull=True) | Q(concluded_on__gt=day))


def overdue_on(day: datetime.date) -> Q:
    """Open more than 30 days on `day` (人民调解工作若干规定第三十三条: 一般在一个月内调结)."""
    return open_on(day) & Q(received_on__lt=day - datetime.timedelta(days=OVERDUE_DAYS))


def confirmation_signed_dates(day: datetime.date) -> list[datetime.date]:
    """Agreement dates whose 司法确认 window (30 days, rolled past holidays: Agreement.confirmation_window)
    ends between `day` and the warning days after it. Worked out on the calendar, so the list
    filter and the alert stay one database condition."""
    latest = day + datetime.timedelta(days=confirmation_warning_days())
    # A window ends at most one holiday break (春节, 国庆: under two weeks) after its 30th day.
    candidate = day - datetime.timedelta(days=CONFIRMATION_DAYS + ROLL_MARGIN_DAYS)
    dates = []
    while candidate + datetime.timedelta(days=CONFIRMATION_DAYS) <= latest:
        due, _ = calendar.add_days(candidate, CONFIRMATION_DAYS)
        if day <= due <= latest:
            dates.append(candidate)
        candidate += datetime.timedelta(days=1)
    return dates


def confirmation_closing_on(day: datetime.date) -> Q:
    """Agreement not yet taken to court whose 司法确认 window ends within the warning days."""
    return Q(
        agreement__isnull=False,
        agreement__confirmation_applied=False,
        agreement__signed_on__in=confirmation_signed_dates(day),
    )


def followup_due_on(day: datetime.date) -> Q:
    """Successful, with an agreement, not yet visited, and the visit due within the warning days (or overdue,
    for disputes concluded within the look-back, models.followup_lookback_days)."""
    latest = day + datetime.timedelta(days=followup_warning_days()) - datetime.timedelta(days=followup_days())
    condition = Q(status=c.Status.SUCCEEDED, agreement__isnull=False, concluded_on__lte=latest)
    if lookback := followup_lookback_days():
        condition &= Q(concluded_on__gte=day - datetime.timedelta(days=lookback))
    # `(SELECT id … LIMIT 1) IS NULL` rather than NOT EXISTS. With the (organization, status,
    # concluded_on) index the candidates are a few hundred rows, each probed on the follow-up
    # index; as an anti-join PostgreSQL hashed all 126k follow-ups of the district instead
    # (EXPLAIN ANALYZE at district scale: 37 ms with NOT EXISTS, 3 ms this way; BENCHMARKS.md).
    # No ORDER BY (FollowUp.Meta.ordering): any follow-up will do, the first index entry answers.
    not_visited = IsNull(Subquery(FollowUp.objects.filter(dispute=OuterRef("pk")).order_by().values("pk")[:1]), True)
    return condition & Q(not_visited)


def list_url(**params) -> str:
    """The register list with filters (figures and alerts link here)."""
    return reverse("disputes:dispute_list") + ("?" + urlencode(params, doseq=True) if params else "")
