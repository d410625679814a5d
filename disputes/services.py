"""Writes of the mediation register: registration with its serial number, the
status machine, agreements and follow-up visits.

Status machine (连心桥 platform):

    受理 ──开始调解──▶ 调解中 ──调结──▶ 调解成功 / 调解不成功
      │                  │
      └──────终止/转办───┴──▶ 终止 / 转办

Closed statuses are final; each service refuses a transition the current
status does not allow, with a Chinese message the page shows as a form error.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from disputes import choices as c
from disputes.models import Agreement, Dispute, DisputeEvent, FollowUp, Mediator, Party, SerialCounter, format_serial

# action → (statuses it may start from, what the clerk is trying to do)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "start": ((c.Status.ACCEPTED,), "开始调解"),
    c.Status.SUCCEEDED: ((c.Status.MEDIATING,), "登记调解成功"),
    c.Status.FAILED: ((c.Status.MEDIATING,), "登记调解不成功"),
    c.Status.TERMINATED: (c.OPEN_STATUSES, "终止调解"),
    c.Status.REFERRED: (c.OPEN_STATUSES, "转办"),
    "delete": ((c.Status.ACCEPTED,), "删除"),
}


def check_transition(dispute: Dispute, action: str) -> None:
    """Raise the Chinese refusal when `action` is impossible from the dispute's status."""
    allowed, verb = TRANSITIONS[action]
    if dispute.status in allowed:
        return
    current = dispute.get_status_display()
    if dispute.status in c.CLOSED_STATUSES:
        message = f"该纠纷已{current}，不能再{verb}。"
    elif dispute.status == c.Status.ACCEPTED and action in (c.Status.SUCCEEDED, c.Status.FAILED):
        message = f"该纠纷尚未开始调解，不能{verb}，请先“开始调解”。"
    elif action == "delete":
        message = "只有刚受理、尚未开始调解的纠纷可以删除；已开始调解的请“终止”。"
    else:
        message = f"该纠纷当前状态为“{current}”，不能{verb}。"
    raise ValidationError(message)


def _locked(dispute: Dispute) -> Dispute:
    """Re-read the row under a lock so two clerks cannot move the same dispute at once."""
    return Dispute.objects.select_for_update().get(pk=dispute.pk)


def _event(dispute: Dispute, kind: str, on: datetime.date, by, note: str = "") -> DisputeEvent:
    return DisputeEvent.objects.create(dispute=dispute, kind=kind, on=on, by=by, note=note[:500])


def _not_future(value: datetime.date | None, field: str, label: str) -> None:
    if value and value > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天。"})


# --- serial numbers ---------------------------------------------------------
@transaction.atomic
def allocate_serials(*, organization, year: int, count: int = 1) -> list[tuple[int, str]]:
    """Issue the next `count` numbers of the year: [(number, "八桥调〔2023〕0001号"), …].

    The counter row is locked FOR UPDATE until the caller's transaction ends (created
    first if missing, with INSERT … ON CONFLICT DO NOTHING so two first registrations
    of a year do not collide): a second clerk waits, then gets the next number.
    Numbers are never decremented, so a deleted dispute's number is not reused.
    """
    counters = SerialCounter.objects.select_for_update().filter(organization=organization, year=year)
    counter = counters.first()
    if counter is None:
        # First number of the year: two clerks may both get here; ON CONFLICT DO NOTHING lets
        # the second wait for the first's row instead of failing, then both lock it in turn.
        SerialCounter.objects.bulk_create([SerialCounter(organization=organization, year=year)], ignore_conflicts=True)
        counter = counters.get()
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    prefix = organization.prefix
    return [(n, format_serial(prefix, year, n)) for n in range(first, first + count)]


# --- registration -----------------------------------------------------------
def _clean_parties(parties: Iterable[dict]) -> list[Party]:
    result = []
    for index, data in enumerate(parties, start=1):
        party = Party(**data)
        try:
            party.full_clean(exclude=["dispute"])
        except ValidationError as exc:
            raise ValidationError([f"第{index}位当事人：{m}" for m in exc.messages]) from exc
        result.append(party)
    return result


@transaction.atomic
def dispute_register(
    *,
    organization,
    by,
    fields: dict,
    mediators: Iterable[Mediator] = (),
    parties: Iterable[dict] = (),
) -> Dispute:
    """受理登记: a new dispute in status 受理, with its serial number and first timeline entry."""
    dispute = Dispute(organization=organization, registered_by=by, **fields)
    _not_future(dispute.received_on, "received_on", "受理日期")
    dispute.full_clean(exclude=["year", "number", "serial"])
    party_rows = _clean_parties(parties)
    dispute.year = dispute.received_on.year
    [(dispute.number, dispute.serial)] = allocate_serials(organization=organization, year=dispute.year)
    dispute.save()
    dispute.mediators.set(mediators)
    for party in party_rows:
        party.dispute = dispute
        party.save()
    _event(dispute, c.EventKind.REGISTERED, dispute.received_on, by, f"来源：{dispute.get_source_display()}")
    return dispute


@transaction.atomic
def dispute_delete(*, dispute: Dispute, by) -> None:
    """Only a dispute registered by mistake (still 受理) may go; its number stays used."""
    dispute = _locked(dispute)
    check_transition(dispute, "delete")
    dispute.delete()


# --- status machine ---------------------------------------------------------
@transaction.atomic
def dispute_start_mediation(*, dispute: Dispute, started_on: datetime.date, by, note: str = "") -> Dispute:
    dispute = _locked(dispute)
    check_transition(dispute, "start")
    _not_future(started_on, "started_on", "开始调解日期")
    dispute.status = c.Status.MEDIATING
    dispute.started_on = started_on
    dispute.full_clean()
    dispute.save()
    _event(dispute, c.EventKind.STARTED, started_on, by, note)
    return dispute


@transaction.atomic
def dispute_conclude(*, dispute: Dispute, result: str, concluded_on: datetime.date, outcome: str, by) -> Dispute:
    """调结: 调解成功 / 调解不成功 (after mediation started) or 终止 (at any open stage)."""
    if result not in c.CONCLUDED_STATUSES:
        raise ValidationError({"result": "请选择调解结果：调解成功、调解不成功或终止。"})
    dispute = _locked(dispute)
    check_transition(dispute, result)
    _not_future(concluded_on, "concluded_on", "办结日期")
    if not (outcome or "").strip():
        raise ValidationError({"outcome": "请填写调解结果或终止原因。"})
    if dispute.started_on and concluded_on and concluded_on < dispute.started_on:
        raise ValidationError({"concluded_on": "办结日期不能早于开始调解日期。"})
    dispute.status = result
    dispute.concluded_on = concluded_on
    dispute.outcome = outcome.strip()
    dispute.full_clean()
    dispute.save()
    _event(dispute, c.EventKind.CONCLUDED, concluded_on, by, f"{dispute.get_status_display()}：{dispute.outcome}")
    return dispute


def dispute_close(*, dispute: Dispute, closed_on: datetime.date, reason: str, by) -> Dispute:
    """终止: e.g. the applicant withdrew or a party refused mediation (人民调解法 Art. 26)."""
    return dispute_conclude(dispute=dispute, result=c.Status.TERMINATED, concluded_on=closed_on, outcome=reason, by=by)


@transaction.atomic
def dispute_refer(*, dispute: Dispute, referred_to: str, referred_on: datetime.date, note: str, by) -> Dispute:
    """转办: handed to another body (法院, 派出所, 信访办, 区矛调中心 …); it leaves this register open-ended."""
    dispute = _locked(dispute)
    check_transition(dispute, c.Status.REFERRED)
    _not_future(referred_on, "concluded_on", "转办日期")
    if not (referred_to or "").strip():
        raise ValidationError({"referred_to": "请填写转办单位。"})
    dispute.status = c.Status.REFERRED
    dispute.referred_to = referred_to.strip()
    dispute.concluded_on = referred_on
    dispute.outcome = (note or "").strip()
    dispute.full_clean()
    dispute.save()
    _event(
        dispute, c.EventKind.REFERRED, referred_on, by, f"转办至{dispute.referred_to}" + (f"：{note}" if note else "")
    )
    return dispute


# --- agreement and follow-up --------------------------------------------------
@transaction.atomic
def agreement_save(*, agreement: Agreement, by) -> Agreement:
    """Record (or correct) the agreement of a successful mediation."""
    dispute = _locked(agreement.dispute)
    if dispute.status != c.Status.SUCCEEDED:
        raise ValidationError(f"只有调解成功的纠纷才能登记调解协议（当前状态：{dispute.get_status_display()}）。")
    if not dispute.parties.exists():
        # An agreement is between parties; its 当事人基本情况 are those registered on the dispute.
        raise ValidationError("请先在纠纷中登记当事人：调解协议的当事人信息取自本纠纷登记的当事人。")
    agreement.dispute = dispute
    is_new = agreement.pk is None
    was_applied = False if is_new else Agreement.objects.filter(pk=agreement.pk, confirmation_applied=True).exists()
    agreement.full_clean()
    agreement.save()
    if is_new:
        _event(dispute, c.EventKind.AGREEMENT, agreement.signed_on, by, f"达成{agreement.get_form_display()}")
    if agreement.confirmation_applied and not was_applied:
        court = f"，{agreement.confirmation_court}" if agreement.confirmation_court else ""
        _event(dispute, c.EventKind.CONFIRMATION, agreement.confirmation_applied_on, by, f"申请司法确认{court}")
    return agreement


@transaction.atomic
def followup_record(
    *,
    followup: FollowUp,
    by,
    performance: str | None = None,
    performed_on: datetime.date | None = None,
) -> FollowUp:
    """回访, optionally updating the agreement's 履行情况 found on the visit."""
    dispute = followup.dispute
    if dispute.is_open:
        raise ValidationError("纠纷尚未办结，不能登记回访。")
    followup.full_clean()
    followup.save()
    if performance:
        agreement = Agreement.objects.select_for_update().filter(dispute=dispute).first()
        if agreement is None:
            raise ValidationError({"performance": "该纠纷没有调解协议，无需填写履行情况。"})
        agreement.performance = performance
        if performance == c.Performance.PERFORMED:
            agreement.performed_on = performed_on or agreement.performed_on or followup.visited_on
        agreement.full_clean()
        agreement.save()
    note = f"{followup.get_method_display()}，{followup.visitor}，{followup.get_satisfaction_display()}"
    _event(dispute, c.EventKind.FOLLOWUP, followup.visited_on, by, note)
    return followup


@transaction.atomic
def dispute_import(
    *,
    organization,
    by,
    dispute: Dispute,
    mediator_names: Iterable[str] = (),
    parties: Iterable[dict] = (),
    validated: bool = False,
) -> Dispute:
    """One row of an imported 台账: saved in the status the ledger records (a past fact, not a
    transition), with a new serial number and a timeline entry saying where it came from.

    `validated`: the dispute is the instance of a valid DisputeImportForm (disputes/importers.py)
    and is not validated a second time (a fifth of an import's time: a query per foreign key and
    per constraint, row after row). That form checked the same rules: its fields (the 村（社区）,
    category and 网格 looked up in this town), Dispute.clean() for this town, and in its own
    clean() the status and date rules of the fields it sets on the instance (status, 办结日期,
    结果, 转办单位), which its model validation leaves out. A new model rule on those fields must
    be added there too; the database's constraints still hold."""
    dispute.organization = organization
    dispute.registered_by = by
    if not validated:
        dispute.full_clean(exclude=["year", "number", "serial"])
    party_rows = _clean_parties(parties)
    dispute.year = dispute.received_on.year
    [(dispute.number, dispute.serial)] = allocate_serials(organization=organization, year=dispute.year)
    dispute.save()
    mediators = []
    for name in mediator_names:
        mediator, _ = Mediator.objects.get_or_create(organization=organization, name=name)
        mediators.append(mediator)
    dispute.mediators.set(mediators)
    for party in party_rows:
        party.dispute = dispute
        party.save()
    note = f"由台账导入（原编号 {dispute.original_number}）" if dispute.original_number else "由台账导入"
    _event(dispute, c.EventKind.IMPORTED, dispute.received_on, by, note)
    if dispute.concluded_on:
        _event(
            dispute,
            c.EventKind.CONCLUDED,
            dispute.concluded_on,
            by,
            f"{dispute.get_status_display()}：{dispute.outcome}",
        )
    return dispute
