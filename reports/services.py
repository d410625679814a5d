"""Writes of the reports app: creating a year's report, editing its outline, the workflow.

起草 → 送审 (clerk, submit_annualreport) → 审定 (leader, approve_annualreport)
→ 发布 (leader, publish_annualreport). Only a draft is edited. 审定 freezes the
whole document (ReportApproval: text, title, signature, every figure value);
发布 lays out exactly that snapshot once and stores the PDF and the Word file
with their SHA-256 (ReportRevision), never recomputing a figure. Figures whose
records moved after 审定 must each be confirmed to publish the approved values;
otherwise the leader returns the report for redraft. Re-opening
(reopen_annualreport) starts the next revision as a draft. Every step writes an
audit entry ("workflow").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import log_event
from reports import claims, output, publication
from reports.choices import ReportStatus
from reports.contents import DEFAULT_OUTLINE
from reports.models import AnnualReport, ClaimAcknowledgement, ReportApproval, ReportRevision, ReportSection
from reports.selectors import (
    build_document,
    completeness,
    document_from_json,
    document_to_json,
    frozen_figures,
    live_figures,
    moved_figures,
    previous_report,
    report_sections,
    standing_approval,
)


def default_title(organization) -> str:
    return f"{organization.full_name}\n【年度】年法治政府建设年度报告"


def _require(user, perm: str, message: str) -> None:
    if user is None or not user.has_perm(f"reports.{perm}"):
        raise PermissionDenied(message)


def _require_editable(report: AnnualReport) -> None:
    if not report.is_editable:
        raise ValidationError(
            f"报告当前为“{report.get_status_display()}”状态，不能修改；"
            + ("请先重新打开（生成新的修订版）。" if report.status == ReportStatus.PUBLISHED else "请先退回起草。")
        )


def _outline_snapshot(sections) -> list[dict]:
    return [
        {
            "level": s.level,
            "heading": s.heading,
            "text": s.text,
            "required_content": s.required_content,
            "kind": s.kind,
            "items_key": s.items_key,
        }
        for s in sections
    ]


@transaction.atomic
def report_create(*, organization, year: int, by=None) -> AnnualReport:
    """A new year's report: a copy of the latest earlier report's outline and text
    (its placeholders are resolved against the new year's figures), or the
    five-part skeleton when there is none."""
    if AnnualReport.objects.filter(organization=organization, year=year).exists():
        raise ValidationError({"year": f"{year}年的年度报告已存在。"})
    source = previous_report(organization, year)
    report = AnnualReport(
        organization=organization,
        year=year,
        title=source.title if source else default_title(organization),
        addressee=source.addressee if source else "",
        signer=source.signer if source else organization.full_name,
    )
    report.full_clean()
    report.save()
    if source is not None:
        outline = _outline_snapshot(report_sections(source))
    else:
        outline = [
            {"level": lv, "heading": h, "text": t, "required_content": rc, "kind": k, "items_key": key}
            for lv, h, t, rc, k, key in DEFAULT_OUTLINE
        ]
    bulk_create_with_history(
        [ReportSection(report=report, position=i, **entry) for i, entry in enumerate(outline, start=1)], ReportSection
    )
    log_event(
        "workflow",
        user=by,
        obj=report,
        detail=f"新建{year}年度报告，" + (f"复制自{source.year}年报告" if source else "使用默认提纲"),
    )
    return report


def _renumber(report: AnnualReport) -> None:
    for position, pk in enumerate(report.sections.order_by("position", "id").values_list("pk", flat=True), start=1):
        ReportSection.objects.filter(pk=pk).exclude(position=position).update(position=position)


@transaction.atomic
def section_add(*, report: AnnualReport, after: ReportSection | None = None, **fields) -> ReportSection:
    """Insert a section after `after` (or at the end)."""
    _require_editable(report)
    if after is not None:
        position = after.position + 1
        # Shifting positions is bookkeeping, not an edit of the text: no history row per section.
        report.sections.filter(position__gte=position).update(position=F("position") + 1)
    else:
        last = report.sections.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    section = ReportSection(report=report, position=position, **fields)
    section.full_clean()
    section.save()
    _renumber(report)
    section.refresh_from_db()
    return section


@transaction.atomic
def section_update(*, section: ReportSection, **fields) -> ReportSection:
    _require_editable(section.report)
    for name, value in fields.items():
        setattr(section, name, value)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_move(*, section: ReportSection, direction: str) -> ReportSection:
    """up/down swap with the neighbour; indent/outdent change the level by one."""
    report = section.report
    _require_editable(report)
    if direction in ("indent", "outdent"):
        level = section.level + (1 if direction == "indent" else -1)
        if not 0 <= level <= 4:
            raise ValidationError("层级已到边界（正文段落至四级条目“1.”）。")
        return section_update(section=section, level=level)
    if direction not in ("up", "down"):
        raise ValidationError(f"未知的调整方式：{direction}")
    _renumber(report)
    section.refresh_from_db()
    siblings = report.sections.order_by("position", "id")
    neighbour = (
        siblings.filter(position__lt=section.position).last()
        if direction == "up"
        else siblings.filter(position__gt=section.position).first()
    )
    if neighbour is None:
        return section
    ReportSection.objects.filter(pk=section.pk).update(position=neighbour.position)
    ReportSection.objects.filter(pk=neighbour.pk).update(position=section.position)
    log_event("update", obj=section, changed_fields=["顺序"], detail="上移" if direction == "up" else "下移")
    section.refresh_from_db()
    return section


@transaction.atomic
def section_delete(*, section: ReportSection) -> None:
    report = section.report
    _require_editable(report)
    section.delete()
    _renumber(report)


@transaction.atomic
def report_update(*, report: AnnualReport, **fields) -> AnnualReport:
    _require_editable(report)
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean()
    report.save()
    return report


# ---------------------------------------------------------------- workflow


def _blocking_issues(report: AnnualReport, figures=None, sections=None) -> list[str]:
    """What stops 送审, 审定 and 发布: the completeness check's red issues (unresolved
    placeholders, a missing or hollow required content, …) and every claim the records
    contradict that is neither fixed in the text nor acknowledged with a reason.

    `figures` and `sections`: what the step will print (the approved ones at 发布); today's
    by default.
    """
    if sections is None:
        sections = report_sections(report)
    if figures is None:
        figures = live_figures(report.organization, report.year)
    blocking = [issue.message for issue in completeness(report, sections, figures) if issue.blocking]
    for finding in claims.unacknowledged(report, claims.report_claims(report, sections, figures)):
        blocking.append(f"{finding.summary}（请修改文字，或在报告页说明理由）")
    return blocking


def _check_blocking(report: AnnualReport, step: str, figures=None, sections=None) -> None:
    blocking = _blocking_issues(report, figures, sections)
    if blocking:
        raise ValidationError([f"不能{step}：{m}" for m in blocking])


@transaction.atomic
def report_submit(*, report: AnnualReport, by) -> AnnualReport:
    """起草 → 送审 (clerk)."""
    _require(by, "submit_annualreport", "您没有送审年度报告的权限。")
    if report.status != ReportStatus.DRAFT:
        raise ValidationError("只有起草中的报告可以送审。")
    _check_blocking(report, "送审")
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.save()
    log_event("workflow", user=by, obj=report, detail=f"送审（第{report.revision}版）")
    return report


@transaction.atomic
def report_return(*, report: AnnualReport, by, comment: str = "") -> AnnualReport:
    """送审/审定 → 起草 (leader sends it back with a comment)."""
    _require(by, "approve_annualreport", "您没有审定年度报告的权限。")
    if report.status not in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        raise ValidationError("只有送审或已审定的报告可以退回。")
    approval = standing_approval(report)
    if approval is not None:
        # Kept, closed: the record of what was approved before the redraft.
        approval.returned_at = timezone.now()
        approval.returned_by = by
        approval.save()
        # The 保密审查 vouched for the approved text, which the redraft may change.
        publication.secrecy_reviews_void(report=report, by=by, why="退回起草")
    report.status = ReportStatus.DRAFT
    report.review_comment = comment
    report.approved_at = None
    report.approved_by = None
    report.save()
    log_event("workflow", user=by, obj=report, detail=f"退回起草：{comment}" if comment else "退回起草")
    return report


@transaction.atomic
def report_approve(*, report: AnnualReport, by, comment: str = "") -> AnnualReport:
    """送审 → 审定 (leader): the whole document is frozen as this approval's snapshot."""
    _require(by, "approve_annualreport", "您没有审定年度报告的权限。")
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError("只有已送审的报告可以审定。")
    sections = report_sections(report)
    figures = live_figures(report.organization, report.year)
    _check_blocking(report, "审定", figures)
    built = build_document(report, sections, figures, draft_mark="")
    report.status = ReportStatus.APPROVED
    report.approved_at = timezone.now()
    report.approved_by = by
    report.review_comment = comment
    report.save()
    approval = ReportApproval(
        report=report,
        number=report.revision,
        approved_at=report.approved_at,
        approved_by=by,
        submitted_by=report.submitted_by,
        comment=comment,
        title=report.title,
        addressee=report.addressee,
        outline=_outline_snapshot(sections),
        figures={key: figure.to_json() for key, figure in figures.items()},
        document=document_to_json(built.document),
    )
    approval.full_clean()
    approval.save()
    log_event(
        "workflow",
        user=by,
        obj=report,
        detail=f"审定（第{report.revision}版），文本和指标取值已固定" + (f"：{comment}" if comment else ""),
    )
    return report


def _approved(report: AnnualReport, approval: ReportApproval) -> tuple[dict, list[ReportSection]]:
    """The figures and the outline as approved (unsaved sections: only read by the checks)."""
    sections = [ReportSection(report=report, position=i, **entry) for i, entry in enumerate(approval.outline, start=1)]
    return frozen_figures(approval), sections


@transaction.atomic
def report_publish(*, report: AnnualReport, by, confirmed: Iterable[str] = ()) -> ReportRevision:
    """审定 → 发布: lay out the approved snapshot once, store its PDF and Word file with
    their SHA-256. Nothing is recomputed from the records.

    `confirmed`: the tokens (MovedFigure.token) of figures whose records changed after
    审定 and which the leader confirmed to publish at their approved values. Any moved
    figure not confirmed (e.g. one that moved after the page was shown) refuses.
    """
    _require(by, "publish_annualreport", "您没有发布年度报告的权限。")
    if report.status != ReportStatus.APPROVED:
        raise ValidationError("只有已审定的报告可以发布。")
    approval = standing_approval(report)
    # The missing contents and unresolved claims first: they are what the drafter must fix.
    _check_blocking(report, "发布", *(_approved(report, approval) if approval else ()))
    if approval is None:
        raise ValidationError(
            "找不到本报告审定时固定的文本和指标（可能审定于该功能启用之前），不能发布；请退回起草后重新送审、审定。"
        )
    publication.require_passed_review(report)
    moved = moved_figures(approval, live_figures(report.organization, report.year))
    unconfirmed = [m for m in moved if m.token not in set(confirmed)]
    if unconfirmed:
        raise ValidationError(
            [
                "审定后以下指标的记录已变化。请在报告页面逐项核对，确认按审定时的取值发布，或退回重新起草："
                + "；".join(m.describe() for m in unconfirmed)
            ]
        )
    document = document_from_json(approval.document)
    document.draft_mark = ""
    try:
        # The published revision is the archival record: tagged PDF/A (reports.rendering.pdf).
        pdf = output.render_pdf(document, archival=True)
        docx = output.render_docx(document)
    except output.RenderingUnavailable as exc:
        raise ValidationError(str(exc)) from exc
    pdf_digest = hashlib.sha256(pdf).hexdigest()
    docx_digest = hashlib.sha256(docx).hexdigest()
    revision = ReportRevision(
        report=report,
        approval=approval,
        number=report.revision,
        published_at=timezone.now(),
        published_by=by,
        submitted_by=approval.submitted_by,
        approved_by=approval.approved_by,
        figures=approval.figures,
        document=approval.document,
        outline=approval.outline,
        pdf_sha256=pdf_digest,
        docx_sha256=docx_digest,
    )
    name = f"{report.year}年法治政府建设年度报告"
    revision.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    revision.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    revision.full_clean()
    revision.save()
    report.status = ReportStatus.PUBLISHED
    report.save()
    for item in moved:
        log_event("workflow", user=by, obj=report, detail=f"确认按审定稿发布（不采用变化后的记录）：{item.describe()}")
    log_event(
        "workflow",
        user=by,
        obj=report,
        detail=f"发布第{revision.number}版（按审定稿），PDF SHA-256 {pdf_digest}，Word SHA-256 {docx_digest}",
    )
    return revision


@transaction.atomic
def report_reopen(*, report: AnnualReport, by, reason: str = "") -> AnnualReport:
    """发布 → 起草 as the next revision; the published revisions stay as they are."""
    _require(by, "reopen_annualreport", "您没有重新打开已发布报告的权限。")
    if report.status != ReportStatus.PUBLISHED:
        raise ValidationError("只有已发布的报告可以重新打开。")
    report.status = ReportStatus.DRAFT
    report.revision = report.revision + 1
    report.submitted_at = report.submitted_by = None
    report.approved_at = report.approved_by = None
    report.review_comment = reason
    report.save()
    publication.secrecy_reviews_void(report=report, by=by, why=f"重新打开为第{report.revision}版")
    log_event(
        "workflow",
        user=by,
        obj=report,
        detail=f"重新打开，开始第{report.revision}版" + (f"：{reason}" if reason else ""),
    )
    return report


# A reason must say something: “已核实” alone explains nothing to the leader who signs.
MIN_REASON_LENGTH = 5


@transaction.atomic
def claim_acknowledge(*, report: AnnualReport, fingerprint: str, reason: str, by) -> ClaimAcknowledgement:
    """Keep a sentence the records seem to contradict, with the drafter's reason (audited).

    Only while the report is a draft, by someone who may 送审 it; the finding must be
    one the check finds now (a stale page cannot acknowledge a finding that has gone).
    """
    _require(by, "submit_annualreport", "您没有送审年度报告的权限，不能说明核查结果。")
    if report.status != ReportStatus.DRAFT:
        raise ValidationError("只有起草中的报告可以说明核查结果；请先退回起草。")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": f"请写明保留这句话的理由（至少{MIN_REASON_LENGTH}个字）。"})
    finding = next((f for f in claims.report_claims(report) if f.fingerprint == fingerprint), None)
    if finding is None:
        raise ValidationError("该核查结果已不存在（文字或记录已改变），请刷新页面后再看。")
    if report.claim_acknowledgements.filter(fingerprint=fingerprint).exists():
        raise ValidationError("该核查结果已说明理由。")
    acknowledgement = ClaimAcknowledgement(
        report=report,
        fingerprint=fingerprint,
        claim=finding.claim[:200],
        finding=finding.message[:1000],
        reason=reason,
        acknowledged_by=by,
        acknowledged_at=timezone.now(),
    )
    acknowledgement.full_clean()
    acknowledgement.save()
    log_event(
        "workflow",
        user=by,
        obj=report,
        detail=f"说明核查结果（{finding.kind_label}）“{finding.claim[:60]}”：{reason}",
    )
    return acknowledgement


TRANSITIONS = {
    "submit": ("送审", "submit_annualreport", report_submit),
    "approve": ("审定", "approve_annualreport", report_approve),
    "return": ("退回起草", "approve_annualreport", report_return),
    "publish": ("发布", "publish_annualreport", report_publish),
    "reopen": ("重新打开", "reopen_annualreport", report_reopen),
}
