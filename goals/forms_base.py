"""Form base shared by goals, publicity and indicators (one author, one habit).

`TownForm` is core's OrgModelForm (which stamps the organization before
validation, so per-town unique rules are form errors) with a save button.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from core.forms import OrgModelForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TownForm(OrgModelForm):
    submit_label = "保存"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class ImportUploadForm(forms.Form):
    file = forms.FileField(label="Excel 文件", help_text="请使用下载的模板填写（.xlsx）。所有行校验通过才会导入。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
