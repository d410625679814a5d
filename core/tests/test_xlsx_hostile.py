"""Hostile workbooks against the shared importer (core.xlsx): a Chinese message naming
the problem, never a 500, never more than a few MB of memory.

The workbooks are written here with zipfile and hand-written XML, so each one is
exactly the attack it names (openpyxl would not write a cell at r="1A").
"""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.urls import reverse

from accounts.models import Community
from core.tests.test_xlsx import CommunityImporter
from core.xlsx import RowError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<workbook xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    "</Relationships>"
)


def cell(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def data_row(number, name="甲社区", kind="community"):
    return f'<row r="{number}">{cell(f"A{number}", name)}{cell(f"B{number}", kind)}</row>'


HEADER = f'<row r="1">{cell("A1", "名称")}{cell("B1", "类别")}</row>'


def xlsx(sheet_data, *, dimension=None, shared_strings=None):
    """A workbook whose first sheet's <sheetData> is `sheet_data` (a str or an iterable
    of str chunks, streamed into the zip so a huge sheet is never whole in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode())
            for chunk in shared_strings or ():
                part.write(chunk.encode())
            part.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode())
            if dimension:
                part.write(f'<dimension ref="{dimension}"/>'.encode())
            part.write(b"<sheetData>")
            for chunk in [sheet_data] if isinstance(sheet_data, str) else sheet_data:
                part.write(chunk.encode())
            part.write(b"</sheetData></worksheet>")
    buffer.seek(0)
    buffer.name = "台账.xlsx"
    return buffer


def whitespace(megabytes):
    chunk = " " * (1 << 20)
    for _ in range(megabytes):
        yield chunk


def read(file):
    """read_rows() with its peak memory (tracemalloc) and time."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        rows, errors = CommunityImporter().read_rows(file)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return rows, errors, peak, time.perf_counter() - started


MB = 1024 * 1024


def refused(file, *words):
    rows, errors, peak, seconds = read(file)
    assert rows == [] and len(errors) == 1, errors
    message = str(errors[0])
    for word in words:
        assert word in message, message
    assert peak < 50 * MB, f"{peak / MB:.0f} MB"
    assert seconds < 5
    return message


def test_a_cell_at_xfd1048576_is_refused_by_the_dimension_before_reading():
    sheet = HEADER + data_row(2) + f'<row r="1048576">{cell("XFD1048576", "x")}</row>'
    refused(xlsx(sheet, dimension="A1:XFD1048576"), "A1:XFD1048576", "超过导入上限")


def test_a_cell_at_xfd1048576_without_a_dimension_is_refused_at_its_row():
    sheet = HEADER + data_row(2) + f'<row r="1048576">{cell("XFD1048576", "x")}</row>'
    refused(xlsx(sheet), "第 1048576 行", "含空行")


def test_a_cell_far_to_the_right_is_refused():
    refused(xlsx(HEADER + f'<row r="2">{cell("A2", "甲")}{cell("XFD2", "x")}</row>'), "XFD 列", "上限")


def test_200000_empty_rows_do_not_slip_past_the_row_cap():
    def rows():
        yield HEADER
        for number in range(2, 200_002):
            yield f'<row r="{number}" ht="15" customHeight="1"/>'
        yield data_row(200_002)

    refused(xlsx(rows()), "含空行", "请删除多余的行")


def test_blank_rows_within_the_cap_are_skipped_and_not_counted(settings):
    settings.IMPORT_MAX_ROWS = 3
    # Blank (formatted) rows between data rows: tolerated up to as many again as the cap.
    blank = "".join(f'<row r="{n}" ht="15" customHeight="1"/>' for n in range(4, 7))
    rows, errors, _, _ = read(xlsx(HEADER + data_row(2) + data_row(3, "乙村") + blank + data_row(7, "丙村")))
    assert errors == []
    assert [number for number, _ in rows] == [2, 3, 7]


def test_more_data_rows_than_the_cap_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    rows, errors, _, _ = read(xlsx(HEADER + "".join(data_row(n, f"社区{n}") for n in range(2, 6))))
    assert rows == [] and "一次最多导入 3 行" in str(errors[0])


def test_a_sheet_that_inflates_1000_times_is_refused_before_it_is_read():
    bomb = xlsx(whitespace(40))  # 40 MB of sheet in a file of ~40 KB
    assert len(bomb.getvalue()) < 100_000
    refused(bomb, "xl/worksheets/sheet1.xml", "压缩比异常", "压缩炸弹")


def test_shared_strings_that_inflate_are_refused_before_they_are_read():
    refused(xlsx(HEADER, shared_strings=["<si><t>", *whitespace(20), "</t></si>"]), "sharedStrings", "压缩比异常")


def test_a_workbook_larger_than_the_unzipped_cap_is_refused(settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1 * MB
    sheet = HEADER + "".join(data_row(n, f"社区{n:05d}") for n in range(2, 12_000))
    refused(xlsx(sheet), "解压后", "超过 1 MB")


def test_a_file_over_the_size_cap_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024
    refused(xlsx(HEADER + "".join(data_row(n, f"社区{n}") for n in range(2, 200))), "超过", "MB 的上限")


def test_text_longer_than_an_excel_cell_is_refused():
    refused(xlsx(HEADER + f'<row r="2">{cell("A2", "长" * 40_000)}</row>'), "32767", "字符")


@pytest.mark.parametrize(
    "row_xml, words",
    [
        (f'<row r="2">{cell("A0", "甲")}</row>', ["第 2 行", "“A0”无效"]),
        (f'<row r="2">{cell("ZZZZ2", "甲")}</row>', ["“ZZZZ2”无效"]),
        (f'<row r="2">{cell("ZZZZ1", "甲")}</row>', ["“ZZZZ1”无效"]),
        (f'<row r="2">{cell("1A", "甲")}</row>', ["“1A”无效"]),
        (f'<row r="2">{cell("XFE2", "甲")}</row>', ["“XFE2”无效"]),  # one past Excel's last column
        (f'<row r="2">{cell("A3", "甲")}</row>', ["“A3”无效"]),  # not in its row
        (f'<row r="2">{cell("B2", "甲")}{cell("A2", "乙")}</row>', ["单元格的顺序异常"]),
        (f'<row r="x">{cell("A2", "甲")}</row>', ["行号“x”无效"]),
        (f'<row r="0">{cell("A2", "甲")}</row>', ["行号“0”无效"]),
        (data_row(3) + data_row(2), ["行的顺序异常"]),
    ],
)
def test_malformed_cell_references_are_refused_with_a_message(row_xml, words):
    refused(xlsx(HEADER + row_xml), *words, "另存为")


def test_a_damaged_cell_value_is_a_message_not_an_exception():
    # A shared-string index past the end of the (empty) table: openpyxl raises IndexError.
    rows, errors, _, _ = read(xlsx(HEADER + '<row r="2"><c r="A2" t="s"><v>99</v></c></row>'))
    assert rows == [] and errors == [RowError(2, "", errors[0].message)]
    assert "无法识别" in errors[0].message


def test_a_dimension_claiming_less_than_the_sheet_holds_loses_no_row():
    sheet = HEADER + "".join(data_row(n, f"社区{n}") for n in range(2, 8))
    rows, errors, _, _ = read(xlsx(sheet, dimension="A1:B2"))
    assert errors == [] and len(rows) == 6


def test_an_entity_bomb_in_the_sheet_is_refused_in_little_memory():
    # Billion laughs in the sheet: expat refuses entity expansion beyond its limits,
    # and no entity is ever resolved from outside (XXE).
    lol = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8)
    )
    buffer = xlsx(HEADER)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = (
        sheet.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>' + lol + "]>")
        .replace("</sheetData>", f'<row r="2">{cell("A2", "&i;")}</row></sheetData>')
        .encode()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    out.seek(0)
    rows, errors, peak, _ = read(out)
    assert rows == [] and errors and peak < 50 * MB


def test_garbage_and_empty_files_are_messages():
    for content in (b"", b"PK\x03\x04 truncated", b"<html>"):
        _, errors, _, _ = read(io.BytesIO(content))
        assert "无法读取" in str(errors[0])
    _, errors, _, _ = read(xlsx(""))
    assert str(errors[0]) == "文件是空的。"


IMPORT_URLS = ["disputes:dispute_import", "enforcement:officer_import", "publicity:entry_import", "indicators:import"]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", IMPORT_URLS)
@pytest.mark.parametrize(
    "make_file, words",
    [
        (lambda: xlsx(HEADER + f'<row r="1048576">{cell("XFD1048576", "x")}</row>'), "含空行"),
        (lambda: xlsx(HEADER + f'<row r="2">{cell("1A", "甲")}</row>'), "“1A”无效"),
        (lambda: xlsx(whitespace(40)), "压缩炸弹"),
    ],
)
def test_every_import_page_answers_a_hostile_workbook_with_its_message(clerk, url_name, make_file, words):
    response = clerk.post(reverse(url_name), {"file": make_file()})
    assert response.status_code == 200
    assert words in response.content.decode()
    assert Community.objects.count() == 0
