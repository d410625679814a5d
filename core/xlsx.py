"""Excel (xlsx) import and export shared by every register (openpyxl).

Import is all-or-nothing: every row is validated through the app's own form
(the same rules as the web form), errors are reported by row and column in
Chinese, and rows are saved only when the whole sheet is clean — inside one
transaction, so a process killed midway leaves the database unchanged.

An upload is treated as hostile: its size, its zip directory (unzipped size,
compression ratio) and its first sheet's rows and cell references are checked
in constant memory before openpyxl streams it, and any problem is a Chinese
message naming it (tests: core/tests/test_xlsx_hostile.py).

The ledgers' exports (filtered list, personal data masked unless the user may see it,
audited with the row count) are core/registers/export.py; this module gives them
xlsx_response() and _export_value() (text that can never run as a formula).

Usage in an app:

    class OfficerImporter(XlsxImporter):
        title = "执法人员台账"
        columns = [
            Column("姓名", "name", required=True, example="张三"),
            Column("身份证号", "id_number", required=True, example="110101199003071234"),
            ...
        ]
        form_class = OfficerImportForm   # a (Org)ModelForm; gets organization=

        def save_row(self, form, *, organization, user):
            return form.save()
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.exceptions import CellCoordinatesException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.xml.constants import SHEET_MAIN_NS

from core import figure_cache
from core.audit import log_event
from core.text import strip_xml_illegal

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MB = 1024 * 1024

# Bounds on the shape of an uploaded workbook, checked before openpyxl reads it.
# The size caps are settings (IMPORT_MAX_MB, IMPORT_MAX_UNZIPPED_MB, IMPORT_MAX_ROWS);
# these are technical: no workbook filled from our templates comes near them.
# Parts of a real xlsx deflate 5–30×; a zip bomb is built near deflate's limit of ~1000×.
MAX_COMPRESSION_RATIO = 100
# Tiny parts (styles, relationships) can compress oddly well and cost nothing to read.
RATIO_CHECKED_FROM_BYTES = 1 * MB
# An xlsx has a few dozen parts; a zip of thousands would cost memory just to list.
MAX_PARTS = 1000
# Our templates have fewer than 40 columns.
MAX_SHEET_COLUMNS = 200
# Blank rows between data rows are tolerated up to as many again as the data-row
# limit; beyond that the sheet is refused before it is read, so a few formatted
# rows at 1,048,576 cannot make the reader walk a million empty ones.
BLANK_ROW_ALLOWANCE = 2
# Excel's own limits (Excel specifications and limits).
EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384
MAX_CELL_CHARS = 32_767

_CELL_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
# The tags openpyxl reads rows from (expat names them "namespace local-name").
_ROW, _CELL, _DIMENSION = (f"{SHEET_MAIN_NS} {tag}" for tag in ("row", "c", "dimension"))


@dataclass
class Column:
    header: str
    field: str
    required: bool = False
    help: str = ""
    example: str = ""


@dataclass
class RowError:
    row: int  # spreadsheet row number, as the clerk sees it in Excel
    column: str  # column header ("" for an error about the whole row)
    message: str

    def __str__(self):
        # 第5行「受理日期」：… — the clerk finds the cell from the row number Excel shows
        # and the column header. An error about the whole file names no row (never 第0行).
        if not self.row:
            return self.message
        where = f"第{self.row}行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell_to_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


UNREADABLE = "无法读取文件，请上传由模板填写的 .xlsx 文件。"
RESAVE = "文件可能已损坏，请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"


class _Refused(Exception):
    """Raised from inside the expat callbacks: stops the scan at the first problem."""


def _upload_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    file.seek(0)
    return size


def check_archive(file) -> str | None:
    """What is wrong with an uploaded xlsx as a zip, in Chinese, or None.

    Runs before any part is decompressed: the file size, then the zip directory —
    number of parts, total unzipped size (which bounds what openpyxl can hold in
    memory, shared strings included) and the compression ratio of every sizeable
    part (a zip bomb is refused here).
    """
    size = _upload_size(file)
    max_bytes = settings.IMPORT_MAX_BYTES
    if size > max_bytes:
        return f"文件大小 {size / MB:.1f} MB，超过 {max_bytes / MB:g} MB 的上限，请分批导入。"
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return UNREADABLE
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            return f"文件内含 {len(parts)} 个部件，不是正常的 Excel 文件（疑似恶意构造），未导入。"
        unzipped = sum(part.file_size for part in parts)
        max_unzipped = settings.IMPORT_MAX_UNZIPPED_BYTES
        if unzipped > max_unzipped:
            return f"文件解压后达 {unzipped / MB:.0f} MB，超过 {max_unzipped / MB:g} MB 的上限，请分批导入。"
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
                return f"文件中的“{part.filename}”压缩比异常（约 {ratio:.0f} 倍），疑似压缩炸弹，未导入。"
    return None


class _SheetScan:
    """The first sheet's rows and cells, checked before openpyxl walks them.

    One streaming pass through expat without building a tree, so memory stays
    constant whatever the sheet holds. Caps count blank rows too: a formatted row
    at 1,048,576 (or a <dimension> claiming one) is refused here, not walked one
    empty row at a time. Row numbers and cell references must be valid and in
    order, as Excel writes them: openpyxl raises on a bad one and silently skips
    a row out of order. Text between two tags may not pass Excel's cell limit,
    which bounds what openpyxl builds for one row.
    """

    def __init__(self, *, max_rows: int):
        self.max_rows = max_rows
        self.row = 0
        self.column = 0
        self.text = 0

    def run(self, source) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        # Text comes in one call per run between tags instead of one per input chunk.
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.CharacterDataHandler = self.characters
        parser.ParseFile(source)

    def refuse(self, message: str):
        raise _Refused(message)

    def characters(self, data):
        self.text += len(data)
        if self.text > MAX_CELL_CHARS:
            self.refuse(f"第 {self.row} 行附近有超过 {MAX_CELL_CHARS} 个字符的内容（超过 Excel 单元格上限）。{RESAVE}")

    def start(self, name, attrs):
        self.text = 0
        if name == _ROW:
            self.start_row(attrs.get("r"))
        elif name == _CELL:
            self.start_cell(attrs.get("r"))
        elif name == _DIMENSION:
            self.check_dimension(attrs.get("ref", ""))

    def check_dimension(self, ref: str):
        try:
            _, _, max_column, max_row = range_boundaries(ref)
        except (ValueError, TypeError, CellCoordinatesException):
            self.refuse(f"工作表的范围“{ref[:30]}”无效。{RESAVE}")
        if (max_row or 0) > self.max_rows or (max_column or 0) > MAX_SHEET_COLUMNS:
            self.refuse(
                f"工作表的范围为 {ref[:30]}，超过导入上限（{self.max_rows} 行、{MAX_SHEET_COLUMNS} 列，含空行空列）。"
                "请删除多余的行和列，或把数据复制到新下载的模板后再导入。"
            )

    def start_row(self, r: str | None):
        if r is None:
            number = self.row + 1
        elif r.isascii() and r.isdigit() and 0 < int(r) <= EXCEL_MAX_ROW:
            number = int(r)
        else:
            self.refuse(f"第 {self.row + 1} 行附近：行号“{r[:20]}”无效。{RESAVE}")
        if number <= self.row:
            self.refuse(f"第 {number} 行：行的顺序异常。{RESAVE}")
        if number > self.max_rows:
            self.refuse(
                f"工作表的内容或格式延伸到第 {number} 行，超过 {self.max_rows} 行的上限（含空行）。"
                "请删除多余的行，或把数据复制到新下载的模板后再导入。"
            )
        self.row, self.column = number, 0

    def start_cell(self, ref: str | None):
        if ref is None:
            column = self.column + 1
        else:
            match = _CELL_REF.fullmatch(ref)
            column = column_index_from_string(match[1]) if match else 0
            if not match or column > EXCEL_MAX_COLUMN or int(match[2]) != self.row:
                self.refuse(f"第 {self.row} 行：单元格位置“{ref[:20]}”无效。{RESAVE}")
        if column <= self.column:
            self.refuse(f"第 {self.row} 行：单元格的顺序异常。{RESAVE}")
        if column > MAX_SHEET_COLUMNS:
            self.refuse(
                f"第 {self.row} 行的内容延伸到 {get_column_letter(column)} 列，超过 {MAX_SHEET_COLUMNS} 列的上限。"
                "请删除多余的列后再导入。"
            )
        self.column = column


class _FirstSheetReader(ExcelReader):
    """openpyxl's own workbook reader, opening only the first worksheet, scanned first.

    load_workbook(read_only=True) opens every sheet, and a sheet without a
    <dimension> is walked in full right there, a tree node per row, before a
    single row is asked for. Only the first sheet is imported, so only it is
    opened, and only after _SheetScan has passed it.
    """

    def __init__(self, file, *, max_rows: int):
        super().__init__(file, read_only=True, data_only=True)
        self.max_rows = max_rows

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            with self.archive.open(rel.target) as source:
                _SheetScan(max_rows=self.max_rows).run(source)
            ws = _UnsizedWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            self.wb._sheets.append(ws)
            return


class _UnsizedWorksheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its size.

    openpyxl reads the <dimension> when the sheet is opened, walking the whole
    sheet when there is none. _SheetScan has checked the sheet's extent already,
    and a <dimension> claiming less than the sheet holds would make openpyxl stop
    early and drop rows without a word — so rows are read to the sheet's end.
    """

    def _get_size(self):
        pass


class XlsxImporter:
    title = "导入模板"
    columns: Sequence[Column] = ()
    form_class = None
    header_row = 1
    # A choice from another table (村（社区）, 纠纷类别, 科室) is looked up once per import, not once
    # per row: the rows of a file name the same few, and the lookups were a quarter of the time
    # of validating a row. False in an importer whose choices depend on the row.
    share_lookups = True

    # --- template -------------------------------------------------------
    def template_response(self, filename: str | None = None) -> HttpResponse:
        wb = Workbook()
        ws = wb.active
        ws.title = self.title[:31]
        bold = Font(bold=True)
        required_fill = PatternFill("solid", fgColor="FCE4D6")
        for index, column in enumerate(self.columns, start=1):
            cell = ws.cell(row=1, column=index, value=column.header)
            cell.font = bold
            if column.required:
                cell.fill = required_fill
            ws.cell(row=2, column=index, value=column.example or None)
            ws.column_dimensions[get_column_letter(index)].width = max(12, len(column.header) * 2 + 4)
        notes = wb.create_sheet("填写说明")
        notes.append(["列名", "是否必填", "说明"])
        for column in self.columns:
            notes.append([column.header, "必填" if column.required else "选填", column.help])
        notes.append([])
        notes.append(
            [
                "第 2 行为示例，导入前请删除或替换。日期格式：2023-01-31。所有行校验通过才会导入，任一行有误则全部不导入。"
            ]
        )
        for cell in notes[1]:
            cell.font = bold
        notes.column_dimensions["C"].width = 80
        for row in notes.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        return workbook_response(wb, filename or f"{self.title}模板.xlsx")

    # --- reading --------------------------------------------------------
    def read_rows(self, file, *, max_rows: int | None = None) -> tuple[list[tuple[int, dict]], list[RowError]]:
        """(row number, {field: text}) for every non-empty data row.

        The upload is hostile until shown otherwise: check_archive() and a scan of
        the first sheet run in constant memory before openpyxl reads it, and
        openpyxl then streams the sheet (read_only), so no workbook costs more
        than a few MB of memory, and none gives a server error. `max_rows`: the web's
        IMPORT_MAX_ROWS unless given (the import_xlsx command's is larger).
        """
        max_rows = max_rows or settings.IMPORT_MAX_ROWS
        problem = check_archive(file)
        if problem:
            return [], [RowError(0, "", problem)]
        try:
            reader = _FirstSheetReader(file, max_rows=max_rows * BLANK_ROW_ALLOWANCE + self.header_row)
        except Exception:  # noqa: BLE001 - any unreadable upload gets the same answer
            return [], [RowError(0, "", UNREADABLE)]
        with reader.archive:  # read_only: rows are read from the open archive
            try:
                reader.read()
            except _Refused as exc:
                return [], [RowError(0, "", str(exc))]
            except Exception:  # noqa: BLE001
                return [], [RowError(0, "", UNREADABLE)]
            if not reader.wb.worksheets:
                return [], [RowError(0, "", "文件是空的。")]
            return self._read_sheet(reader.wb.worksheets[0], max_rows=max_rows)

    def _read_sheet(self, ws, *, max_rows: int) -> tuple[list[tuple[int, dict]], list[RowError]]:
        number = self.header_row
        try:
            first = next(ws.iter_rows(min_row=number, max_row=number, values_only=True), None)
            if first is None:
                return [], [RowError(0, "", "文件是空的。")]
            header = [_cell_to_text(v) for v in first]
            by_header = {c.header: c for c in self.columns}
            missing = [c.header for c in self.columns if c.required and c.header not in header]
            if missing:
                return [], [RowError(number, h, "缺少此列，请使用平台提供的模板。") for h in missing]
            positions = {i: by_header[h] for i, h in enumerate(header) if h in by_header}
            # Only the template's columns are read; cells to their right are ignored.
            width = max(positions, default=0) + 1
            result = []
            rows = ws.iter_rows(min_row=self.header_row + 1, max_col=width, values_only=True)
            for number, values in enumerate(rows, start=self.header_row + 1):  # noqa: B007 - used after the loop
                data = {c.field: _cell_to_text(values[i]) if i < len(values) else "" for i, c in positions.items()}
                if not any(data.values()):
                    continue  # a blank row is not data; the scan bounded how many there can be
                result.append((number, data))
                if len(result) > max_rows:
                    return [], [RowError(number, "", f"一次最多导入 {max_rows} 行，请分批导入。")]
        except Exception:  # noqa: BLE001 - a cell openpyxl cannot read is a message, never a 500
            return [], [RowError(number + 1, "", f"此行附近有无法识别的内容。{RESAVE}")]
        return result, []

    # --- validation and saving -----------------------------------------
    def make_form(self, data: dict, *, organization):
        return self.form_class(data=data, organization=organization)

    def validate_rows(self, forms: list[tuple[int, object]]) -> list[RowError]:
        """Checks across rows (duplicates inside the file). Override as needed."""
        return []

    def save_row(self, form, *, organization, user):
        return form.save()

    def _with_allowed_values(self, form, field_name: str, error, message: str) -> str:
        """A refused choice says which values the column takes (from the form field)."""
        if error.code != "invalid_choice" or field_name not in form.fields:
            return message
        choices = getattr(form.fields[field_name], "choices", None)
        if choices is None or hasattr(form.fields[field_name], "queryset"):
            return message  # a list of another table's rows can be long; its message names the rule
        labels = [str(label) for value, label in choices if value not in ("", None)]
        if not labels or len(labels) > 30:
            return message
        return f"{message}可选值：{'、'.join(labels)}。"

    def _column_for(self, field_name: str) -> str:
        for column in self.columns:
            if column.field == field_name:
                return column.header
        return ""

    def run(self, file, *, organization, user, progress=None, max_rows: int | None = None) -> ImportResult:
        """Validate every row, then save them all in one transaction (or none).

        `progress`, if given, is called with a short Chinese status line every
        500 rows (the import_xlsx command prints them); `max_rows` as in read_rows().
        """
        rows, errors = self.read_rows(file, max_rows=max_rows)
        if errors:
            return ImportResult(errors=errors)
        if not rows:
            return ImportResult(errors=[RowError(0, "", "没有可导入的数据行。")])
        forms = []
        found: dict = {}
        for number, data in rows:
            form = self.make_form(data, organization=organization)
            if self.share_lookups:
                _share_lookups(form, found)
            if not form.is_valid():
                for field_name, field_errors in form.errors.as_data().items():
                    for error in field_errors:
                        for message in error.messages:
                            message = self._with_allowed_values(form, field_name, error, message)
                            errors.append(RowError(number, self._column_for(field_name), message))
            forms.append((number, form))
        if errors:
            return ImportResult(errors=errors)
        errors = self.validate_rows(forms)
        if errors:
            return ImportResult(errors=errors)
        created = 0
        try:
            with transaction.atomic(), figure_cache.one_bump_per_town():
                for number, form in forms:
                    try:
                        with transaction.atomic():
                            self.save_row(form, organization=organization, user=user)
                    except (ValidationError, IntegrityError) as exc:
                        messages = exc.messages if isinstance(exc, ValidationError) else ["与已有记录冲突（重复）。"]
                        errors.extend(RowError(number, "", m) for m in messages)
                    else:
                        created += 1
                        if progress is not None and created % 500 == 0:
                            progress(f"已保存 {created} 行（未提交）")
                if errors:
                    raise _Rollback
                model = getattr(getattr(self.form_class, "_meta", None), "model", None)
                log_event(
                    "import",
                    user=user,
                    model=model,
                    organization_id=organization.pk,
                    row_count=created,
                    detail=f"导入{self.title}",
                )
        except _Rollback:
            return ImportResult(errors=errors)
        except IntegrityError:
            # At the commit, from a check the database defers to it (PostgreSQL's foreign keys): a
            # 类别 or 村（社区） the rows name was deleted while the import ran. Nothing was saved.
            return ImportResult(errors=[RowError(0, "", CHANGED_DURING_IMPORT)])
        return ImportResult(created=created)


CHANGED_DURING_IMPORT = "导入期间，台账引用的数据（如类别、村（社区））被修改或删除，未导入任何数据。请重试。"


class _Rollback(Exception):
    pass


def _share_lookups(form, found: dict) -> None:
    """The form's choices from other tables answered from `found` (what the import's earlier rows
    looked up), else looked up by the field and kept there. A refused value is not kept."""
    for name, form_field in form.fields.items():
        if isinstance(form_field, ModelChoiceField) and not isinstance(form_field, ModelMultipleChoiceField):
            form_field.to_python = _remembered(form_field.to_python, found, name)


def _remembered(to_python, found: dict, name: str):
    def lookup(value):
        key = (name, value)
        try:
            return found[key]
        except KeyError:
            found[key] = to_python(value)
            return found[key]
        except TypeError:  # not hashable: looked up every time
            return to_python(value)

    return lookup


def workbook_response(wb: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    wb.save(buffer)
    return xlsx_response(buffer.getvalue(), filename)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


def _export_value(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (int, float, Decimal, datetime.date)) or value is None:
        return value
    # Stripped first, so that "\x01=HYPERLINK(…)" cannot come out as a formula below.
    text = strip_xml_illegal(str(value))
    # Formula injection: a cell starting with = + - @ would run in Excel/WPS.
    if text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text
