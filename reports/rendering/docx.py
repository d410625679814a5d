"""ReportDocument → .docx for the staff who finish the text in WPS/Word.

Same outline, numbering and page set-up as the PDF (GB/T 9704-2012: A4,
margins 37/35/28/26 mm, 三号仿宋 at a fixed 28.95 pt line pitch, 22 lines ×
28 characters), with the official font names written for East Asian text
(w:eastAsia), so the file looks right on an office PC that has the licensed
fonts.

The section carries the 公文 document grid (w:docGrid linesAndChars, 22 lines ×
28 characters: Word/WPS 页面设置 → 文档网格, as 公文 templates set it). The body
reaches 28 characters a line by letter-spacing, not by snapping to that grid:
LibreOffice (7.4 and today's code) puts a character wider than a grid cell into
two cells, so a grid condensed below the 16 pt font prints 14 characters a line
there; with snapping off every word processor sets the same 28 characters on
the same 28.95 pt lines, which is where the grid would have put them.

Headings use Word's built-in 标题 1 / 标题 2 styles so the navigation
pane shows the outline. Page numbers "— N —" are PAGE fields in odd/even
footers: odd right, even left, each inset one character.
"""

from __future__ import annotations

import dataclasses
import io
import math

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from core.text import strip_xml_illegal
from reports.document import ReportDocument, cn_date

from .fonts import FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG
from .html import addressee_line, layout_blocks

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号

# GB/T 9704-2012 7.1/7.2: text block 156 × 225 mm, 22 lines × 28 characters of 三号.
BLOCK_WIDTH, BLOCK_HEIGHT = Mm(156), Mm(225)
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# w:docGrid (ECMA-376 Part 1, 17.6.5): linePitch in twentieths of a point;
# charSpace = (character pitch − the Normal style's font size) × 4096. Both
# rounded down so that 22 lines and 28 characters fit: 579 (28.95 pt) and −848
# (a pitch of 15.793 pt).
GRID_LINE_PITCH = math.floor(BLOCK_HEIGHT.pt * 20 / LINES_PER_PAGE)
GRID_CHAR_SPACE = math.floor((BLOCK_WIDTH.pt / CHARS_PER_LINE - BODY_SIZE.pt) * 4096)
LINE_PITCH = Twips(GRID_LINE_PITCH)
CHAR = Twips(math.floor((BODY_SIZE.pt + GRID_CHAR_SPACE / 4096) * 20))  # one grid character, 15.75 pt
# Letter-spacing of body text in twentieths of a point (w:spacing has no finer
# unit). −0.21 pt is exact (CSS); −0.20 pt (−4) leaves 27 characters a line, as
# LibreOffice showed; −0.25 pt (−5) is enough on paper (28 × 15.75 = 441 pt of
# 442.2) but LibreOffice still set 27 with the grid present; −0.30 pt holds 28
# there and in Word (29 characters would need 455 pt).
BODY_LETTER_SPACING = -6
DRAFT_RED = RGBColor(0xC0, 0x00, 0x00)


def _set_fonts(rpr_owner, name: str) -> None:
    """Write `name` for every script (ascii, hAnsi, eastAsia, cs) and drop the
    theme-font attributes, which Word would otherwise prefer."""
    rfonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()  # keeps the schema order
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


_SPACING_SUCCESSORS = tuple(
    f"w:{t}"
    for t in "w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
    "eastAsianLayout specVanish oMath".split()
)


def _set_char_spacing(rpr_owner, twentieths: int) -> None:
    rpr = rpr_owner.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        # CT_RPr is a sequence: Word rejects a file whose w:spacing comes late.
        rpr.insert_element_before(spacing, *_SPACING_SUCCESSORS)
    spacing.set(qn("w:val"), str(twentieths))


def _style_font(style, role, size, *, bold=False) -> None:
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element, role.official)


def _paragraph_format(fmt, *, indent_chars: int = 2, align=WD_ALIGN_PARAGRAPH.JUSTIFY) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.left_indent = Pt(0)
    fmt.widow_control = False  # keep the 22-line grid
    fmt.alignment = align
    _first_line_chars(fmt, indent_chars)


def _first_line_chars(fmt, chars: int) -> None:
    """The first-line indent in characters: w:firstLineChars (hundredths), which
    Word/WPS prefer — also over a w:firstLine of the paragraph when the
    characters come from its style, so 顶格 paragraphs set both — and
    w:firstLine in points for LibreOffice."""
    fmt.first_line_indent = CHAR * chars
    fmt._element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), str(chars * 100))


# CT_PPr is a sequence (ECMA-376 17.3.1.26): what may follow w:snapToGrid.
_SNAP_TO_GRID_SUCCESSORS = tuple(
    f"w:{t}"
    for t in "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange".split()
)


def _no_grid_snapping(style) -> None:
    """w:snapToGrid=0 (段落 → 如果定义了文档网格，则对齐到网格: off); see the module docstring."""
    ppr = style.element.get_or_add_pPr()
    snap = ppr.find(qn("w:snapToGrid"))
    if snap is None:
        snap = OxmlElement("w:snapToGrid")
        ppr.insert_element_before(snap, *_SNAP_TO_GRID_SUCCESSORS)
    snap.set(qn("w:val"), "0")


def _setup_styles(document) -> None:
    styles = document.styles
    # Document defaults: no theme fonts, Chinese language.
    rpr_default = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr_default is not None:
        rfonts = rpr_default.find(qn("w:rFonts"))
        if rfonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                rfonts.set(qn(attr), FANGSONG.official)
        lang = rpr_default.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr_default.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    _style_font(normal, FANGSONG, BODY_SIZE)
    _set_char_spacing(normal.element, BODY_LETTER_SPACING)  # 28 characters a line
    _paragraph_format(normal.paragraph_format)
    _no_grid_snapping(normal)  # inherited by every style based on Normal

    title = styles.add_style("公文标题", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    _style_font(title, XIAOBIAOSONG, TITLE_SIZE)
    _set_char_spacing(title.element, 0)
    _paragraph_format(title.paragraph_format, indent_chars=0, align=WD_ALIGN_PARAGRAPH.CENTER)

    for name, role in (("Heading 1", HEITI), ("Heading 2", KAITI)):
        style = styles[name]
        _style_font(style, role, BODY_SIZE)
        _paragraph_format(style.paragraph_format, align=WD_ALIGN_PARAGRAPH.LEFT)
        style.paragraph_format.keep_with_next = True

    plain = styles.add_style("公文署名", WD_STYLE_TYPE.PARAGRAPH)
    plain.base_style = normal
    _paragraph_format(plain.paragraph_format, indent_chars=0, align=WD_ALIGN_PARAGRAPH.RIGHT)
    plain.paragraph_format.keep_with_next = True

    footer = styles.add_style("公文页码", WD_STYLE_TYPE.PARAGRAPH)
    _style_font(footer, SONGTI, PAGE_NUMBER_SIZE)
    footer.paragraph_format.space_before = Pt(0)
    footer.paragraph_format.space_after = Pt(0)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    footer.paragraph_format.line_spacing = Pt(18)
    footer.paragraph_format.first_line_indent = Pt(0)


def _page_setup(section) -> None:
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The number's line (18 pt) ends so that its top sits 7 mm below the block.
    section.footer_distance = Mm(35 - 7) - Pt(18)
    _document_grid(section)


def _document_grid(section) -> None:
    """文档网格 "指定行和字符网格": 22 lines × 28 characters per page."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.insert_element_before(grid, "w:printerSettings", "w:sectPrChange")
    grid.attrib.clear()
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(GRID_LINE_PITCH))
    grid.set(qn("w:charSpace"), str(GRID_CHAR_SPACE))


def _page_number(paragraph) -> None:
    """ "— N —" with N a PAGE field (updated by Word/WPS on open and print)."""
    paragraph.add_run("— ")
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, placeholder, end):
        run._r.append(element)
    paragraph.add_run(" —")


def _footers(document, section) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.style = document.styles["公文页码"]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = PAGE_NUMBER_SIZE  # 空一字
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.style = document.styles["公文页码"]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    _page_number(even)


def _draft_headers(section, mark: str) -> None:
    for header in (section.header, section.even_page_header):
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(mark)
        run.font.size = Pt(16)
        run.font.bold = True
        run.font.color.rgb = DRAFT_RED
        _set_fonts(run._r, HEITI.official)


def _width_in_chars(text: str) -> float:
    """Approximate printed width: CJK one character, ASCII half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def _xml_safe(doc: ReportDocument) -> ReportDocument:
    """`doc` without the control characters lxml refuses (\x01 … pasted from Word or
    WeChat); forms strip them since issue #16, but a published revision keeps its text."""
    return dataclasses.replace(
        doc,
        title_lines=[strip_xml_illegal(line) for line in doc.title_lines],
        blocks=[
            dataclasses.replace(
                block,
                number=strip_xml_illegal(block.number),
                heading=strip_xml_illegal(block.heading),
                text=strip_xml_illegal(block.text),
            )
            for block in doc.blocks
        ],
        addressee=strip_xml_illegal(doc.addressee),
        signer=strip_xml_illegal(doc.signer),
        draft_mark=strip_xml_illegal(doc.draft_mark),
    )


def render_docx(doc: ReportDocument) -> bytes:
    doc = _xml_safe(doc)
    document = Document()
    _setup_styles(document)
    section = document.sections[0]
    _page_setup(section)
    _footers(document, section)
    if doc.draft_mark:
        _draft_headers(section, doc.draft_mark)
    props = document.core_properties
    props.title = doc.title
    props.author = doc.signer
    props.language = "zh-CN"

    # Remove the template's empty first paragraph.
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    for line in doc.title_lines:
        document.add_paragraph(line, style="公文标题")
    document.add_paragraph("")  # 标题下空一行
    if addressee := addressee_line(doc):
        _first_line_chars(document.add_paragraph(addressee).paragraph_format, 0)  # 顶格

    for para in layout_blocks(doc.blocks):
        if para.kind == "h1":
            document.add_paragraph(para.text, style="Heading 1")
        elif para.kind == "h2":
            document.add_paragraph(para.text, style="Heading 2")
        else:
            paragraph = document.add_paragraph()
            if para.lead:
                paragraph.add_run(para.lead)
            paragraph.add_run(para.text)

    signed_on = cn_date(doc.signed_on)
    if doc.signer or signed_on:
        document.add_paragraph("", style="公文署名")  # 正文下空一行
        # GB/T 9704-2012 7.3.5.2: signer 右空二字; the date starts two characters
        # right of the signer; a longer date pushes the signer left instead.
        signer_w, date_w = _width_in_chars(doc.signer), _width_in_chars(signed_on)
        signer_right = max(2.0, date_w + 2 + 2 - signer_w) if doc.signer else 0
        date_right = max(2.0, signer_right + signer_w - 2 - date_w) if doc.signer else 2.0
        if doc.signer:
            p = document.add_paragraph(doc.signer, style="公文署名")
            p.paragraph_format.right_indent = int(CHAR * signer_right)
        if signed_on:
            p = document.add_paragraph(signed_on, style="公文署名")
            p.paragraph_format.right_indent = int(CHAR * date_right)
            p.paragraph_format.keep_with_next = False

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
