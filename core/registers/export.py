"""A ledger as an Excel 台账: columns declared once, personal data masked, real cell types.

    columns = [
        ExportColumn("姓名", "name"),
        ExportColumn("身份证号", "id_number", personal="id"),
        ExportColumn("科室", "department.name"),
        ExportColumn("发证日期", lambda o: o.current_certificate and o.current_certificate.issued_on),
    ]

The sheet a clerk prints or files: row 1 names the organization, the ledger, the year and
the export time; row 2 is the bold header, frozen so it stays on screen while scrolling;
dates are date cells (sortable and filterable in Excel/WPS), numbers are numbers, text is
text with formula injection neutralised (core.xlsx._export_value). Every export is audited
with its row count (个人信息保护法 第五十一条).

Written with XlsxWriter, row by row to a temporary file (constant_memory: a district-sized
ledger does not sit in memory cell by cell): a third of the time openpyxl's write-only mode
took for the same sheet (1,000 disputes: ~210 ms → ~70 ms of writing).
"""

from __future__ import annotations

import datetime
import io
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

from core.audit import log_event
from core.masking import masked
from core.xlsx import _export_value, xlsx_response

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_ROW = 2  # row 1 is the title


@dataclass(frozen=True)
class ExportColumn:
    """One column: a header, and what to put under it.

    `value` is an attribute path ("department.name"; a callable attribute such as
    "get_status_display" is called) or a function of the row. `personal` names the
    masking kind (core.masking: "id", "phone", "address", "name").
    """

    header: str
    value: str | Callable
    personal: str = ""
    width: int | None = None
    # The value function takes (obj, mask) and masks several values itself, with
    # mask(value, kind) bound to the exporting user (a cell listing every party's phone).
    masks_itself: bool = False

    def get(self, obj, mask=None):
        if callable(self.value):
            return self.value(obj, mask) if self.masks_itself else self.value(obj)
        current = obj
        for part in self.value.split("."):
            if current is None:
                return None
            current = getattr(current, part)
            if callable(current):
                current = current()
        return current


def _width(column: ExportColumn) -> int:
    if column.width:
        return column.width
    # CJK characters are about two Latin characters wide.
    return max(10, min(40, len(column.header) * 2 + 4))


def ledger_xlsx(
    *,
    title: str,
    organization,
    year_label: str,
    columns: Sequence[ExportColumn],
    objects: Iterable,
    user,
    reveal: bool = False,
) -> tuple[bytes, int]:
    """The .xlsx file and the number of data rows written."""
    buffer = io.BytesIO()
    # The rows go to temporary files until close(): in a directory of their own, removed whatever
    # happens, so an export that fails halfway leaves no personal data behind on disk.
    with tempfile.TemporaryDirectory(prefix="baqiao-export-") as folder:
        wb = xlsxwriter.Workbook(buffer, {"constant_memory": True, "nan_inf_to_errors": True, "tmpdir": folder})
        ws = wb.add_worksheet(title[:31])
        formats = {
            datetime.datetime: wb.add_format({"num_format": DATETIME_FORMAT}),
            datetime.date: wb.add_format({"num_format": DATE_FORMAT}),
        }
        for index, column in enumerate(columns):
            ws.set_column(index, index, _width(column))
        ws.freeze_panes(HEADER_ROW, 0)
        now = timezone.localtime()
        heading = f"{getattr(organization, 'name', '')} {title}（{year_label}）  导出时间：{now:%Y年%m月%d日 %H:%M}"
        ws.write_string(0, 0, heading, wb.add_format({"bold": True, "font_size": 14}))
        header = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
        for index, column in enumerate(columns):
            ws.write_string(1, index, column.header, header)

        def mask(value, kind):
            return masked(value, kind, user=user, reveal=reveal)

        count = 0
        try:
            for row, obj in enumerate(objects, start=HEADER_ROW):
                for index, column in enumerate(columns):
                    value = column.get(obj, mask)
                    if column.personal:
                        value = masked(value, column.personal, user=user, reveal=reveal)
                    _write(ws, row, index, value, formats)
                count += 1
        finally:
            wb.close()  # also on failure: closes the temporary files before their folder goes
    return buffer.getvalue(), count


def _write(ws, row: int, column: int, value, formats: dict) -> None:
    if isinstance(value, bool):
        value = "是" if value else "否"
    value = _export_value(value)
    if value is None or value == "":
        return  # an empty cell
    if isinstance(value, datetime.datetime):
        ws.write_datetime(row, column, value, formats[datetime.datetime])
    elif isinstance(value, datetime.date):
        ws.write_datetime(row, column, value, formats[datetime.date])
    elif isinstance(value, int | float | Decimal):
        ws.write_number(row, column, float(value))  # numbers (Decimal included) stay numbers
    else:
        ws.write_string(row, column, value)  # text is text: never read as a formula or a link


def _personal_note(columns: Sequence[ExportColumn], reveal: bool) -> str:
    if not any(column.personal or column.masks_itself for column in columns):
        return ""
    return "（含完整个人信息）" if reveal else "（个人信息已脱敏）"


def ledger_response(
    *,
    title: str,
    organization,
    year_label: str,
    columns: Sequence[ExportColumn],
    objects: Iterable,
    user,
    model=None,
    reveal: bool = False,
    filename: str | None = None,
):
    content, count = ledger_xlsx(
        title=title,
        organization=organization,
        year_label=year_label,
        columns=columns,
        objects=objects,
        user=user,
        reveal=reveal,
    )
    log_event(
        "export",
        user=user,
        model=model,
        organization_id=getattr(organization, "pk", None),
        row_count=count,
        detail=f"导出{title}{_personal_note(columns, reveal)}",
    )
    today = timezone.localdate()
    return xlsx_response(content, filename or f"{title}{today:%Y%m%d}.xlsx")
