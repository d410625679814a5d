"""The report renderers: HTML preview, GB/T 9704-2012 PDF, Word.

The PDF is checked the way a reader would: with poppler's pdfinfo, pdffonts,
pdftotext (plain, -layout and -bbox-layout) and pdfdetach. One 6-page render of
the 2023 seed report is shared by the module (rendering takes ~1 s cold).
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
import pytest

from reports.document import Block
from reports.rendering import render_docx, render_html, render_pdf
from reports.rendering.checks import check_harfbuzz_subset, ensure_harfbuzz_subset, harfbuzz_subset_problem
from reports.rendering.fonts import ROLES
from reports.rendering.html import CSS_PATH, break_hints, label, layout_blocks
from reports.rendering.sample import sample_document

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, RIGHT = 28 * MM, PAGE_W - 26 * MM  # 订口 28 mm, right 26 mm
TOP, BOTTOM = 37 * MM, PAGE_H - 35 * MM  # 天头 37 mm, bottom 35 mm
LINE = 28.95
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


def poppler(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", PAGE_NUMBER.sub("", text))


def bbox_lines(pdf_path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page: (xMin, yMin, xMax, yMax, text) of each line pdftotext sees."""
    html = poppler("pdftotext", "-bbox-layout", str(pdf_path), "-")
    pages = []
    for page in html.split("<page ")[1:]:
        lines = []
        for x0, y0, x1, y1, body in re.findall(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', page, re.S
        ):
            text = "".join(re.findall(r">([^<]*)</word>", body))
            lines.append((float(x0), float(y0), float(x1), float(y1), text))
        pages.append(lines)
    return pages


def width_in_chars(text: str) -> float:
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


@pytest.fixture(scope="module")
def report():
    return sample_document()


@pytest.fixture(scope="module")
def pdf_path(report, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(render_pdf(report))
    return path


@pytest.fixture(scope="module")
def draft_pdf_path(tmp_path_factory):
    doc = sample_document(draft_mark="草稿")
    doc.blocks = doc.blocks[:6]  # two pages
    path = tmp_path_factory.mktemp("pdf") / "draft.pdf"
    path.write_bytes(render_pdf(doc))
    return path


# ---- outline → paragraphs ----


@pytest.mark.parametrize(
    ("level", "number", "expected"),
    [
        (1, "一", "一、"),
        (1, "二、", "二、"),
        (2, "三", "（三）"),
        (2, "(四)", "（四）"),
        (3, "一", "一是"),
        (3, "二是", "二是"),
        (4, "1", "1."),
        (4, "（1）", "（1）"),
        (2, "", ""),
    ],
)
def test_heading_numbers_follow_gbt9704_whatever_the_outline_stores(level, number, expected):
    assert label(Block(level, number, "标题")) == expected


def test_run_in_headings_lead_their_first_paragraph():
    paragraphs = layout_blocks(
        [
            Block(1, "一、", "总体情况"),
            Block(2, "（一）", "强化组织领导", "第一段。\n\n第二段。"),
            Block(3, "一是", "深入学习。", "正文一。\n正文二。"),
            Block(3, "二是", "没有句号", "正文。"),
            Block(4, "1.", "单独一行"),
        ]
    )
    assert [(p.kind, p.lead, p.text) for p in paragraphs] == [
        ("h1", "", "一、总体情况"),
        ("h2", "", "（一）强化组织领导"),
        ("p", "", "第一段。"),
        ("p", "", "第二段。"),
        ("p", "一是深入学习。", "正文一。"),
        ("p", "", "正文二。"),
        ("p", "二是没有句号。", "正文。"),
        ("h4", "", "1.单独一行"),
    ]


def test_break_hints_let_a_line_break_around_chinese_quotes_only_where_allowed():
    assert break_hints("全区“5+2”产业") == "全区\u200b“5+2”\u200b产业"
    assert break_hints("“网上办”“自助办”") == "“网上办”\u200b“自助办”"
    # never before closing punctuation, which must not start a line
    assert break_hints("“八五”，") == "“八五”，"


# ---- HTML ----


def test_standalone_html_holds_every_paragraph_and_the_signature(report):
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>") or "<!DOCTYPE html>" in html[:200]
    assert '<html lang="zh-CN">' in html
    for p in layout_blocks(report.blocks):
        if p.lead:
            assert f'<span class="gw-lead">{p.lead}</span>{p.text}</p>' in html
        else:
            assert f"{p.text}</" in html
    assert "重庆市大渡口区八桥镇人民政府" in html
    assert "2024年1月24日" in html  # 成文日期 in Arabic digits
    assert "\u200b" not in html  # break hints are for the PDF only


def test_preview_fragment_uses_the_static_stylesheet_without_inline_style_or_script(report):
    html = render_html(report, standalone=False)
    assert "<html" not in html and "<style" not in html and "<script" not in html
    assert 'href="/static/reports/document.css"' in html
    assert 'class="gw-document"' in html


def test_staff_text_is_escaped_in_html(report):
    doc = sample_document()
    doc.blocks.append(Block(3, "五是", "<b>加粗</b>", '<script>alert("x")</script>'))
    doc.signer = "<img src=x onerror=alert(1)>"
    for html in (render_html(doc), render_html(doc, standalone=False)):
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "<b>" not in html
        assert "<img" not in html


def test_stylesheet_font_lists_match_the_font_roles():
    css = CSS_PATH.read_text(encoding="utf-8")
    for role in ROLES:
        names = ", ".join(f'"{n}"' for n in (*role.licensed, *role.free))
        assert names in css, role.label
    for value in ("line-height: 28.95pt", "letter-spacing: -0.21pt", "text-indent: 31.58pt", "size: A4"):
        assert value in css


def test_addressee_gets_a_full_width_colon():
    doc = sample_document()
    doc.addressee = "大渡口区委、区政府"
    assert '<p class="gw-addressee">大渡口区委、区政府：</p>' in render_html(doc)


# ---- PDF ----


def test_pdf_pages_are_a4(pdf_path):
    info = poppler("pdfinfo", "-f", "1", "-l", "99", str(pdf_path))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    sizes = re.findall(r"^Page\s+\d+ size:\s+(.*)$", info, re.M)
    assert pages >= 5
    assert len(sizes) == pages
    assert all(size.startswith("595.276 x 841.89 pts (A4)") for size in sizes)
    assert re.search(r"^Title:\s+重庆市大渡口区八桥镇人民政府2023年法治政府建设年度报告$", info, re.M)


def test_pdf_fonts_are_embedded_and_fill_the_official_roles(pdf_path):
    rows = poppler("pdffonts", str(pdf_path)).splitlines()[2:]
    assert rows
    for row in rows:
        emb, sub = row.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), row
    names = " ".join(row.split()[0] for row in rows)
    # the free stand-ins: 小标宋 (bold serif), 仿宋 (serif), 黑体 (sans), 楷体
    for face in ("Noto-Serif-CJK-SC-Bold", "Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "AR-PL-KaitiM-GB"):
        assert face in names


def test_pdf_text_contains_every_paragraph(pdf_path, report):
    text = squash(poppler("pdftotext", str(pdf_path), "-"))
    assert text.startswith("重庆市大渡口区八桥镇人民政府2023年法治政府建设年度报告2023年，八桥镇")
    for p in layout_blocks(report.blocks):
        assert squash(p.lead + p.text) in text
    assert "今年共调解矛盾纠纷788件，调解成功率达98%以上" in text
    assert text.endswith("重庆市大渡口区八桥镇人民政府2024年1月24日")


def test_pdf_holds_the_22_lines_by_28_characters_grid(pdf_path):
    pages = bbox_lines(pdf_path)
    assert len(pages) >= 5
    full_lines = 0
    for number, lines in enumerate(pages, start=1):
        body = [ln for ln in lines if not PAGE_NUMBER.fullmatch(ln[4].replace(" ", ""))]
        # grid row of each line: its bbox centre lies inside its 28.95 pt line box
        rows = {int(((ln[1] + ln[3]) / 2 - TOP) // LINE) for ln in body}
        # text block: nothing outside 156 × 225 mm
        assert min(ln[0] for ln in body) >= LEFT - 0.5
        assert max(ln[2] for ln in body) <= RIGHT + 0.5
        assert min(rows) == 0 and max(rows) <= 21
        if 1 < number < len(pages):  # body-only pages are full: 22 lines
            assert rows == set(range(22)), (number, sorted(rows))
        for ln in body:
            assert width_in_chars(ln[4]) <= 28, ln
            full_lines += width_in_chars(ln[4]) == 28 and ln[2] > RIGHT - 1
    # Most lines run the full 28 characters to the right edge. (A line whose
    # next character drags a 。，” along may end one character short: WeasyPrint
    # justifies at spaces only, not between CJK characters.)
    assert full_lines >= 30


def dash_tops_mm(pdf_path: Path, page: int) -> list[float]:
    """Upper ink edge of each 一字线 of a page's number, in mm below the text block.

    GB/T 9704-2012 7.5 places the 一字线 itself ("一字线上距版心下边缘7mm"), so
    we measure the dash's ink: pdftotext's word box is the font's ascent-to-
    descent box, which starts higher than the dash by a font-dependent amount
    (about 3 mm here). The word boxes give each dash's columns; the page's
    band below the text block is rasterised at 600 dpi (0.04 mm a pixel) and
    the first dark row in those columns is the dash's top.
    """
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">—</word>',
        poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf_path), "-"),
    )
    dpi = 600
    px_per_pt = dpi / 72
    top = round(BOTTOM * px_per_pt)
    raster = subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray"]
        + ["-x", "0", "-y", str(top), "-W", str(round(PAGE_W * px_per_pt)), "-H", str(round(35 * MM * px_per_pt))]
        + [str(pdf_path)],
        check=True,
        capture_output=True,
    ).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raster)
    width, height = int(header[1]), int(header[2])
    pixels = raster[header.end() :]
    tops = []
    for x0, x1 in words:
        columns = range(int(float(x0) * px_per_pt), int(float(x1) * px_per_pt) + 1)
        row = next(r for r in range(height) if min(pixels[r * width + c] for c in columns) < 128)
        tops.append(row / px_per_pt / MM)
    return tops


def test_page_numbers_alternate_right_and_left_seven_mm_below_the_block(pdf_path):
    pages = bbox_lines(pdf_path)
    for number, lines in enumerate(pages, start=1):
        (x0, _y0, x1, _y1, text) = next(ln for ln in lines if PAGE_NUMBER.fullmatch(ln[4].replace(" ", "")))
        assert re.sub(r"\s", "", text) == f"—{number}—"
        if number % 2:  # odd: right, 空一字 (14 pt)
            assert abs(x1 - (RIGHT - 14)) < 2, (number, x1)
        else:  # even: left, 空一字
            assert abs(x0 - (LEFT + 14)) < 2, (number, x0)
    # GB/T 9704-2012 7.5: 一字线上距版心下边缘7mm (measured 10.2 mm before #17)
    for number in (1, 2):
        tops = dash_tops_mm(pdf_path, number)
        assert len(tops) == 2
        assert all(abs(t - 7) <= 0.5 for t in tops), (number, tops)


def test_page_number_keeps_seven_mm_in_a_licensed_songti(tmp_path, settings):
    """A deployment's own 宋体 sets its 一字线 at another height than Noto Serif
    CJK SC (DejaVu Sans Mono Bold: 0.64 mm higher in the line); the margin box
    follows the face that prints the number."""
    from fontTools.ttLib import TTFont

    font = TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf")
    font["name"].names = [r for r in font["name"].names if r.platformID == 3]
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "宋体"
        if record.nameID == 6:
            record.string = "SimSun-Test"
    font.save(tmp_path / "simsun.ttf")
    settings.REPORT_FONTS_DIR = tmp_path
    doc = sample_document()
    doc.blocks = doc.blocks[:2]
    path = tmp_path / "x.pdf"
    path.write_bytes(render_pdf(doc))
    assert "+宋体 " in poppler("pdffonts", str(path))
    tops = dash_tops_mm(path, 1)
    assert len(tops) == 2 and all(abs(t - 7) <= 0.5 for t in tops), tops


def test_title_is_centred_and_signature_right_aligned(pdf_path):
    pages = bbox_lines(pdf_path)
    title = pages[0][0]
    assert title[4] == "重庆市大渡口区八桥镇人民政府"
    assert abs((title[0] + title[2]) / 2 - (LEFT + RIGHT) / 2) < 2
    last = [ln for ln in pages[-1] if not PAGE_NUMBER.fullmatch(ln[4].replace(" ", ""))]
    signer, date = last[-2], last[-1]
    assert (signer[4], date[4]) == ("重庆市大渡口区八桥镇人民政府", "2024年1月24日")
    assert abs(signer[2] - (RIGHT - 2 * 15.79)) < 2  # 右空二字
    assert abs(date[0] - (signer[0] + 2 * 15.79)) < 2  # date starts two characters further right


def test_draft_mark_shows_on_every_page_of_a_draft_only(draft_pdf_path, pdf_path):
    # -raw: the mark is set diagonally, which the default mode leaves out
    draft_text = poppler("pdftotext", "-raw", str(draft_pdf_path), "-")
    pages = draft_text.split("\f")[:-1]
    assert len(pages) == 2 and all("草稿" in squash(page) for page in pages)
    assert "草稿" not in squash(poppler("pdftotext", "-raw", str(pdf_path), "-"))


def test_script_in_narrative_prints_as_text(tmp_path):
    doc = sample_document()
    doc.blocks = [Block(0, text='正文<script>alert("x")</script>结束')]
    path = tmp_path / "x.pdf"
    path.write_bytes(render_pdf(doc))
    assert '正文<script>alert("x")</script>结束' in squash(poppler("pdftotext", str(path), "-"))


def test_pdf_has_no_embedded_file(pdf_path):
    assert poppler("pdfdetach", "-list", str(pdf_path)).strip() == "0 embedded files"


def test_licensed_fonts_in_the_fonts_folder_are_used(tmp_path, settings):
    from fontTools.ttLib import TTFont

    font = TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
    font["name"].names = [r for r in font["name"].names if r.platformID == 3]
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "仿宋_GB2312"
        if record.nameID == 6:
            record.string = "FangSongGB2312-Test"
    font.save(tmp_path / "fangsong.ttf")
    settings.REPORT_FONTS_DIR = tmp_path

    from reports.rendering.fonts import font_face_css

    assert f'font-family: "仿宋_GB2312"; font-weight: 400; src: url("{(tmp_path / "fangsong.ttf").as_uri()}")' in (
        font_face_css()
    )
    doc = sample_document()
    doc.blocks = doc.blocks[:2]  # 2023 in the opening paragraph: Latin digits in the licensed face
    path = tmp_path / "x.pdf"
    path.write_bytes(render_pdf(doc))
    assert "仿宋_GB2312" in poppler("pdffonts", str(path))


# ---- start-up guard ----


def test_harfbuzz_subset_is_present_here():
    harfbuzz_subset_problem.cache_clear()
    assert harfbuzz_subset_problem() == ""
    assert check_harfbuzz_subset() == []
    from weasyprint.text.ffi import harfbuzz_subset

    assert harfbuzz_subset


def test_missing_harfbuzz_subset_fails_loudly(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from reports.rendering import checks

    monkeypatch.setattr(checks, "_dlopen", lambda names: None)
    checks.harfbuzz_subset_problem.cache_clear()
    try:
        errors = check_harfbuzz_subset()
        assert [e.id for e in errors] == ["reports.E001"]
        assert "libharfbuzz-subset0" in errors[0].msg
        with pytest.raises(ImproperlyConfigured, match="libharfbuzz-subset0"):
            ensure_harfbuzz_subset()
        with pytest.raises(ImproperlyConfigured):
            render_pdf(sample_document())
    finally:
        checks.harfbuzz_subset_problem.cache_clear()


# ---- Word ----


def test_docx_holds_the_same_outline_fonts_and_page_setup(report):
    document = docx.Document(io.BytesIO(render_docx(report)))
    paragraphs = layout_blocks(report.blocks)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1" if p.kind == "h1" else "Heading 2", p.text) for p in paragraphs if p.kind in ("h1", "h2")
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == report.title_lines
    for p in paragraphs:
        assert p.lead + p.text in texts
    assert texts[-2:] == ["重庆市大渡口区八桥镇人民政府", "2024年1月24日"]

    def east_asia(style):
        return style.element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")

    styles = document.styles
    assert east_asia(styles["Normal"]) == "仿宋_GB2312"
    assert east_asia(styles["公文标题"]) == "方正小标宋简体"
    assert east_asia(styles["Heading 1"]) == "黑体"
    assert east_asia(styles["Heading 2"]) == "楷体_GB2312"
    assert styles["Normal"].font.size.pt == 16 and styles["公文标题"].font.size.pt == 22
    assert styles["Normal"].paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)

    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert document.settings.odd_and_even_pages_header_footer
    odd_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in odd_xml and section.footer.paragraphs[0].text == "— 1 —"
    assert section.footer.paragraphs[0].alignment == 2  # right
    assert section.even_page_footer.paragraphs[0].alignment == 0  # left


def test_docx_marks_drafts_and_escapes_nothing_into_markup():
    doc = sample_document(draft_mark="草稿")
    doc.blocks.append(Block(0, text="<script>alert(1)</script>"))
    document = docx.Document(io.BytesIO(render_docx(doc)))
    assert document.sections[0].header.paragraphs[0].text == "草稿"
    assert "<script>alert(1)</script>" in [p.text for p in document.paragraphs]


def test_docx_section_carries_the_22_lines_by_28_characters_document_grid(report):
    """GB/T 9704-2012 7.2: the 公文 grid as Word's 文档网格 (w:docGrid, ECMA-376
    17.6.5), read from the file's XML; LibreOffice 7.4 set 27 characters a line
    before (checked by hand: 28 now, see reports/rendering/docx.py)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    document = docx.Document(io.BytesIO(render_docx(report)))
    sect_pr = document.sections[0]._sectPr
    grid = sect_pr.find(f"{w}docGrid")
    assert grid is not None and grid.get(f"{w}type") == "linesAndChars"
    line_pitch, char_space = int(grid.get(f"{w}linePitch")), int(grid.get(f"{w}charSpace"))
    assert (line_pitch, char_space) == (579, -848)
    block_w, block_h = (210 - 28 - 26) * MM, (297 - 37 - 35) * MM  # 156 × 225 mm
    # 22 lines and no more fit the block's height; 28 grid characters of the
    # 16 pt Normal font (charSpace: 4096ths of a point added to it) its width
    assert 22 * line_pitch / 20 <= block_h < 23 * line_pitch / 20
    pitch = 16 + char_space / 4096
    assert 28 * pitch <= block_w < 29 * pitch
    # page size and margins in twentieths of a point, as the file holds them
    size, margins = sect_pr.find(f"{w}pgSz"), sect_pr.find(f"{w}pgMar")
    assert (size.get(f"{w}w"), size.get(f"{w}h")) == ("11906", "16838")  # A4
    assert [round(int(margins.get(f"{w}{side}")) / 20 / MM) for side in ("top", "bottom", "left", "right")] == [
        37,
        35,
        28,
        26,
    ]

    # The body sets 28 characters by letter-spacing with snapping off (LibreOffice
    # gives a character wider than a grid cell two cells): 16 pt − 0.30 pt.
    normal = document.styles["Normal"].element
    assert normal.find(f"{w}pPr/{w}snapToGrid").get(f"{w}val") == "0"
    letter = int(normal.find(f"{w}rPr/{w}spacing").get(f"{w}val")) / 20
    assert 28 * (16 + letter) <= block_w < 29 * (16 + letter)
    # two-character first-line indent in grid characters, 顶格 where the style says so
    indent = normal.find(f"{w}pPr/{w}ind")
    assert indent.get(f"{w}firstLineChars") == "200"
    assert 2 * (16 + letter) <= int(indent.get(f"{w}firstLine")) / 20 <= 2 * pitch
    title = document.styles["公文标题"].element
    assert title.find(f"{w}pPr/{w}ind").get(f"{w}firstLineChars") == "0"
    assert title.find(f"{w}rPr/{w}spacing").get(f"{w}val") == "0"
    addressed = sample_document()
    addressed.addressee = "区委、区政府"
    addressee = docx.Document(io.BytesIO(render_docx(addressed))).paragraphs[3]
    assert addressee.text == "区委、区政府："
    assert addressee._p.find(f"{w}pPr/{w}ind").get(f"{w}firstLineChars") == "0"


def test_warm_up_lays_out_the_sample_report():
    """gunicorn's post_worker_init (baqiao/gunicorn_conf.py) loads the fonts before requests."""
    from reports.rendering import warm_up

    assert warm_up() > 0
