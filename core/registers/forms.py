"""Form bases of the ledgers.

`RegisterForm` is core's OrgModelForm (foreign keys narrowed to the town, the organization
stamped before validation so per-town unique rules are form errors, the optimistic-lock
version token) with a crispy helper and a save button.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from core.forms import OrgModelForm
from core.registers.attachments import ALLOWED_EXTENSIONS


class DateInput(forms.DateInput):
    """<input type="date">: the browser's date picker, ISO value."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class RegisterForm(OrgModelForm):
    submit_label = "保存"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class AttachmentForm(RegisterForm):
    """Upload of one file to an AttachmentBase model (title optional: the file name is used).

    Subclasses set `Meta.model` (and may say what the file is in `file_help`).
    """

    submit_label = "上传"
    file_help = ""

    class Meta:
        fields = ["file", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = "、".join(ALLOWED_EXTENSIONS)
        self.fields["file"].help_text = f"{self.file_help}支持 {allowed}，不超过 20 MB。"
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{e}" for e in ALLOWED_EXTENSIONS)
