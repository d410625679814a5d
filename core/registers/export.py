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
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.audit import log_event
from core.masking import masked
from core.xlsx import _export_value, workbook_response

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


def ledger_workbook(
    *,
    title: str,
    organization,
    year_label: str,
    columns: Sequence[ExportColumn],
    objects: Iterable,
    user,
    reveal: bool = False,
) -> tuple[Workbook, int]:
    """The workbook and the number of data rows written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = _width(column)
    now = timezone.localtime()
    heading = WriteOnlyCell(
        ws,
        value=f"{getattr(organization, 'name', '')} {title}（{year_label}）  导出时间：{now:%Y年%m月%d日 %H:%M}",
    )
    heading.font = Font(bold=True, size=14)
    ws.append([heading])
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)

    def mask(value, kind):
        return masked(value, kind, user=user, reveal=reveal)

    count = 0
    for obj in objects:
        row = []
        for column in columns:
            value = column.get(obj, mask)
            if column.personal:
                value = masked(value, column.personal, user=user, reveal=reveal)
            row.append(_cell(ws, value))
        ws.append(row)
        count += 1
    return wb, count


def _cell(ws, value):
    if isinstance(value, bool):
        value = "是" if value else "否"
    value = _export_value(value)
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value  # numbers (Decimal included) stay numbers; text is text


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
    wb, count = ledger_workbook(
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
    return workbook_response(wb, filename or f"{title}{today:%Y%m%d}.xlsx")
