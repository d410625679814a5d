from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms

from core.registers.attachments import ALLOWED_EXTENSIONS
from core.registers.forms import RegisterForm
from indicators.models import IndicatorDefinition, IndicatorValue


class IndicatorDefinitionForm(RegisterForm):
    class Meta:
        model = IndicatorDefinition
        fields = ["key", "label", "unit", "department", "description", "order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["key"].help_text = "已发布的指标键改名后，报告中引用旧名称的占位符将失效。"


class IndicatorValueForm(RegisterForm):
    """One value with its source document file (the yearly form covers the rest)."""

    class Meta:
        model = IndicatorValue
        fields = ["value", "note", "source", "source_file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_file"].help_text = "支持 " + "、".join(ALLOWED_EXTENSIONS) + "，不超过 20 MB。"


class YearlyFiguresForm(forms.Form):
    """全年数据填报: one row per active definition — value, note, source."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for definition, value in rows:
            prefix = f"d{definition.pk}"
            self.fields[f"{prefix}_value"] = forms.DecimalField(
                # Each input's own <label> (visually hidden; the table's header shows the column).
                label=f"{definition.label}：数值",
                required=False,
                min_value=Decimal("0"),
                max_digits=14,
                decimal_places=2,
                initial=value.display_value if value else None,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "any", "min": 0}),
            )
            self.fields[f"{prefix}_note"] = forms.CharField(
                label=f"{definition.label}：说明", required=False, max_length=300, initial=value.note if value else ""
            )
            self.fields[f"{prefix}_source"] = forms.CharField(
                label=f"{definition.label}：来源文件",
                required=False,
                max_length=200,
                initial=value.source if value else "",
            )
            for suffix in ("note", "source"):
                self.fields[f"{prefix}_{suffix}"].widget.attrs["class"] = "form-control"
            self.rows.append(
                {
                    "definition": definition,
                    "value": value,
                    "fields": [self[f"{prefix}_value"], self[f"{prefix}_note"], self[f"{prefix}_source"]],
                }
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def values_by_key(self) -> dict[str, dict]:
        result = {}
        for row in self.rows:
            prefix = f"d{row['definition'].pk}"
            result[row["definition"].key] = {
                "value": self.cleaned_data.get(f"{prefix}_value"),
                "note": self.cleaned_data.get(f"{prefix}_note", ""),
                "source": self.cleaned_data.get(f"{prefix}_source", ""),
            }
        return result


class IndicatorValueImportForm(forms.Form):
    """One spreadsheet row of yearly figures: the indicator is named by its key."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    key = forms.CharField(label="指标键", max_length=50)
    value = forms.DecimalField(label="数值", min_value=Decimal("0"), max_digits=14, decimal_places=2)
    note = forms.CharField(label="说明", required=False, max_length=300)
    source = forms.CharField(label="来源文件", required=False, max_length=200)

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_key(self):
        from indicators.services import _undefined_key_message

        key = self.cleaned_data["key"].strip()
        if not IndicatorDefinition.objects.filter(organization=self.organization, key=key, is_active=True).exists():
            raise forms.ValidationError(_undefined_key_message(key))
        return key
