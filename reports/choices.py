"""Choices of the reports app."""

from django.db import models


class ReportStatus(models.TextChoices):
    """起草 → 送审 (clerk) → 审定 (leader) → 发布; a published report is re-opened as a new revision."""

    DRAFT = "draft", "起草"
    SUBMITTED = "submitted", "送审"
    APPROVED = "approved", "审定"
    PUBLISHED = "published", "发布"


STATUS_BADGES = {
    ReportStatus.DRAFT: "secondary",
    ReportStatus.SUBMITTED: "warning",
    ReportStatus.APPROVED: "info",
    ReportStatus.PUBLISHED: "success",
}


class RequiredContent(models.TextChoices):
    """The five contents a 法治政府建设年度报告 must cover
    (《法治政府建设与责任落实督察工作规定》(2019), see shared DOMAIN.md "The annual report")."""

    MEASURES = "1", "上一年度推进法治政府建设的主要举措和成效"
    SHORTCOMINGS = "2", "存在的不足和原因"
    LEADERS = "3", "党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况"
    PLANS = "4", "下一年度推进法治政府建设的主要安排"
    OTHER = "5", "其他需要报告的情况"


class SectionLevel(models.IntegerChoices):
    """公文 numbering of the outline (GB/T 9704-2012 7.3.3: 一、 （一） 1. （1）; towns also write 一是)."""

    BODY = 0, "正文段落（无编号）"
    ONE = 1, "一级标题（一、）"
    TWO = 2, "二级标题（（一））"
    THREE = 3, "三级条目（一是）"
    FOUR = 4, "四级条目（1.）"


class SectionKind(models.TextChoices):
    TEXT = "text", "叙述文字"
    ITEMS = "items", "列出指标的条目（一是、二是……）"


class SecrecyConclusion(models.TextChoices):
    """保密审查的结论（《政府信息公开条例》第十七条）."""

    PASSED = "passed", "通过"
    FAILED = "failed", "不通过"
