"""Excel (xlsx) import and export shared by every register (openpyxl).

Import is all-or-nothing: every row is validated through the app's own form
(the same rules as the web form), errors are reported by row and column in
Chinese, and rows are saved only when the whole sheet is clean — inside one
transaction, so a process killed midway leaves the database unchanged.

Export writes the filtered list with personal data masked unless the user may
see it, and audits who exported how many rows.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.audit import log_event
from core.text import strip_xml_illegal

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_ROWS = 20000
MAX_IMPORT_BYTES = 10 * 1024 * 1024


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
        where = f"第 {self.row} 行" + (f"「{self.column}」列" if self.column else "")
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


class XlsxImporter:
    title = "导入模板"
    columns: Sequence[Column] = ()
    form_class = None
    header_row = 1

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
    def read_rows(self, file) -> tuple[list[tuple[int, dict]], list[RowError]]:
        """(row number, {field: text}) for every non-empty data row."""
        if getattr(file, "size", 0) and file.size > MAX_IMPORT_BYTES:
            return [], [RowError(0, "", "文件超过 10 MB，请分批导入。")]
        try:
            wb = load_workbook(file, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable upload gets the same answer
            return [], [RowError(0, "", "无法读取文件，请上传由模板填写的 .xlsx 文件。")]
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        try:
            header = [_cell_to_text(v) for v in next(rows)]
        except StopIteration:
            return [], [RowError(0, "", "文件是空的。")]
        by_header = {c.header: c for c in self.columns}
        missing = [c.header for c in self.columns if c.required and c.header not in header]
        if missing:
            return [], [RowError(1, h, "缺少此列，请使用平台提供的模板。") for h in missing]
        positions = {i: by_header[h] for i, h in enumerate(header) if h in by_header}
        result = []
        for number, values in enumerate(rows, start=self.header_row + 1):
            data = {}
            for i, column in positions.items():
                data[column.field] = _cell_to_text(values[i]) if i < len(values) else ""
            if not any(data.values()):
                continue
            result.append((number, data))
            if len(result) > MAX_IMPORT_ROWS:
                return [], [RowError(number, "", f"一次最多导入 {MAX_IMPORT_ROWS} 行，请分批导入。")]
        wb.close()
        return result, []

    # --- validation and saving -----------------------------------------
    def make_form(self, data: dict, *, organization):
        return self.form_class(data=data, organization=organization)

    def validate_rows(self, forms: list[tuple[int, object]]) -> list[RowError]:
        """Checks across rows (duplicates inside the file). Override as needed."""
        return []

    def save_row(self, form, *, organization, user):
        return form.save()

    def _column_for(self, field_name: str) -> str:
        for column in self.columns:
            if column.field == field_name:
                return column.header
        return ""

    def run(self, file, *, organization, user, progress=None) -> ImportResult:
        """Validate every row, then save them all in one transaction (or none).

        `progress`, if given, is called with a short Chinese status line every
        500 rows (the import_xlsx command prints them).
        """
        rows, errors = self.read_rows(file)
        if errors:
            return ImportResult(errors=errors)
        if not rows:
            return ImportResult(errors=[RowError(0, "", "没有可导入的数据行。")])
        forms = []
        for number, data in rows:
            form = self.make_form(data, organization=organization)
            if not form.is_valid():
                for field_name, messages in form.errors.items():
                    for message in messages:
                        errors.append(RowError(number, self._column_for(field_name), message))
            forms.append((number, form))
        if errors:
            return ImportResult(errors=errors)
        errors = self.validate_rows(forms)
        if errors:
            return ImportResult(errors=errors)
        created = 0
        try:
            with transaction.atomic():
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
        return ImportResult(created=created)


class _Rollback(Exception):
    pass


def workbook_response(wb: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


def export_response(
    *,
    filename: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    user,
    model=None,
    organization=None,
    detail: str = "",
) -> HttpResponse:
    """An xlsx of the given rows; the caller has already masked personal data.

    The export is audited with user, time and row count (个人信息保护法 Art. 51).
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.append(list(headers))
    count = 0
    for row in rows:
        ws.append([_export_value(v) for v in row])
        count += 1
    log_event(
        "export",
        user=user,
        model=model,
        organization_id=getattr(organization, "pk", None),
        row_count=count,
        detail=detail or f"导出{title}",
    )
    return workbook_response(wb, filename)


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
