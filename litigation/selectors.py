"""Reads the litigation pages need, scoped to one organization, with their joins.

Deadlines are derived in Python by `litigation.calendar` (the holiday calendar is
not in the database), so filters on them load the candidate rows once and narrow
the queryset to their ids: one extra query whatever the number of rows. A town
has tens of cases a year, so this stays cheap.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from litigation import calendar
from litigation.choices import APPEARANCE_HEARING_KINDS, QUALIFYING_ROLES, Appeal, Instance, JudgmentResult
from litigation.models import CaseDocument, Hearing, LitigationCase, ReconsiderationCase

# Reply/answer filter values: what a document's deadline state counts as.
DOCUMENT_STATE_CODES = {
    "on_time": {"on_time"},
    "late": {"late"},
    "overdue": {"overdue"},
    "pending": {"pending"},
    # 应答复/应答辩: the deadline has arrived or the document went in — the rate's denominator.
    "due": {"on_time", "late", "overdue"},
    # 逾期: submitted late or not at all by the deadline — the 逾期答复数/逾期答辩数 figures.
    "not_on_time": {"late", "overdue"},
}


def reconsideration_cases(organization) -> QuerySet[ReconsiderationCase]:
    return ReconsiderationCase.objects.filter(organization=organization).select_related(
        "handling_department", "act_department"
    )


def litigation_cases(organization) -> QuerySet[LitigationCase]:
    return (
        LitigationCase.objects.filter(organization=organization)
        .select_related("handling_department", "act_department", "first_instance")
        .prefetch_related(Prefetch("hearings", queryset=Hearing.objects.order_by("held_on", "id")))
    )


def reconsideration_detail(organization) -> QuerySet[ReconsiderationCase]:
    return reconsideration_cases(organization).prefetch_related(
        Prefetch("documents", queryset=CaseDocument.objects.select_related("uploaded_by"))
    )


def litigation_detail(organization) -> QuerySet[LitigationCase]:
    return litigation_cases(organization).prefetch_related(
        Prefetch("documents", queryset=CaseDocument.objects.select_related("uploaded_by")),
        Prefetch("later_instances", queryset=LitigationCase.objects.order_by("filed_on")),
    )


def narrow_by(queryset: QuerySet, keep: Callable[[object], bool]) -> QuerySet:
    """The queryset limited to rows for which `keep(row)` holds (evaluated in Python)."""
    # The candidate rows without the list's prefetches: one query, then an id filter.
    ids = [row.pk for row in queryset.prefetch_related(None).order_by() if keep(row)]
    return queryset.filter(pk__in=ids)


def document_state_filter(queryset: QuerySet, value: str, today: datetime.date) -> QuerySet:
    codes = DOCUMENT_STATE_CODES.get(value)
    if not codes:
        return queryset

    def keep(case):
        state = case.reply_state(today) if isinstance(case, ReconsiderationCase) else case.answer_state(today)
        return state is not None and state.code in codes

    return narrow_by(queryset, keep)


def overdue_filter(queryset: QuerySet, today: datetime.date) -> QuerySet:
    """Cases with a deadline passed and the act not done (ours or the authority's/court's)."""
    return narrow_by(
        queryset,
        lambda case: any(state is not None and state.code == "overdue" for _, state in case.deadlines(today)),
    )


def due_within_filter(queryset: QuerySet, working_days: int, today: datetime.date) -> QuerySet:
    """Cases with an open deadline from today up to `working_days` working days ahead."""
    horizon, _ = calendar.add_working_days(today, working_days)
    return narrow_by(
        queryset,
        lambda case: any(
            state is not None and state.code == "pending" and deadline.due <= horizon
            for deadline, state in case.deadlines(today)
        ),
    )


def hearing_filter(queryset: QuerySet, *, year: int | None, leader: str | None) -> QuerySet:
    """Cases (one row per 审级) with a 开庭审理 (in `year`) — the 负责人出庭应诉率's denominator;
    leader "1": a qualifying 负责人 appeared at one of those trials (its numerator), "0": none did.
    庭前会议, 询问 and mediation sessions are not trials and count for neither."""
    hearings = Hearing.objects.filter(case=OuterRef("pk"), kind__in=APPEARANCE_HEARING_KINDS)
    if year:
        hearings = hearings.filter(held_on__year=year)
    queryset = queryset.filter(Exists(hearings))
    if leader == "1":
        queryset = queryset.filter(Exists(hearings.filter(leader_role__in=QUALIFYING_ROLES)))
    elif leader == "0":
        queryset = queryset.exclude(Exists(hearings.filter(leader_role__in=QUALIFYING_ROLES)))
    return queryset


def final_judgment_q() -> Q:
    """The judgment that ends a lawsuit, so that 败诉率 counts each lawsuit once, at its last 审级.

    A row is one 审级; later 审级 (二审, 再审, a 重审 after 发回) link to the first-instance row.
    A judgment is final when it is given, no later 审级 of the same lawsuit has been registered,
    it is not a 一审 judgment under appeal (an appeal registered, the 二审 not yet entered) and it
    is not a 发回重审 ruling (the lawsuit goes on). A 一审 judgment without a registered appeal is
    taken as final; registering an appeal later moves the lawsuit to its 二审.
    """
    root = Coalesce(OuterRef("first_instance_id"), OuterRef("pk"))
    later = LitigationCase.objects.filter(first_instance_id=root).filter(
        Q(filed_on__gt=OuterRef("filed_on")) | Q(filed_on=OuterRef("filed_on"), pk__gt=OuterRef("pk"))
    )
    return (
        Q(judged_on__isnull=False)
        & ~Exists(later)
        & ~Q(level=Instance.FIRST, appeal__in=[Appeal.PLAINTIFF, Appeal.DEFENDANT, Appeal.BOTH])
        & ~Q(result=JudgmentResult.REMAND)
    )


def with_final_flag(queryset: QuerySet[LitigationCase]) -> QuerySet[LitigationCase]:
    """Each row annotated `is_final` (final_judgment_q), in the same query."""
    return queryset.annotate(is_final=ExpressionWrapper(final_judgment_q(), output_field=BooleanField()))


def final_judgments_filter(queryset: QuerySet, year: int) -> QuerySet:
    """Lawsuits whose final judgment was given in `year` (the 败诉率's denominator)."""
    return queryset.filter(final_judgment_q(), judged_on__year=year)


# --- the deadlines page --------------------------------------------------------------


@dataclass
class DeadlineRow:
    case: ReconsiderationCase | LitigationCase
    deadline: calendar.Deadline
    state: calendar.DeadlineStatus

    @property
    def kind_label(self) -> str:
        return self.case.kind_label

    @property
    def sort_key(self):
        # Overdue first (oldest first), then by due date; our own documents before the
        # authority's/court's on the same day.
        return (self.state.code != "overdue", self.deadline.due, not self.deadline.ours, self.case.case_number)


def upcoming_deadlines(organization, *, today: datetime.date, working_days: int = 10) -> list[DeadlineRow]:
    """Every open deadline due within `working_days` working days (overdue ones included),
    most urgent first. Two queries: the open 复议 and the open 应诉 cases."""
    horizon, _ = calendar.add_working_days(today, working_days)
    # A concluded 应诉 case can still have an open appeal period (at most 15 days after service).
    recent = today - datetime.timedelta(days=31)
    candidates: Iterable = list(
        ReconsiderationCase.objects.filter(organization=organization, decided_on__isnull=True).select_related(
            "handling_department"
        )
    ) + list(
        LitigationCase.objects.filter(organization=organization)
        .filter(Q(judged_on__isnull=True) | Q(judgment_served_on__gte=recent))
        .select_related("handling_department")
    )
    rows = [
        DeadlineRow(case, deadline, state)
        for case in candidates
        for deadline, state in case.deadlines(today)
        if state is not None and state.is_open and deadline.due <= horizon
    ]
    return sorted(rows, key=lambda r: r.sort_key)


# --- timeline of a case ----------------------------------------------------------------


@dataclass
class TimelineEvent:
    date: datetime.date
    title: str
    detail: str = ""
    css: str = "secondary"
    icon: str = "circle"
    future: bool = False


def _deadline_events(case, today) -> list[TimelineEvent]:
    events = []
    for deadline, state in case.deadlines(today):
        if state is not None and state.is_open:
            events.append(
                TimelineEvent(
                    deadline.due,
                    f"{deadline.label}届满",
                    f"「{deadline.basis}」{state.text}{deadline.estimate_note}",
                    state.css,
                    "hourglass-split",
                    future=deadline.due >= today,
                )
            )
    return events


def reconsideration_timeline(case: ReconsiderationCase, today: datetime.date) -> list[TimelineEvent]:
    events = []
    if case.act_date:
        events.append(TimelineEvent(case.act_date, "作出行政行为", case.act_description, icon="pencil-square"))
    if case.applied_on:
        # No name here: the timeline is not masked, the case card is (personal data).
        events.append(TimelineEvent(case.applied_on, "申请人申请复议", "", icon="envelope"))
    events.append(TimelineEvent(case.accepted_on, "复议机关受理", case.authority, icon="inbox"))
    events.append(
        TimelineEvent(case.copy_received_on, "收到申请书副本", "答复期限自次日起算", "primary", "envelope-open")
    )
    if case.reply_submitted_on:
        state = case.reply_state(today)
        events.append(TimelineEvent(case.reply_submitted_on, "提交书面答复及证据", state.text, state.css, "send-check"))
    if case.hearing_held_on:
        who = f"{case.hearing_leader_name}（{case.hearing_leader_post}）" if case.hearing_leader_name else ""
        detail = f"{case.get_hearing_leader_role_display()} {who}".strip()
        css = "success" if case.hearing_leader_qualifies else "danger"
        events.append(TimelineEvent(case.hearing_held_on, "听证", detail, css, "people"))
    for document in case.documents.all():
        if document.submitted_on:
            events.append(
                TimelineEvent(document.submitted_on, f"材料：{document}", document.get_kind_display(), icon="paperclip")
            )
    if case.decided_on:
        css = "danger" if case.is_correcting else "success"
        events.append(TimelineEvent(case.decided_on, f"复议决定：{case.get_decision_display()}", "", css, "hammer"))
    events += _deadline_events(case, today)
    return sorted(events, key=lambda e: e.date)


def litigation_timeline(case: LitigationCase, today: datetime.date) -> list[TimelineEvent]:
    events = []
    if case.first_instance_id:
        first = case.first_instance
        events.append(
            TimelineEvent(first.filed_on, f"原审立案 {first.case_number}", first.get_level_display(), icon="link-45deg")
        )
    events.append(TimelineEvent(case.filed_on, "法院立案", case.court, icon="inbox"))
    events.append(
        TimelineEvent(case.copy_received_on, "收到起诉状副本", "答辩期限自次日起算", "primary", "envelope-open")
    )
    if case.answer_submitted_on:
        state = case.answer_state(today)
        events.append(TimelineEvent(case.answer_submitted_on, "提交答辩状及证据", state.text, state.css, "send-check"))
    for hearing in case.hearings.all():
        who = f"{hearing.leader_name}（{hearing.leader_post}）" if hearing.leader_name else ""
        detail = f"{hearing.get_leader_role_display()} {who}".strip()
        events.append(
            TimelineEvent(
                hearing.held_on,
                hearing.get_kind_display(),
                detail,
                "success" if hearing.qualifies else "danger",
                "people",
            )
        )
    for document in case.documents.all():
        if document.submitted_on:
            events.append(
                TimelineEvent(document.submitted_on, f"材料：{document}", document.get_kind_display(), icon="paperclip")
            )
    if case.judged_on:
        events.append(
            TimelineEvent(
                case.judged_on,
                f"{case.get_judgment_kind_display() or '裁判'}：{case.get_result_display()}",
                case.get_outcome_display(),
                case.outcome_css,
                "hammer",
            )
        )
    if case.judgment_served_on:
        events.append(TimelineEvent(case.judgment_served_on, "裁判文书送达", case.get_appeal_display(), icon="mailbox"))
    for later in case.later_instances.all():
        events.append(
            TimelineEvent(
                later.filed_on, f"{later.get_level_display()}立案 {later.case_number}", "", "primary", "link-45deg"
            )
        )
    events += _deadline_events(case, today)
    return sorted(events, key=lambda e: e.date)
