"""The five required contents of the annual report, and whether each has substance.

《法治政府建设与责任落实督察工作规定》(2019) lists what the yearly 法治政府建设年度报告
must contain (shared DOMAIN.md "The annual report"; reports.choices.RequiredContent).
A report that leaves one out is not the report the rule asks for, so it cannot be
送审, 审定 or 发布 — a heading alone, or a heading over a placeholder text, does not
count as covering it.

A section "covers" a content when it is marked with it (对应法定内容). What counts as
its substance is its own text plus everything under it in the outline: the deeper
sections' text and lead sentences (一是…), and the items an items-section lists.
Headings of level 1 and 2 are titles, not substance.

第5项 “其他需要报告的情况” is by its nature optional: when nothing else needs reporting
there is no section for it. Only a section marked 5 that is empty or still holds a
fill-in marker blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from reports.choices import RequiredContent, SectionKind
from reports.placeholders import find_placeholders

RULE = "《法治政府建设与责任落实督察工作规定》"

# Local practice, not law: below this many characters (letters, digits, 汉字; placeholders
# and punctuation not counted) a required content is treated as not written. A real
# “存在的不足和原因” of one sentence (“一是法治宣传的针对性有待增强。”) already has 14.
DEFAULT_MIN_CONTENT_CHARS = 12

# What template or half-finished text looks like; any of these in a required content
# means it is not ready to be signed.
FILL_IN_MARKERS = ("待补充", "待填写", "请填写", "此处填写", "在此填写", "XXX", "xxx", "×××", "＊＊＊")


def min_content_chars() -> int:
    return getattr(settings, "REPORT_MIN_CONTENT_CHARS", DEFAULT_MIN_CONTENT_CHARS)


@dataclass
class ContentStatus:
    """One of the five contents: the sections covering it and what is wrong, if anything."""

    content: RequiredContent
    sections: list = field(default_factory=list)
    problem: str = ""  # "" when covered with substance
    blocking: bool = False

    @property
    def number(self) -> str:
        return self.content.value

    @property
    def label(self) -> str:
        return self.content.label

    @property
    def covered(self) -> bool:
        return not self.problem

    @property
    def section(self):
        return self.sections[0] if self.sections else None

    @property
    def message(self) -> str:
        if not self.sections and not self.blocking:
            return f"未单列法定报告内容“{self.label}”{self.problem}"
        if not self.sections:
            return f"缺少法定报告内容“{self.label}”：{self.problem}"
        return f"法定报告内容“{self.label}”{self.problem}"


def subtree(sections: list, index: int) -> list:
    """sections[index] and the outline entries under it.

    Under a numbered heading of level L come the entries of a deeper level and the
    plain paragraphs (level 0), up to the next heading of level ≤ L. A plain paragraph
    has nothing under it.
    """
    root = sections[index]
    result = [root]
    if root.level == 0:
        return result
    for section in sections[index + 1 :]:
        if 0 < section.level <= root.level:
            break
        result.append(section)
    return result


def _without_placeholders(text: str) -> str:
    parts, last = [], 0
    for ph in find_placeholders(text):
        parts.append(text[last : ph.start])
        last = ph.end
    parts.append(text[last:])
    return "".join(parts)


def substance(entries: list, figures: dict) -> str:
    """The written content of a subtree: its text, its lead sentences, listed items."""
    root = entries[0]
    pieces = [root.text]
    for section in entries[1:]:
        if section.level >= 3 or section.level == 0:
            pieces.append(section.heading)
        pieces.append(section.text)
    for section in entries:
        if section.kind == SectionKind.ITEMS:
            figure = figures.get(section.items_key)
            for item in figure.items if figure is not None else []:
                if isinstance(item, dict):
                    pieces.extend(str(item.get(k, "")) for k in ("title", "text"))
                else:
                    pieces.append(str(item))
    return "\n".join(p for p in pieces if p)


# A first report (no earlier year to copy) starts from the five required contents.
DEFAULT_OUTLINE = [
    (
        0,
        "",
        "【年度】年，我镇坚持以习近平法治思想为指导，深入推进依法行政，加快法治政府建设，现将工作情况报告如下：",
        "",
        "text",
        "",
    ),
    (1, "【年度】年推进法治政府建设的主要举措和成效", "", RequiredContent.MEASURES, "text", ""),
    (1, "存在的不足和原因", "", RequiredContent.SHORTCOMINGS, "text", ""),
    (1, "党政主要负责人履行推进法治建设第一责任人职责情况", "", RequiredContent.LEADERS, "text", ""),
    (1, "【下一年度】年推进法治政府建设的主要安排", "", RequiredContent.PLANS, "items", "下一年度工作打算"),
]


def meaningful_length(text: str) -> int:
    """汉字, letters and digits once placeholders (【年度】…) are taken out."""
    return sum(ch.isalnum() for ch in _without_placeholders(text))


def _default_texts() -> dict[str, set[str]]:
    """The five-part skeleton's texts per content (a new report starts from them)."""
    texts: dict[str, set[str]] = {}
    for _level, _heading, text, content, _kind, _key in DEFAULT_OUTLINE:
        if content:
            texts.setdefault(str(content), set()).add("".join(text.split()))
    return texts


def _hollow(content: RequiredContent, entries: list, figures: dict, defaults: dict[str, set[str]]) -> str:
    """Why the written content is not real content ("" when it is)."""
    text = substance(entries, figures)
    squashed = "".join(text.split())
    marker = next((m for m in FILL_IN_MARKERS if m in text), "")
    if marker:
        return f"仍留有待填写的标记“{marker}”"
    length = meaningful_length(text)
    if length == 0:
        return "只有标题，没有正文"
    if content == RequiredContent.OTHER:
        return ""  # “无其他需要报告的情况。” is a complete answer
    headings = {"".join(s.heading.split()) for s in entries} | {"".join(content.label.split())}
    if squashed in defaults.get(content.value, set()) or squashed in headings:
        return "正文只是模板文字或重复标题"
    if length < min_content_chars():
        return f"正文只有{length}个字，不足以说明情况（至少{min_content_chars()}个字）"
    return ""


def content_statuses(sections: list, figures: dict) -> list[ContentStatus]:
    """The five contents in order, each with the sections marked for it and its problem."""
    defaults = _default_texts()
    marked: dict[str, list[int]] = {}
    for index, section in enumerate(sections):
        if section.required_content:
            marked.setdefault(section.required_content, []).append(index)
    statuses = []
    for content in RequiredContent:
        indexes = marked.get(content.value, [])
        status = ContentStatus(content, [sections[i] for i in indexes])
        if not indexes:
            if content == RequiredContent.OTHER:
                status.problem = "（如无其他需要报告的情况，可不写）。"
            else:
                status.problem = (
                    f"{RULE}要求年度报告包括这一项（第{content.value}项），缺少时不能送审、审定或发布。"
                    "请增加相应章节并写明实际情况，在章节中标注所对应的法定内容。"
                )
                status.blocking = True
        else:
            # Covered when any of the marked sections has substance.
            reasons = [_hollow(content, subtree(sections, i), figures, defaults) for i in indexes]
            if all(reasons):
                status.problem = (
                    f"{reasons[0]}：{RULE}要求年度报告写明这一项（第{content.value}项），"
                    "只有标题或套话不算写明，不能送审、审定或发布。"
                )
                status.blocking = True
        statuses.append(status)
    return statuses
