"""The comparison as an Excel 台账: a title row (with the export time), a bold frozen header,
set widths, and every figure written as a number (rates in %, so a spreadsheet can total
and chart them)."""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.audit import log_event
from core.xlsx import workbook_response
from district.selectors import COLUMNS, Comparison

RATE_FORMAT = '0.00"%"'
CHANGE_RATE_FORMAT = '+0.00"个百分点";-0.00"个百分点";0'


def headers() -> list[str]:
    names = ["镇街"]
    for column in COLUMNS:
        unit = "（%）" if column.rate else ""
        names += [f"{column.header}{unit}", f"{column.header}同比"]
    return [*names, "报告状态", "公开日期"]


def comparison_response(comparison: Comparison, *, user):
    wb = Workbook()
    ws = wb.active
    ws.title = f"{comparison.year}年镇街对比"
    title = f"{comparison.district.name}各镇街法治政府建设情况对比（{comparison.year}年度）"
    names = headers()
    # The title row of every 台账 (core.registers.export): what, of which year, exported when.
    ws.append([f"{title}  导出时间：{timezone.localtime():%Y年%m月%d日 %H:%M}"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(names))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(names)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "B3"

    def figure_cells(cells: dict) -> list:
        values = []
        for column in COLUMNS:
            cell = cells[column.key]
            values += [cell.value, cell.change]
        return values

    for row in comparison.rows:
        ws.append([row.town.name, *figure_cells(row.cells), row.status_label, row.released_on])
    ws.append(["合计", *figure_cells(comparison.totals), "", None])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)

    for index, column in enumerate(COLUMNS):
        value_letter = get_column_letter(2 + 2 * index)
        change_letter = get_column_letter(3 + 2 * index)
        if column.rate:
            for row in range(3, ws.max_row + 1):
                ws[f"{value_letter}{row}"].number_format = RATE_FORMAT
                ws[f"{change_letter}{row}"].number_format = CHANGE_RATE_FORMAT
    released_letter = get_column_letter(len(names))
    for row in range(3, ws.max_row + 1):
        ws[f"{released_letter}{row}"].number_format = "yyyy年m月d日"

    ws.column_dimensions["A"].width = 14
    for index in range(2, len(names) + 1):
        ws.column_dimensions[get_column_letter(index)].width = 12
    ws.column_dimensions[released_letter].width = 16
    ws.row_dimensions[2].height = 32

    log_event(
        "export",
        user=user,
        organization_id=comparison.district.pk,
        row_count=len(comparison.rows),
        detail=f"导出{title}",
    )
    return workbook_response(wb, f"{comparison.district.name}{comparison.year}年镇街对比.xlsx")
