"""Forms of the litigation pages: registration, decision/judgment entry, hearings, documents."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms

from core.forms import OrgModelForm
from core.personal_data import PersonalDataFormMixin
from litigation.choices import Instance
from litigation.models import CaseDocument, Hearing, LitigationCase, ReconsiderationCase


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_widgets(model, names):
    return {name: DateInput() for name in names}


def _row(*names, width=4):
    return Row(*[Column(name, css_class=f"col-md-{width}") for name in names])


class _CaseFormBase(OrgModelForm):
    """Stamps the organization on the instance before validation, so rules and the
    per-organization unique case number are checked by the form (a duplicate is a
    Chinese form error, never a database error)."""

    submit_label = "保存"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.organization is not None and not self.instance.organization_id:
            self.instance.organization = self.organization
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.layout = self.layout()
        self.helper.add_input(Submit("submit", self.submit_label))

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard("organization")
        return exclude

    def layout(self) -> Layout:
        return Layout(*self.fields)


REGISTRATION_DATES = ["applied_on", "accepted_on", "copy_received_on", "reply_submitted_on", "act_date"]


class ReconsiderationForm(PersonalDataFormMixin, _CaseFormBase):
    personal_fields = {"applicant_id_number": "id", "applicant_phone": "phone", "applicant_address": "address"}

    class Meta:
        model = ReconsiderationCase
        fields = [
            "authority",
            "case_number",
            "procedure",
            "law",
            "applicant_kind",
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "applicant_address",
            "respondent",
            "act_description",
            "act_date",
            "act_department",
            "applied_on",
            "accepted_on",
            "copy_received_on",
            "reply_submitted_on",
            "handling_department",
            "notes",
        ]
        widgets = {**_date_widgets(ReconsiderationCase, REGISTRATION_DATES), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and self.organization is not None:
            self.fields["respondent"].initial = self.organization.full_name

    def layout(self):
        return Layout(
            Fieldset("案件", _row("authority", "case_number"), _row("procedure", "law", "handling_department")),
            Fieldset(
                "申请人",
                _row("applicant_kind", "applicant_name"),
                _row("applicant_id_number", "applicant_phone", "applicant_address"),
            ),
            Fieldset("被申请复议的行为", _row("respondent", "act_department", "act_date"), "act_description"),
            Fieldset(
                "期限起算",
                _row("applied_on", "accepted_on", "copy_received_on", width=4),
                _row("reply_submitted_on"),
                HTML(
                    '<p class="small text-muted">答复期限按收到申请书副本日期自动计算，法定节假日及调休按国务院通知。</p>'
                ),
            ),
            "notes",
        )


class ReconsiderationDecisionForm(_CaseFormBase):
    """Hearing, extension and decision — entered as the case goes on."""

    submit_label = "保存决定信息"

    class Meta:
        model = ReconsiderationCase
        fields = [
            "hearing_held_on",
            "hearing_leader_role",
            "hearing_leader_name",
            "hearing_leader_post",
            "hearing_absence_reason",
            "extension_approved",
            "extension_days",
            "extension_reason",
            "decided_on",
            "decision",
            "decision_summary",
        ]
        widgets = {
            **_date_widgets(ReconsiderationCase, ["hearing_held_on", "decided_on"]),
            "decision_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def layout(self):
        return Layout(
            Fieldset(
                "听证（复议法第五十一条：被申请人负责人应当参加听证）",
                _row("hearing_held_on", "hearing_leader_role"),
                _row("hearing_leader_name", "hearing_leader_post", "hearing_absence_reason"),
            ),
            Fieldset("延期（复议法第六十二条）", _row("extension_approved", "extension_days", "extension_reason")),
            Fieldset("复议决定", _row("decided_on", "decision"), "decision_summary"),
        )


class LitigationForm(PersonalDataFormMixin, _CaseFormBase):
    personal_fields = {"plaintiff_id_number": "id", "plaintiff_phone": "phone", "plaintiff_address": "address"}

    class Meta:
        model = LitigationCase
        fields = [
            "court",
            "case_number",
            "level",
            "first_instance",
            "procedure",
            "plaintiff_kind",
            "plaintiff_name",
            "plaintiff_id_number",
            "plaintiff_phone",
            "plaintiff_address",
            "defendant",
            "cause",
            "act_department",
            "filed_on",
            "copy_received_on",
            "answer_submitted_on",
            "handling_department",
            "notes",
        ]
        widgets = {
            **_date_widgets(LitigationCase, ["filed_on", "copy_received_on", "answer_submitted_on"]),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["first_instance"]
        field.queryset = field.queryset.filter(level=Instance.FIRST)
        if self.instance.pk:
            field.queryset = field.queryset.exclude(pk=self.instance.pk)
        if not self.instance.pk and self.organization is not None:
            self.fields["defendant"].initial = self.organization.full_name

    def layout(self):
        return Layout(
            Fieldset(
                "案件",
                _row("court", "case_number"),
                _row("level", "first_instance", "procedure"),
                _row("cause", "handling_department"),
            ),
            Fieldset(
                "原告（上诉人）",
                _row("plaintiff_kind", "plaintiff_name"),
                _row("plaintiff_id_number", "plaintiff_phone", "plaintiff_address"),
            ),
            Fieldset("被告", _row("defendant", "act_department")),
            Fieldset(
                "期限起算",
                _row("filed_on", "copy_received_on", "answer_submitted_on"),
                HTML(
                    '<p class="small text-muted">答辩期限：一审为收到起诉状副本之日起15日（行政诉讼法第六十七条），二审为收到上诉状副本之日起15日（行诉法解释第一百零八条）；期满日为法定休假日的，顺延至休假日后第一个工作日。</p>'
                ),
            ),
            "notes",
        )


class LitigationJudgmentForm(_CaseFormBase):
    submit_label = "保存裁判信息"

    class Meta:
        model = LitigationCase
        fields = [
            "judgment_kind",
            "judged_on",
            "result",
            "outcome",
            "judgment_served_on",
            "appeal",
            "judgment_summary",
        ]
        widgets = {
            **_date_widgets(LitigationCase, ["judged_on", "judgment_served_on"]),
            "judgment_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def layout(self):
        return Layout(
            _row("judgment_kind", "judged_on", "judgment_served_on"),
            _row("result", "outcome", "appeal"),
            "judgment_summary",
        )


class HearingForm(_CaseFormBase):
    class Meta:
        model = Hearing
        fields = [
            "held_on",
            "kind",
            "leader_role",
            "leader_name",
            "leader_post",
            "other_attendees",
            "absence_reason",
            "notes",
        ]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.instance.case = case

    def layout(self):
        return Layout(
            _row("held_on", "kind"),
            HTML(
                '<p class="small text-muted">正职、副职负责人或参与分管的其他负责人出庭，方计入负责人出庭应诉；'
                "仅委托律师出庭的不计入（最高法2020年出庭应诉规定第二条）。只有开庭审理计入，"
                "庭前会议、询问、庭审调解不计入；一审、二审各自计算，按开庭日期所在年度统计。</p>"
            ),
            _row("leader_role", "leader_name", "leader_post"),
            _row("other_attendees", "absence_reason", width=6),
            "notes",
        )


class CaseDocumentForm(_CaseFormBase):
    submit_label = "上传"

    class Meta:
        model = CaseDocument
        fields = ["kind", "title", "file", "submitted_on"]
        widgets = {"submitted_on": DateInput()}

    def __init__(self, *args, case=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_enctype = "multipart/form-data"
        if isinstance(case, ReconsiderationCase):
            self.instance.reconsideration = case
        elif isinstance(case, LitigationCase):
            self.instance.litigation = case
        if user is not None:
            self.instance.uploaded_by = user

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "name"):
            self.instance.original_name = upload.name.rsplit("/", 1)[-1][:200]
        return upload

    def layout(self):
        return Layout(_row("kind", "title"), _row("file", "submitted_on", width=6))
