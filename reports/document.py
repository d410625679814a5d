"""The annual report as a plain, resolved document — the interface between
`reports` models/workflow (which build it from the outline and the figures)
and the renderers (HTML preview, PDF, Word), which only lay it out.

All text here is plain text with every placeholder already resolved; renderers
escape it (staff-written text is never marked safe).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

CN_NUMERALS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for report outlines)."""
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    head = "十" if tens == 1 else CN_NUMERALS[tens - 1] + "十"
    return head + (CN_NUMERALS[units - 1] if units else "")


@dataclass
class Block:
    """One outline entry.

    level 0: body paragraph(s) only (e.g. the opening paragraph)
    level 1: 一、heading   — 黑体, own line, then `text` paragraphs
    level 2: （一）heading — 楷体, own line, then `text` paragraphs
    level 3: 一是heading   — run-in lead sentence, same paragraph as the first of `text`
    level 4: 1.heading     — 仿宋, own line or run-in like level 3
    `text` may hold several paragraphs separated by blank lines or newlines.
    """

    level: int
    number: str = ""
    heading: str = ""
    text: str = ""

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.splitlines() if p.strip()]


@dataclass
class ReportDocument:
    title_lines: list[str]  # e.g. ["重庆市大渡口区八桥镇人民政府", "2023年法治政府建设年度报告"]
    blocks: list[Block] = field(default_factory=list)
    addressee: str = ""  # 主送机关, optional
    signer: str = ""  # 重庆市大渡口区八桥镇人民政府
    signed_on: datetime.date | None = None
    draft_mark: str = ""  # e.g. "草稿" on anything not published

    @property
    def title(self) -> str:
        return "".join(self.title_lines)


def cn_date(value: datetime.date | None) -> str:
    """2024年1月24日 (公文成文日期 uses Arabic digits, GB/T 9704-2012 7.3.5.1)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"
