"""ReportDocument → HTML, from one Django template for the PDF and the preview."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reports.document import Block, ReportDocument, cn_date

from .fonts import font_face_css, page_number_css

CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "reports" / "document.css"

# Sentence-ending punctuation after which a run-in lead needs no 。 of its own.
_LEAD_END = "。！？；：.!?;:"

# Pango breaks lines by UAX #14, where “ ” ‘ ’ are ambiguous quotes (QU): no
# break before or after them, so "全区“5+2”产业" is one unbreakable run and the
# line before it ends four characters short. Chinese typesetting treats them as
# opening/closing punctuation (as ICU's zh tailoring does); a zero-width space
# gives Pango that break opportunity. It is invisible and pdftotext drops it.
ZWSP = "\u200b"
_OPENING_QUOTE = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff，。、；：！？）》」』”’])(?=[“‘])")
_CLOSING_QUOTE = re.compile(r"(?<=[”’])(?=[\u3400-\u9fff\uf900-\ufaff0-9A-Za-z（《「『])")


def break_hints(text: str) -> str:
    """Allow a line break before an opening and after a closing quote (PDF only)."""
    return _CLOSING_QUOTE.sub(ZWSP, _OPENING_QUOTE.sub(ZWSP, text))


@dataclass(frozen=True)
class Paragraph:
    """One laid-out paragraph: kind is h1 (一、), h2 （一）, p (body), h3/h4
    (a 一是… / 1. lead standing alone); `lead` is a run-in heading."""

    kind: str
    text: str
    lead: str = ""


def label(block: Block) -> str:
    """The printed number of a heading, whether the outline stores "一" or "一、".

    GB/T 9704-2012 7.3.3: 一、 / （一） / 1. / （1）; 一是 is the usual run-in
    form of the third level in government reports.
    """
    number = block.number.strip().replace("(", "（").replace(")", "）")
    if not number:
        return ""
    if number[-1] in "、）是.．" or number.startswith("（"):
        return number
    return {1: f"{number}、", 2: f"（{number}）", 3: f"{number}是", 4: f"{number}."}.get(block.level, number)


def layout_blocks(blocks: list[Block], *, hints: bool = False) -> list[Paragraph]:
    out: list[Paragraph] = []
    for block in blocks:
        paragraphs = block.paragraphs
        heading = block.heading.strip()
        if block.level in (1, 2) and (heading or block.number):
            out.append(Paragraph(f"h{block.level}", label(block) + heading))
        elif block.level in (3, 4) and (heading or block.number):
            lead = label(block) + heading
            if paragraphs:
                if heading and heading[-1] not in _LEAD_END:
                    lead += "。"
                out.append(Paragraph("p", paragraphs.pop(0), lead=lead))
            else:
                out.append(Paragraph(f"h{block.level}", lead))
        out.extend(Paragraph("p", text) for text in paragraphs)
    if hints:
        out = [Paragraph(p.kind, break_hints(p.text), break_hints(p.lead)) for p in out]
    return out


def addressee_line(doc: ReportDocument) -> str:
    text = doc.addressee.strip()
    if text and text[-1] not in "：:":
        text += "："
    return re.sub(r":$", "：", text)


def context(doc: ReportDocument, *, hints: bool = False) -> dict:
    return {
        "doc": doc,
        "paragraphs": layout_blocks(doc.blocks, hints=hints),
        "addressee": addressee_line(doc),
        "signed_on": cn_date(doc.signed_on),
    }


@lru_cache(maxsize=1)
def _static_css(mtime_ns: int) -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def document_css() -> str:
    """The stylesheet the PDF inlines: licensed @font-face rules, our static CSS,
    and the page number's position for the face that prints it (after the
    static rule, so it wins)."""
    css = _static_css(CSS_PATH.stat().st_mtime_ns)
    return "\n".join(part for part in (font_face_css(), css, page_number_css()) if part)


def render_html(doc: ReportDocument, *, standalone: bool = True) -> str:
    """The report as HTML.

    standalone=True: a whole page with the stylesheet inline, what WeasyPrint
    (and the Chromium benchmark) print. standalone=False: a fragment for the
    browser preview that links the static stylesheet (no inline style/script,
    so it fits the portal's CSP).
    """
    return _render(doc, standalone=standalone)


def render_pdf_html(doc: ReportDocument) -> str:
    """What WeasyPrint prints: the standalone page plus line-break hints."""
    return _render(doc, standalone=True, hints=True)


def _render(doc: ReportDocument, *, standalone: bool, hints: bool = False) -> str:
    ctx = context(doc, hints=hints)
    if standalone:
        # Our own CSS file and generated @font-face rules, never staff text.
        ctx["css"] = mark_safe(document_css())  # noqa: S308
        return render_to_string("reports/document/document.html", ctx)
    return render_to_string("reports/document/preview.html", ctx)
