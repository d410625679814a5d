"""Reads the report pages need: figures through the registry, the resolved document,
the completeness check. Nothing here imports a data app's models."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.utils import timezone

from core import figure_cache, report_deadline
from core.masking import personal_numbers
from core.mixins import user_organization
from reports.choices import ReportStatus, SectionKind
from reports.contents import content_statuses
from reports.document import Block, ReportDocument, cn_number
from reports.models import AnnualReport, ReportApproval, ReportRevision, ReportSection
from reports.placeholders import Figure, Problem, find_placeholders, resolve_text, year_figures

# The watermark of a document laid out from today's records: whatever the report's
# status, a live rendering is a draft (issue 17). Only a published revision's stored
# files are unmarked; the approved snapshot is shown as 审定稿 until it is published.
LIVE_MARK = "草稿"
APPROVED_MARK = "审定稿"


def deadline_warning_days() -> int:
    return report_deadline.warning_days()


# ---------------------------------------------------------------- figures


def live_figures(organization, year: int) -> dict[str, Figure]:
    """Every figure of the year plus 【年度】-style keys: the same figures the dashboard
    shows (core.figure_cache: computed once per change of the town's records)."""
    result = year_figures(year)
    for key, resolved in figure_cache.year_figures(organization, year).items():
        definition, value = resolved.definition, resolved.value
        result[key] = Figure(
            key=key,
            label=definition.label,
            unit=definition.unit,
            kind=definition.kind,
            value=value.value,
            numerator=value.numerator,
            denominator=value.denominator,
            items=list(value.items or []),
            url=resolved.url,
            app_label=definition.app_label,
        )
    return result


def frozen_figures(snapshot: ReportRevision | ReportApproval) -> dict[str, Figure]:
    """The figure values stored in an approval or a published revision."""
    return {key: Figure.from_json(data) for key, data in snapshot.figures.items()}


def used_keys(sections, title: str = "") -> set[str]:
    keys = {ph.key for ph in find_placeholders(title)}
    for section in sections:
        keys |= {ph.key for ph in find_placeholders(section.heading)}
        keys |= {ph.key for ph in find_placeholders(section.text)}
        if section.kind == SectionKind.ITEMS and section.items_key:
            keys.add(section.items_key)
    return keys


# ---------------------------------------------------------------- reports


def reports_for(user):
    return AnnualReport.objects.filter(organization=user_organization(user)).order_by("-year")


def report_sections(report: AnnualReport) -> list[ReportSection]:
    return list(report.sections.order_by("position", "id"))


def report_revisions(report: AnnualReport):
    return report.revisions.select_related("published_by", "approved_by").order_by("-number")


def latest_revision(report: AnnualReport) -> ReportRevision | None:
    """The published revision in force: the one every download of the report serves."""
    return report_revisions(report).first()


def standing_approval(report: AnnualReport) -> ReportApproval | None:
    """The snapshot an approved report will publish: approved for the current revision,
    neither returned nor published yet. None for a report in any other state, and for
    one approved before approvals were frozen."""
    if report.status != ReportStatus.APPROVED:
        return None
    return (
        report.approvals.filter(number=report.revision, returned_at__isnull=True, revision__isnull=True)
        .select_related("approved_by", "submitted_by")
        .order_by("-approved_at")
        .first()
    )


def previous_report(organization, year: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.filter(organization=organization, year__lt=year)
        .order_by("-year")
        .prefetch_related("sections")
        .first()
    )


# ---------------------------------------------------------------- outline → document


def section_number(level: int, n: int) -> str:
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{cn_number(n)}是"
    if level == 4:
        return f"{n}."
    return ""


class Numbering:
    """Counters for 一、/（一）/一是/1.: a heading restarts the numbering of every deeper level."""

    def __init__(self):
        self.counters = [0] * 5

    def next(self, level: int) -> str:
        if level <= 0:
            return ""
        self.counters[level] += 1
        for deeper in range(level + 1, 5):
            self.counters[deeper] = 0
        return section_number(level, self.counters[level])


def numbered(sections, figures: dict[str, Figure] | None = None) -> list[tuple[ReportSection, str]]:
    """Each section with its number, counted as the document will be (the items of an
    items-section take numbers too, when the figures are given)."""
    numbering = Numbering()
    result = []
    for section in sections:
        result.append((section, numbering.next(section.level)))
        if section.kind == SectionKind.ITEMS and figures is not None:
            figure = figures.get(section.items_key)
            for _item in figure.items if figure else []:
                numbering.next(items_level(section.level))
    return result


def items_level(section_level: int) -> int:
    return 3 if section_level < 3 else 4


def _item_block(item, level: int, number: str) -> Block:
    if isinstance(item, dict):
        title = str(item.get("title", "")).strip()
        text = str(item.get("text", "")).strip()
    else:
        title, text = str(item).strip(), ""
    if title and title[-1] not in "。！？；：.!?;:":
        title += "。"
    return Block(level=level, number=number, heading=title, text=text)


@dataclass
class SectionProblem:
    section: ReportSection | None
    problem: Problem


@dataclass
class BuiltDocument:
    document: ReportDocument
    problems: list[SectionProblem]


def build_document(
    report: AnnualReport,
    sections: list[ReportSection],
    figures: dict[str, Figure],
    *,
    draft_mark: str | None = None,
) -> BuiltDocument:
    """The resolved ReportDocument the renderers lay out, and every placeholder problem."""
    problems: list[SectionProblem] = []

    def resolve(text: str, section: ReportSection | None) -> str:
        resolved, found = resolve_text(text, figures)
        problems.extend(SectionProblem(section, p) for p in found)
        return resolved

    title = resolve(report.title, None)
    blocks: list[Block] = []
    numbering = Numbering()
    for section in sections:
        blocks.append(
            Block(
                level=section.level,
                number=numbering.next(section.level),
                heading=resolve(section.heading, section),
                text=resolve(section.text, section),
            )
        )
        if section.kind == SectionKind.ITEMS:
            figure = figures.get(section.items_key)
            if figure is None:
                problems.append(
                    SectionProblem(section, Problem(section.items_key, f"未知的条目来源指标“{section.items_key}”。"))
                )
                continue
            level = items_level(section.level)
            for item in figure.items:
                blocks.append(_item_block(item, level, numbering.next(level)))
    if draft_mark is None:
        draft_mark = LIVE_MARK
    document = ReportDocument(
        title_lines=[line.strip() for line in title.splitlines() if line.strip()],
        blocks=blocks,
        addressee=resolve(report.addressee, None),
        signer=report.signer,
        signed_on=report.signed_on,
        draft_mark=draft_mark,
    )
    return BuiltDocument(document, problems)


def draft_document(report: AnnualReport, *, figures: dict[str, Figure] | None = None) -> BuiltDocument:
    figures = figures if figures is not None else live_figures(report.organization, report.year)
    return build_document(report, report_sections(report), figures)


def document_to_json(document: ReportDocument) -> dict:
    return {
        "title_lines": list(document.title_lines),
        "addressee": document.addressee,
        "signer": document.signer,
        "signed_on": document.signed_on.isoformat() if document.signed_on else None,
        "draft_mark": document.draft_mark,
        "blocks": [
            {"level": b.level, "number": b.number, "heading": b.heading, "text": b.text} for b in document.blocks
        ],
    }


def document_from_json(data: dict) -> ReportDocument:
    signed_on = data.get("signed_on")
    return ReportDocument(
        title_lines=list(data.get("title_lines", [])),
        blocks=[Block(**b) for b in data.get("blocks", [])],
        addressee=data.get("addressee", ""),
        signer=data.get("signer", ""),
        signed_on=datetime.date.fromisoformat(signed_on) if signed_on else None,
        draft_mark=data.get("draft_mark", ""),
    )


def document_plain_text(document: ReportDocument) -> str:
    """The document as reading text, in order (used for comparisons and search)."""
    from reports.document import cn_date

    lines = list(document.title_lines)
    if document.addressee:
        lines.append(document.addressee)
    for block in document.blocks:
        head = f"{block.number}{block.heading}"
        paragraphs = block.paragraphs
        if block.level >= 3 and head and paragraphs:
            # 一是… run-in: the lead sentence and the first paragraph are one paragraph.
            lines.append(head + paragraphs[0])
            lines.extend(paragraphs[1:])
        else:
            if head:
                lines.append(head)
            lines.extend(paragraphs)
    lines.append(document.signer)
    lines.append(cn_date(document.signed_on))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- approval vs records


def snapshot_keys(snapshot: ReportApproval) -> set[str]:
    """The figure keys the approved text uses (title, addressee, outline)."""
    keys = {ph.key for ph in find_placeholders(snapshot.title + "\n" + snapshot.addressee)}
    for entry in snapshot.outline:
        keys |= {ph.key for ph in find_placeholders(entry.get("heading", "") + "\n" + entry.get("text", ""))}
        if entry.get("kind") == SectionKind.ITEMS and entry.get("items_key"):
            keys.add(entry["items_key"])
    return keys


def _substance(figure: Figure | None) -> dict | None:
    """What a figure says, without its label or link: two figures with the same
    substance print the same text."""
    if figure is None:
        return None
    data = figure.to_json()
    return {name: data[name] for name in ("value", "numerator", "denominator", "items")}


@dataclass
class MovedFigure:
    """A figure the approved text uses whose records have changed since 审定."""

    key: str
    approved: Figure
    current: Figure | None  # None: the figure is no longer published by any app

    @property
    def label(self) -> str:
        return (self.current or self.approved).label

    @property
    def url(self) -> str:
        """The records behind the figure today (what the leader checks)."""
        return (self.current.url if self.current else "") or self.approved.url

    @staticmethod
    def _show(figure: Figure) -> str:
        text = figure.display
        if figure.denominator is not None:
            text += f"（{figure.numerator}/{figure.denominator}）"
        return text

    @property
    def approved_text(self) -> str:
        return self._show(self.approved)

    @property
    def current_text(self) -> str:
        return self._show(self.current) if self.current else "（指标已不存在）"

    @property
    def items_changed(self) -> bool:
        return self.current is not None and (self.approved.items or []) != (self.current.items or [])

    @property
    def token(self) -> str:
        """What the leader confirms when publishing anyway: the key and the value seen.
        A figure that moves again after the page was shown needs a new confirmation."""
        seen = json.dumps(_substance(self.current), sort_keys=True, ensure_ascii=False)
        return f"{self.key}:{hashlib.sha256(seen.encode()).hexdigest()[:16]}"

    def describe(self) -> str:
        text = f"{self.key}：审定时{self.approved_text}，现为{self.current_text}"
        if self.items_changed:
            text += "（条目内容有变化）"
        return text


def moved_figures(snapshot: ReportApproval, figures: dict[str, Figure]) -> list[MovedFigure]:
    """Each figure of the approved text whose value, numerator/denominator or items
    differ in `figures` (today's records), in key order."""
    approved = frozen_figures(snapshot)
    moved = []
    for key in sorted(snapshot_keys(snapshot)):
        old = approved.get(key)
        if old is None or old.kind == "year":
            continue
        new = figures.get(key)
        if _substance(old) != _substance(new):
            moved.append(MovedFigure(key, old, new))
    return moved


# ---------------------------------------------------------------- completeness


@dataclass
class Issue:
    level: str  # "danger" blocks 送审/审定/发布; "warning" and "info" do not
    message: str
    section: ReportSection | None = None

    @property
    def blocking(self) -> bool:
        return self.level == "danger"


def completeness(
    report: AnnualReport,
    sections: list[ReportSection],
    figures: dict[str, Figure],
    built: BuiltDocument | None = None,
    today: datetime.date | None = None,
) -> list[Issue]:
    """What a reviewer would point out before the leader signs."""
    today = today or timezone.localdate()
    built = built or build_document(report, sections, figures)
    issues: list[Issue] = []

    # 1. unresolved placeholders (unknown key or format, figure without data) block submission
    for item in built.problems:
        issues.append(Issue("danger", item.problem.message, item.section))

    # 2. the five contents of 《法治政府建设与责任落实督察工作规定》: a missing or hollow one
    #    blocks 送审/审定/发布 (reports.contents); 第5项 may be left out.
    for status in content_statuses(sections, figures):
        if status.problem:
            issues.append(Issue("danger" if status.blocking else "info", status.message, status.section))

    # 3. figures used that are zero, or lists without items
    keys = used_keys(sections, report.title)
    for key in sorted(keys):
        figure = figures.get(key)
        if figure is None or figure.kind == "year":
            continue
        if figure.value is not None and figure.value == 0:
            users = [s for s in sections if key in used_keys([s])]
            issues.append(Issue("warning", f"指标“{key}”当前为0，请核实数据是否已录入。", users[0] if users else None))
    for section in sections:
        if section.kind == SectionKind.ITEMS:
            figure = figures.get(section.items_key)
            if figure is not None and not figure.items:
                issues.append(Issue("warning", f"指标“{section.items_key}”暂无条目，本节将没有内容。", section))
        if not section.heading.strip() and not section.text.strip() and section.kind == SectionKind.TEXT:
            issues.append(Issue("warning", "空白条目：既无标题也无正文。", section))

    # 4. title, signature and the publication deadline
    if not report.title.strip():
        issues.append(Issue("danger", "请填写报告标题。"))
    if not report.signer.strip():
        issues.append(Issue("danger", "请填写落款机关。"))
    if report.signed_on is None:
        issues.append(Issue("danger", "请填写成文日期。"))
    # core.report_deadline: published 4月1日之前, i.e. by 31 March inclusive.
    deadline_text = report_deadline.deadline_text(report.year)
    if report.signed_on and report.signed_on > report_deadline.publication_deadline(report.year):
        issues.append(Issue("warning", f"成文日期晚于公开期限（{deadline_text}前）。"))
    if report.status != ReportStatus.PUBLISHED:
        days = report_deadline.days_left(report.year, today)
        if days < 0:
            issues.append(Issue("warning", f"已超过公开期限：本报告应于{deadline_text}前公开发布，已逾期{-days}天。"))
        elif days == 0:
            issues.append(Issue("warning", f"今天（{deadline_text}）是公开期限的最后一天。"))
        elif days <= deadline_warning_days():
            issues.append(Issue("warning", f"距公开期限（{deadline_text}前）还有{days}天。"))
        else:
            issues.append(Issue("info", f"本报告应于{deadline_text}前通过政府网站等向社会公开（公开前须经保密审查）。"))
    # 5. personal data: the report is made public, and 《政府信息公开条例》第十五条 forbids
    #    publishing personal privacy. Names cannot be told from other words, but a 身份证号
    #    or a mobile number can, wherever it came from: typed, or a goal's text that the
    #    report lists (下一年度工作打算). At 发布 this reads the approved snapshot.
    issues.extend(personal_data_issues(built.document))
    order = {"danger": 0, "warning": 1, "info": 2}
    return sorted(issues, key=lambda i: order[i.level])


PERSONAL_DATA_HINT = (
    "向社会公开的报告不得含个人信息（《政府信息公开条例》第十五条），请删除；"
    "若来自台账（如下一年度目标任务的内容），请在台账中修改。"
)


def personal_data_issues(document: ReportDocument) -> list[Issue]:
    """A blocking issue per part of the document holding a 身份证号 or a mobile number,
    which the message names masked (the issue list is shown to every role)."""
    parts = [("标题", "\n".join(document.title_lines)), ("主送机关", document.addressee)]
    parts += [(f"{b.number}{b.heading}".strip() or "正文", f"{b.heading}\n{b.text}") for b in document.blocks]
    parts.append(("落款", document.signer))
    issues = []
    for where, text in parts:
        found = personal_numbers(text)
        if found:
            issues.append(Issue("danger", f"“{where[:30]}”中有疑似个人信息：{'、'.join(found)}。{PERSONAL_DATA_HINT}"))
    return issues


# ---------------------------------------------------------------- figures page


@dataclass
class FigureUse:
    section: ReportSection
    number: str


def figure_usage(sections: list[ReportSection], figures: dict[str, Figure] | None = None) -> dict[str, list[FigureUse]]:
    """For each key, the sections of the report that use it."""
    usage: dict[str, list[FigureUse]] = {}
    for section, number in numbered(sections, figures):
        for key in sorted(used_keys([section])):
            usage.setdefault(key, []).append(FigureUse(section, number))
    return usage
