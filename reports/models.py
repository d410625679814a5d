"""年度报告 — the yearly 法治政府建设年度报告, its outline and its published revisions.

The report's text lives here; every number in it is a placeholder (【持证人数】)
resolved from `core.figures.registry` at render time, so reports never import a
data app's models. 审定 freezes the whole document (`ReportApproval`: text,
title, signature and every figure value); 发布 lays out exactly that snapshot,
once, and stores the PDF and the Word file with their SHA-256
(`ReportRevision`). Nothing frozen is ever recomputed from the records.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    URLValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.audit import history_bases
from core.models import OrgOwnedModel
from core.report_deadline import publication_deadline
from core.uploads import is_new_upload, validate_file_content
from reports.choices import (
    STATUS_BADGES,
    ReportStatus,
    RequiredContent,
    SecrecyConclusion,
    SectionKind,
    SectionLevel,
)

# The longest text one outline entry may hold. The seed report (shared/seed/) is
# about 3,200 characters in all, its longest section about 300, so a real section
# fits many times over; the cap bounds what a single edit makes every preview,
# PDF and Word render of the report work through (issue #16: hostile text).
SECTION_TEXT_MAX_LENGTH = 20000
TITLE_MAX_LENGTH = 200


class AnnualReport(OrgOwnedModel):
    """法治政府建设年度报告 — one organization's annual rule-of-law report for one year.

    `title` holds the title lines (one per line) and may use 【年度】 so a copied
    report names its own year. The outline is in `sections`; published versions are
    in `revisions`.
    """

    year = models.PositiveSmallIntegerField("年度")
    title = models.TextField(
        "标题",
        help_text="每行一行标题，可使用【年度】等占位符，如：重庆市大渡口区八桥镇人民政府 / 【年度】年法治政府建设年度报告",
        # Printed in 二号 atop every render; the seed's two lines are ~30 characters.
        validators=[MaxLengthValidator(TITLE_MAX_LENGTH, message="标题最多%(limit_value)d字，现有%(show_value)d字。")],
    )
    addressee = models.CharField(
        "主送机关", max_length=200, blank=True, help_text="可不填；如：中共重庆市大渡口区委、重庆市大渡口区人民政府"
    )
    signer = models.CharField("落款机关", max_length=100, help_text="如：重庆市大渡口区八桥镇人民政府")
    signed_on = models.DateField("成文日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    revision = models.PositiveSmallIntegerField("修订版次", default=1, help_text="重新打开已发布的报告时加一")
    submitted_at = models.DateTimeField("送审时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="送审人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审定人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_comment = models.TextField("审核意见", blank=True)
    # After 发布 the report still goes up to the district and onto the website; the
    # district tracker reads these two dates (reports.deadlines gives their deadlines).
    sent_to_district_on = models.DateField(
        "报送区委区政府日期", null=True, blank=True, help_text="报告报送区委、区政府的日期"
    )
    publicly_released_on = models.DateField(
        "公开日期", null=True, blank=True, help_text="报告在政府网站等向社会公开的日期"
    )
    public_url = models.URLField(
        "公开地址",
        blank=True,
        max_length=500,
        # The default URLValidator also takes ftp://; a website address is http(s).
        validators=[URLValidator(schemes=["http", "https"], message="请填写以 http:// 或 https:// 开头的网址。")],
        help_text="公开页面的网址，如政府网站上的文章地址",
    )
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["organization", "-year"]
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        permissions = [
            ("submit_annualreport", "送审年度报告"),
            ("approve_annualreport", "审定或退回年度报告"),
            ("publish_annualreport", "发布年度报告"),
            ("reopen_annualreport", "重新打开已发布的年度报告"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="%(app_label)s_%(class)s_unique_year",
                violation_error_message="本单位该年度的报告已存在。",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="%(app_label)s_%(class)s_year_range",
                violation_error_message="年度须在2000至2100之间。",
            ),
        ]

    def __str__(self):
        return f"{self.year}年法治政府建设年度报告"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """Only a draft is edited; a submitted report goes back to draft through 退回."""
        return self.status == ReportStatus.DRAFT

    @property
    def status_badge(self) -> str:
        return STATUS_BADGES.get(self.status, "secondary")

    @property
    def deadline(self) -> datetime.date:
        """The last day to publish (inclusive): 31 March of the next year (core.report_deadline)."""
        return publication_deadline(self.year)

    @property
    def current_secrecy_review(self) -> SecrecyReview | None:
        """The latest 保密审查 still standing (not voided by a reopen), or None.

        Uses the prefetched `secrecy_reviews` when a page prefetched them."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "secrecy_reviews" in cache:
            standing = [r for r in cache["secrecy_reviews"] if r.voided_at is None]
            return max(standing, key=lambda r: (r.reviewed_on, r.created_at, r.pk), default=None)
        return (
            self.secrecy_reviews.filter(voided_at__isnull=True).order_by("-reviewed_on", "-created_at", "-pk").first()
        )

    @property
    def has_passed_secrecy_review(self) -> bool:
        review = self.current_secrecy_review
        return review is not None and review.conclusion == SecrecyConclusion.PASSED


class ReportSection(models.Model):
    """报告提纲条目 — one entry of a report's outline: a heading with its narrative text.

    Levels follow 公文 numbering (一、/（一）/一是/1.); level 0 is a plain paragraph.
    A section of kind "items" lists a figure's items (e.g. 下一年度工作打算) as 一是、二是….
    """

    report = models.ForeignKey(AnnualReport, verbose_name="年度报告", on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField("顺序", default=0)
    level = models.PositiveSmallIntegerField("层级", choices=SectionLevel.choices, default=SectionLevel.ONE)
    heading = models.CharField(
        "标题", max_length=300, blank=True, help_text="三级条目（一是）的标题为段首句，如“规范完善行政执法程序。”"
    )
    text = models.TextField(
        "正文",
        blank=True,
        help_text=f"可插入指标占位符，如【持证人数】、【调解成功率|以上】；最多{SECTION_TEXT_MAX_LENGTH}字",
        validators=[
            MaxLengthValidator(
                SECTION_TEXT_MAX_LENGTH,
                message="正文最多%(limit_value)d字，现有%(show_value)d字。请精简，或分成几个条目填写。",
            )
        ],
    )
    required_content = models.CharField(
        "对应法定内容",
        max_length=1,
        choices=RequiredContent.choices,
        blank=True,
        help_text="本节涵盖《法治政府建设与责任落实督察工作规定》要求报告的哪一项内容",
    )
    kind = models.CharField("类型", max_length=10, choices=SectionKind.choices, default=SectionKind.TEXT)
    items_key = models.CharField(
        "条目来源指标", max_length=50, blank=True, help_text="类型为“列出指标的条目”时，列出该指标的各条目"
    )
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["report", "position", "id"]
        verbose_name = "报告提纲条目"
        verbose_name_plural = "报告提纲条目"
        constraints = [
            models.CheckConstraint(
                condition=Q(level__lte=4),
                name="%(app_label)s_%(class)s_level_range",
                violation_error_message="层级须在0至4之间。",
            ),
            models.CheckConstraint(
                condition=~Q(kind=SectionKind.ITEMS) | ~Q(items_key=""),
                name="%(app_label)s_%(class)s_items_need_key",
                violation_error_message="“列出指标的条目”须选择条目来源指标。",
            ),
        ]

    def __str__(self):
        return self.heading or (self.text[:30] + ("…" if len(self.text) > 30 else "")) or "（空白条目）"

    def get_absolute_url(self):
        return reverse("reports:section_edit", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        from reports.placeholders import placeholder_errors

        errors = {}
        for field in ("heading", "text"):
            value = getattr(self, field)
            if len(value) > SECTION_TEXT_MAX_LENGTH:
                continue  # the length error says enough; don't list thousands of placeholders too
            problems = placeholder_errors(value)
            if problems:
                errors[field] = problems
        if self.kind == SectionKind.ITEMS:
            if not self.items_key:
                errors["items_key"] = "“列出指标的条目”须选择条目来源指标。"
            else:
                problems = placeholder_errors(f"【{self.items_key}】")
                if problems:
                    errors["items_key"] = problems
        if errors:
            raise ValidationError(errors)


def revision_upload_to(instance, filename: str) -> str:
    report = instance.report
    return f"reports/{report.organization_id}/{report.year}/r{instance.number}-{filename}"


class ReportApproval(models.Model):
    """审定稿 — the report exactly as the leader approved it (审定).

    The title, outline, signature and every figure value are copied here at the
    moment of 审定, and the resolved document is stored beside them. 发布 lays out
    this snapshot and nothing else: records that change afterwards are shown next
    to it (old → new) and the leader either publishes what was approved or returns
    the report for redraft. A returned snapshot is closed (`returned_at`) and kept
    as the record of what was once approved.
    """

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.PROTECT, related_name="approvals"
    )
    number = models.PositiveSmallIntegerField("修订版次")
    approved_at = models.DateTimeField("审定时间")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审定人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="送审人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField("审定意见", blank=True)
    title = models.TextField("标题原文", help_text="审定时的标题（含占位符）")
    addressee = models.CharField("主送机关原文", max_length=200, blank=True)
    outline = models.JSONField("提纲原文", default=list, help_text="审定时的提纲（含占位符）")
    figures = models.JSONField("指标取值", default=dict, help_text="审定时各指标的取值，发布时原样使用")
    document = models.JSONField("报告内容", default=dict, help_text="审定时解析后的完整报告文本，发布时原样排版")
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="退回人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["report", "-number", "-approved_at"]
        verbose_name = "年度报告审定稿"
        verbose_name_plural = "年度报告审定稿"
        constraints = [
            # One standing approval per revision: a second 审定 needs the first returned.
            models.UniqueConstraint(
                fields=["report", "number"],
                condition=Q(returned_at__isnull=True),
                name="%(app_label)s_%(class)s_one_standing_per_number",
                violation_error_message="该版次已有审定稿；请先退回再重新审定。",
            ),
        ]

    def __str__(self):
        return f"{self.report}（第{self.number}版审定稿）"

    def get_absolute_url(self):
        return self.report.get_absolute_url()


class ReportRevision(models.Model):
    """已发布版本 — a published, frozen version of a report.

    Made once at 发布 from the standing `ReportApproval`: its figure values, its
    resolved document, and the PDF and Word files laid out from it, each with its
    SHA-256. Every later download serves these stored bytes; none of it changes
    when records change.
    """

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.PROTECT, related_name="revisions"
    )
    approval = models.OneToOneField(
        ReportApproval,
        verbose_name="审定稿",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revision",
        help_text="发布所依据的审定稿（早于审定固定功能发布的版本没有）",
    )
    number = models.PositiveSmallIntegerField("版次")
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="送审人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审定人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    figures = models.JSONField("指标取值", default=dict, help_text="审定时各指标的取值，此后不再重新计算")
    document = models.JSONField("报告内容", default=dict, help_text="审定时解析后的完整报告文本")
    outline = models.JSONField("提纲原文", default=list, help_text="审定时的提纲（含占位符）")
    pdf = models.FileField("PDF文件", upload_to=revision_upload_to)
    pdf_sha256 = models.CharField("PDF的SHA-256", max_length=64)
    docx = models.FileField(
        "Word文件", upload_to=revision_upload_to, blank=True, help_text="发布时生成一次并存档，此后原样下载"
    )
    docx_sha256 = models.CharField("Word文件的SHA-256", max_length=64, blank=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = "年度报告发布版本"
        verbose_name_plural = "年度报告发布版本"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message="该版次已发布。",
            ),
            # A stored Word file always carries the hash it was stored with.
            models.CheckConstraint(
                condition=(Q(docx="") & Q(docx_sha256="")) | (~Q(docx="") & ~Q(docx_sha256="")),
                name="%(app_label)s_%(class)s_docx_with_hash",
                violation_error_message="存档的Word文件须同时记录其SHA-256。",
            ),
        ]

    def __str__(self):
        return f"{self.report}（第{self.number}版）"

    def get_absolute_url(self):
        return reverse("reports:revision_detail", args=[self.pk])


class ClaimAcknowledgement(models.Model):
    """核查说明 — a drafter's reason for keeping a sentence the records seem to contradict.

    The claim check (reports.claims) flags words such as “行政复议0件” when the records
    hold 3. Before 送审 each finding is either fixed in the text or acknowledged here
    with a reason (e.g. a case registered by mistake and since withdrawn). A row is keyed
    by the finding's fingerprint (its kind, sentence, claim and the figure's value), so
    it lapses by itself when the sentence or the records change.
    """

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.CASCADE, related_name="claim_acknowledgements"
    )
    fingerprint = models.CharField("核查结果标识", max_length=64)
    claim = models.CharField("文中表述", max_length=200)
    finding = models.TextField("核查结果", max_length=1000)
    reason = models.TextField(
        "说明理由",
        max_length=1000,
        validators=[MaxLengthValidator(1000, message="说明最多%(limit_value)d字，现有%(show_value)d字。")],
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="说明人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField("说明时间")

    class Meta:
        ordering = ["report", "acknowledged_at"]
        verbose_name = "核查结果说明"
        verbose_name_plural = "核查结果说明"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "fingerprint"],
                name="%(app_label)s_%(class)s_unique_finding",
                violation_error_message="该核查结果已说明理由。",
            ),
        ]

    def __str__(self):
        return f"{self.report}：{self.claim}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()


MAX_SCAN_BYTES = 20 * 1024 * 1024
SCAN_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]


def validate_scan(file) -> None:
    """Size cap, then the magic-byte check of core.uploads (one validator: migrations name it)."""
    if not is_new_upload(file):
        return
    if file.size > MAX_SCAN_BYTES:
        raise ValidationError("审查单扫描件不能超过 20 MB。", code="file_too_large")
    validate_file_content(file)


def scan_upload_to(instance, filename: str) -> str:
    # A random stored name: the uploaded name never becomes a path on disk.
    import os
    import uuid

    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"reports/secrecy/{uuid.uuid4().hex}{ext}"


class SecrecyReview(models.Model):
    """保密审查 — the secrecy review of a report before it is made public.

    《中华人民共和国政府信息公开条例》第十七条: an administrative organ reviews
    information for secrecy before it is released. A leader records who reviewed,
    when, and the conclusion (通过/不通过), optionally with the scanned 审查单.
    Publishing needs a standing review that passed; reopening a published report
    voids it (`voided_at`), so the new revision is reviewed again.
    """

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.PROTECT, related_name="secrecy_reviews"
    )
    reviewer = models.CharField("审查人", max_length=100, help_text="负责保密审查的人员或机构，如：镇保密办 张三")
    reviewed_on = models.DateField("审查日期")
    conclusion = models.CharField("审查结论", max_length=10, choices=SecrecyConclusion.choices)
    note = models.TextField(
        "审查意见",
        blank=True,
        validators=[MaxLengthValidator(2000, message="审查意见最多%(limit_value)d字，现有%(show_value)d字。")],
    )
    scan = models.FileField(
        "审查单扫描件",
        upload_to=scan_upload_to,
        blank=True,
        max_length=200,
        validators=[
            FileExtensionValidator(
                SCAN_EXTENSIONS, message="不支持“%(extension)s”格式，审查单请上传 PDF 或 JPG、PNG 图片。"
            ),
            validate_scan,
        ],
        help_text="可选；PDF 或 JPG、PNG 图片，不超过 20 MB",
    )
    voided_at = models.DateTimeField("作废时间", null=True, blank=True, help_text="重新打开已发布的报告时作废")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["report", "-reviewed_on", "-created_at"]
        verbose_name = "保密审查记录"
        verbose_name_plural = "保密审查记录"
        constraints = [
            models.CheckConstraint(
                condition=Q(conclusion__in=SecrecyConclusion.values),
                name="%(app_label)s_%(class)s_conclusion_valid",
                violation_error_message="审查结论须为“通过”或“不通过”。",
            ),
        ]

    def __str__(self):
        return f"{self.report}保密审查（{self.reviewed_on:%Y-%m-%d}，{self.get_conclusion_display()}）"

    def get_absolute_url(self):
        return reverse("reports:report_secrecy", args=[self.report_id])

    @property
    def passed(self) -> bool:
        return self.conclusion == SecrecyConclusion.PASSED


class SubmissionDeadline(models.Model):
    """报送期限 — the day each year by which a district wants its towns' reports (报送区委区政府).

    The 督察工作规定 leaves 报送 to local practice; districts usually ask for it by
    1 March, so that is the default when a district has not set its own
    (reports.deadlines.submission_deadline). The report on year Y is due on this
    month/day of Y+1.
    """

    organization = models.OneToOneField(
        "accounts.Organization",
        verbose_name="区县",
        on_delete=models.CASCADE,
        related_name="report_submission_deadline",
        limit_choices_to={"kind": "district"},
    )
    month = models.PositiveSmallIntegerField(
        "月",
        default=3,
        validators=[MinValueValidator(1, "月份须在1至12之间。"), MaxValueValidator(12, "月份须在1至12之间。")],
    )
    day = models.PositiveSmallIntegerField(
        "日",
        default=1,
        validators=[MinValueValidator(1, "日须在1至31之间。"), MaxValueValidator(31, "日须在1至31之间。")],
    )
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["organization"]
        verbose_name = "年度报告报送期限"
        verbose_name_plural = "年度报告报送期限"
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1) & Q(month__lte=12) & Q(day__gte=1) & Q(day__lte=31),
                name="%(app_label)s_%(class)s_month_day_range",
                violation_error_message="报送期限的月、日超出范围。",
            ),
        ]

    def __str__(self):
        return f"{self.organization}：每年{self.month}月{self.day}日前报送"

    def get_absolute_url(self):
        return reverse("admin:reports_submissiondeadline_change", args=[self.pk])

    def clean(self):
        # Every year must have the day: 2月29日 or 4月31日 would be a deadline that some
        # years (or every year) do not have. 2001 is not a leap year.
        try:
            datetime.date(2001, self.month or 1, self.day or 1)
        except ValueError:
            raise ValidationError(
                {"day": f"{self.month}月没有{self.day}日（每年都须有这一天，2月最多28日）。"}
            ) from None
        if self.organization_id and self.organization.kind != "district":
            raise ValidationError({"organization": "报送期限只能为区县设置。"})
