from core.xlsx import Column, RowError, XlsxImporter
from indicators.forms import IndicatorValueImportForm
from indicators.services import indicator_values_save


class IndicatorValueImporter(XlsxImporter):
    """Yearly figures from a sheet: a row updates the year's value when one exists."""

    title = "年度数据"
    form_class = IndicatorValueImportForm
    columns = [
        Column("年度", "year", required=True, example="2023"),
        Column("指标键", "key", required=True, example="孵化基地注册企业数", help="须与“指标定义”中的指标键一致"),
        Column("数值", "value", required=True, example="199"),
        Column("说明", "note"),
        Column("来源文件", "source", example="经发办2023年度台账"),
    ]

    def validate_rows(self, forms):
        seen, errors = {}, []
        for number, form in forms:
            key = (form.cleaned_data["year"], form.cleaned_data["key"])
            if key in seen:
                errors.append(RowError(number, "指标键", f"与第{seen[key]}行是同一年度同一指标。"))
            seen.setdefault(key, number)
        return errors

    def save_row(self, form, *, organization, user):
        data = form.cleaned_data
        return indicator_values_save(
            organization=organization,
            year=data["year"],
            values={data["key"]: {"value": data["value"], "note": data["note"], "source": data["source"]}},
            by=user,
        )
