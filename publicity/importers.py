"""xlsx import of grid monthly entries (core/xlsx.py: all rows valid, or nothing saved)."""

from core.xlsx import Column, RowError, XlsxImporter
from publicity.forms import GridMonthlyEntryImportForm


class GridMonthlyEntryImporter(XlsxImporter):
    title = "网格月度工作"
    form_class = GridMonthlyEntryImportForm
    columns = [
        Column("村（社区）", "community_name", required=True, example="双山社区", help="与平台中的名称一致"),
        Column("网格", "grid_name", required=True, example="第1网格", help="与平台中的网格名称一致"),
        Column("年份", "year", required=True, example="2023"),
        Column("月份", "month", required=True, example="1", help="1–12"),
        Column("入户走访户数", "households_visited", required=True, example="55"),
        Column("收集意见建议数", "suggestions", required=True, example="0"),
        Column("排查问题数", "problems_found", required=True, example="1"),
        Column("解决问题数", "problems_solved", required=True, example="1", help="不能大于排查问题数"),
        Column("备注", "note"),
    ]

    def validate_rows(self, forms):
        seen: dict[tuple, int] = {}
        errors = []
        for number, form in forms:
            key = (form.instance.grid_id, form.cleaned_data["year"], form.cleaned_data["month"])
            if key in seen:
                errors.append(RowError(number, "网格", f"与第{seen[key]}行是同一网格同一月份。"))
            else:
                seen[key] = number
        return errors
