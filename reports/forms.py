"""Forms of the reports app (crispy layouts, Chinese labels)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils import timezone

from core.forms import OrgModelForm
from reports.choices import SecrecyConclusion, SectionKind
from reports.models import AnnualReport, ReportSection, SecrecyReview
from reports.placeholders import figure_registry, placeholder_errors


class ReportCreateForm(forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        help_text="新报告复制最近一年报告的提纲和文字，其中的指标按新年度重新计算。",
    )

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "新建报告"))

    def clean_year(self):
        year = self.cleaned_data["year"]
        if AnnualReport.objects.filter(organization=self.organization, year=year).exists():
            raise forms.ValidationError(f"{year}年的年度报告已存在。")
        if year > timezone.localdate().year:
            raise forms.ValidationError("不能新建尚未开始的年度的报告。")
        return year


class AnnualReportForm(OrgModelForm):
    class Meta:
        model = AnnualReport
        fields = ["title", "addressee", "signer", "signed_on"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存"))

    def clean_title(self):
        title = self.cleaned_data["title"]
        errors = placeholder_errors(title)
        if errors:
            raise forms.ValidationError(errors)
        return title


def items_key_choices() -> list[tuple[str, str]]:
    return [("", "——")] + [(d.key, f"{d.key}（{d.label}）") for d in figure_registry().definitions()]


class ReportSectionForm(OrgModelForm):
    items_key = forms.ChoiceField(label="条目来源指标", required=False)

    class Meta:
        model = ReportSection
        fields = ["level", "heading", "text", "required_content", "kind", "items_key"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14, "class": "report-text-input"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = items_key_choices()
        current = self.instance.items_key
        if current and current not in dict(choices):
            choices.append((current, f"{current}（未登记的指标）"))
        self.fields["items_key"].choices = choices
        self.fields["items_key"].help_text = "类型为“列出指标的条目”时必选，如“下一年度工作打算”列出各项目标。"
        self.helper = FormHelper()
        # Hidden fields (e.g. a concurrency token added by the base form) still render.
        self.helper.render_hidden_fields = True
        self.helper.form_id = "section-form"
        self.helper.layout = Layout(
            Div(
                Div(Field("level"), css_class="col-md-4"),
                Div(Field("kind"), css_class="col-md-4"),
                Div(Field("items_key"), css_class="col-md-4"),
                css_class="row",
            ),
            Field("heading"),
            Field("text"),
            Field("required_content"),
        )
        self.helper.add_input(Submit("submit", "保存"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != SectionKind.ITEMS:
            cleaned["items_key"] = ""
        return cleaned


class TransitionForm(forms.Form):
    comment = forms.CharField(label="意见", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ClaimAcknowledgeForm(forms.Form):
    """The drafter's reason for keeping a sentence the claim check flagged."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(
        label="说明理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请写明保留这句话的理由。"},
    )


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SecrecyReviewForm(forms.ModelForm):
    """保密审查 of the approved report (reports.publication.secrecy_review_record saves it)."""

    # The 审定稿 shown when the page opened: a return and re-审定 meanwhile refuses the post.
    approval = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = SecrecyReview
        fields = ["reviewer", "reviewed_on", "conclusion", "note", "scan"]
        widgets = {
            "reviewed_on": DATE_WIDGET,
            "conclusion": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "reviewer": {"required": "请填写审查人。"},
            "reviewed_on": {"required": "请填写审查日期。"},
            "conclusion": {"required": "请选择审查结论。", "invalid_choice": "审查结论须为“通过”或“不通过”。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Two answers only: no "---------" radio for a conclusion that must be given.
        self.fields["conclusion"].choices = SecrecyConclusion.choices
        self.fields["scan"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"
        self.helper = FormHelper()
        self.helper.form_id = "secrecy-form"
        self.helper.add_input(Submit("submit", "登记保密审查"))

    def clean_reviewed_on(self):
        value = self.cleaned_data["reviewed_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("审查日期不能晚于今天。")
        return value


class ReleaseForm(forms.ModelForm):
    """报送区委区政府 and 公开 of a published report (reports.publication.release_record)."""

    # Declared to say https for an address typed without a scheme (Django 6's default);
    # the model's validator still accepts only http(s).
    public_url = forms.URLField(
        label="公开地址",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="公开页面的网址，如政府网站上的文章地址",
        error_messages={"invalid": "请填写以 http:// 或 https:// 开头的网址。"},
    )

    class Meta:
        model = AnnualReport
        fields = ["sent_to_district_on", "publicly_released_on", "public_url", "index_number"]
        widgets = {"sent_to_district_on": DATE_WIDGET, "publicly_released_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_url"].widget.attrs["placeholder"] = "https://"
        self.helper = FormHelper()
        self.helper.form_id = "release-form"
        self.helper.add_input(Submit("submit", "保存"))
