"""After 发布: the 保密审查 that must come before it, and the 报送/公开 that follow it.

- 保密审查: 《中华人民共和国政府信息公开条例》第十七条 — information is reviewed for
  secrecy before it is released. A leader records the review of the approved text
  (审定稿); 发布 refuses without a standing review that passed
  (`require_passed_review`). Returning an approved report to draft or reopening a
  published one voids the review: the text it vouched for may change.
- 报送/公开: the dates the report went to 区委区政府 and to the public, and where it is
  published (reports.deadlines has both deadlines). Recorded after 发布.

Each write is a service here, audited ("workflow" entries, and simple-history rows).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import log_event
from reports.choices import ReportStatus, SecrecyConclusion
from reports.document import cn_date
from reports.models import AnnualReport, SecrecyReview
from reports.selectors import standing_approval

NO_REVIEW_MESSAGE = (
    "发布前须经保密审查（《政府信息公开条例》第十七条）：本报告还没有保密审查记录，"
    "请领导先在“保密审查”页面登记审查结论为“通过”后再发布。"
)
STALE_APPROVAL_MESSAGE = (
    "您打开本页之后，报告已被退回或重新审定，审定稿可能已改变；请返回报告页阅读现在的审定稿，再登记保密审查。"
)
FAILED_REVIEW_MESSAGE = (
    "保密审查结论为“不通过”，不能发布（《政府信息公开条例》第十七条）；请退回起草修改，重新审定后再次进行保密审查。"
)


def require_passed_review(report: AnnualReport) -> SecrecyReview:
    """The standing review that lets the report be published, or a ValidationError saying why not."""
    review = report.current_secrecy_review
    if review is None:
        raise ValidationError(NO_REVIEW_MESSAGE)
    if review.conclusion != SecrecyConclusion.PASSED:
        raise ValidationError(FAILED_REVIEW_MESSAGE)
    return review


@transaction.atomic
def secrecy_review_record(
    *,
    report: AnnualReport,
    by,
    reviewer: str,
    reviewed_on: datetime.date,
    conclusion: str,
    note: str = "",
    scan=None,
    approval_id: int | None = None,
) -> SecrecyReview:
    """Record a 保密审查 of the approved report (leader). A later review supersedes an earlier one.

    `approval_id`: the 审定稿 the reviewer read (the form carries it from when the page was
    shown). A return and a new 审定 since then (same 版次, possibly another text) refuse."""
    if by is None or not by.has_perm("reports.add_secrecyreview"):
        raise PermissionDenied("只有领导可以登记保密审查。")
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(
            f"保密审查针对审定稿：报告当前为“{report.get_status_display()}”状态，只有已审定、尚未发布的报告可以登记保密审查。"
        )
    approval = standing_approval(report)
    if approval_id is not None and (approval is None or approval.pk != approval_id):
        raise ValidationError(STALE_APPROVAL_MESSAGE)
    if reviewed_on and reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": "审查日期不能晚于今天。"})
    # The text under review exists from its 送审 on (审定 does not change it): a review dated
    # earlier vouched for another text — an earlier version, or a typing error.
    submitted_on = timezone.localdate(report.submitted_at) if report.submitted_at else None
    if reviewed_on and submitted_on and reviewed_on < submitted_on:
        raise ValidationError(
            {
                "reviewed_on": f"审查日期不能早于本版报告的送审日期（{cn_date(submitted_on)}）：审查的是送审、审定后的文本。"
            }
        )
    review = SecrecyReview(
        report=report,
        reviewer=reviewer,
        reviewed_on=reviewed_on,
        conclusion=conclusion,
        note=note,
        created_by=by,
    )
    if scan:
        review.scan = scan
    review.full_clean()
    review.save()
    log_event(
        "workflow",
        user=by,
        obj=report,
        detail=f"保密审查（第{report.revision}版审定稿{approved_text(approval)}）：{review.get_conclusion_display()}，"
        f"审查人{reviewer}，{cn_date(reviewed_on)}" + ("，附审查单" if review.scan else ""),
    )
    return review


def approved_text(approval) -> str:
    """'，审定于2024年1月20日 09:30' — tells two approvals of one 版次 apart in the log."""
    if approval is None:
        return ""
    moment = timezone.localtime(approval.approved_at)
    return f"，审定于{cn_date(moment.date())} {moment:%H:%M}"


def secrecy_reviews_void(*, report: AnnualReport, by, why: str) -> int:
    """Void the standing reviews (called inside the reopen/return services' transaction)."""
    now = timezone.now()
    count = 0
    # Row by row, not .update(): each void leaves a simple-history row.
    for review in report.secrecy_reviews.filter(voided_at__isnull=True):
        review.voided_at = now
        review.save(update_fields=["voided_at"])
        count += 1
    if count:
        log_event("workflow", user=by, obj=report, detail=f"保密审查记录作废（{why}），新版本须重新审查")
    return count


def first_published_on(report: AnnualReport) -> datetime.date | None:
    """The day the report was first published in the portal (local date)."""
    revision = report.revisions.order_by("number").only("published_at").first()
    return timezone.localdate(revision.published_at) if revision else None


@transaction.atomic
def release_record(
    *,
    report: AnnualReport,
    by,
    sent_to_district_on: datetime.date | None,
    publicly_released_on: datetime.date | None,
    public_url: str,
    index_number: str,
) -> AnnualReport:
    """Record 报送区委区政府 and 公开 (dates, address, 索引号) of a published report."""
    if by is None or not by.has_perm("reports.record_release_annualreport"):
        raise PermissionDenied("您没有登记报送和公开情况的权限。")
    if report.status != ReportStatus.PUBLISHED:
        raise ValidationError("报告发布后才能登记报送和公开情况。")
    published_on = first_published_on(report)
    today = timezone.localdate()
    errors = {}
    for field, value, label in (
        ("sent_to_district_on", sent_to_district_on, "报送日期"),
        ("publicly_released_on", publicly_released_on, "公开日期"),
    ):
        if value is None:
            continue
        if value > today:
            errors[field] = f"{label}不能晚于今天。"
        elif published_on and value < published_on:
            errors[field] = f"{label}不能早于报告在平台发布的日期（{cn_date(published_on)}）。"
    if publicly_released_on and not public_url:
        errors["public_url"] = "已公开的报告请填写公开地址。"
    if public_url and not publicly_released_on:
        errors["publicly_released_on"] = "填写了公开地址，请同时填写公开日期。"
    if errors:
        raise ValidationError(errors)
    changes = []
    for field, value in (
        ("sent_to_district_on", sent_to_district_on),
        ("publicly_released_on", publicly_released_on),
        ("public_url", public_url),
        ("index_number", index_number),
    ):
        if getattr(report, field) != value:
            setattr(report, field, value)
            changes.append(str(AnnualReport._meta.get_field(field).verbose_name))
    if not changes:
        return report
    report.full_clean()
    report.save()
    log_event("workflow", user=by, obj=report, detail="登记报送和公开情况：" + "、".join(changes))
    return report
