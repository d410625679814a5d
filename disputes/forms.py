"""Forms of the mediation register. Every foreign key is narrowed to the user's
organization by core.forms.OrgModelForm; a posted id of another town is refused."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone

from core.forms import OrgModelForm
from core.grids import GridSelect, grouped_grid_choices
from core.personal_data import PersonalDataFormMixin
from disputes import choices as c
from disputes.models import Agreement, Dispute, DisputeCategory, FollowUp, Mediator, Party


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ErrorsToFormMixin:
    """Model.clean() and services may name a field this form does not show (办结日期 on the
    edit form): show such an error at the top of the form instead of failing."""

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            moved = {}
            for name, errors in error.error_dict.items():
                key = name if name == NON_FIELD_ERRORS or name in self.fields else NON_FIELD_ERRORS
                moved.setdefault(key, []).extend(errors)
            error = ValidationError(moved)
        super().add_error(field, error)


INTAKE_FIELDS = ["received_on", "source", "community", "grid", "category", "summary"]
MORE_FIELDS = ["grade", "handling_level", "risk", "mediation_type", "mediators", "amount"]


class DisputeForm(ErrorsToFormMixin, OrgModelForm):
    """受理登记 and later edits. The fields a counter clerk needs first come first;
    grading, mediators and the amount may be filled in later."""

    class Meta:
        model = Dispute
        fields = [*INTAKE_FIELDS, *MORE_FIELDS, "original_number"]
        widgets = {
            "received_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "grid": GridSelect(),
            "mediators": forms.CheckboxSelectMultiple(),
            "amount": forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grid = self.fields["grid"]
        grid.queryset = grid.queryset.select_related("community").filter(is_active=True)
        grid.choices = grouped_grid_choices(grid.queryset)
        active_categories = self.fields["category"].queryset.filter(is_active=True)
        active_mediators = self.fields["mediators"].queryset.filter(is_active=True)
        if self.instance.pk:
            # An inactive entry already on the record stays selectable on edit.
            active_categories = active_categories | self.fields["category"].queryset.filter(
                pk=self.instance.category_id
            )
            active_mediators = active_mediators | self.fields["mediators"].queryset.filter(
                pk__in=self.instance.mediators.values("pk")
            )
        self.fields["category"].queryset = active_categories.distinct()
        self.fields["mediators"].queryset = active_mediators.distinct()
        self.fields["amount"].required = False
        self.fields["amount"].help_text = "无金额的填 0"
        if not self.instance.pk:
            self.fields.pop("original_number")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is None:
            return 0
        if amount < 0:
            raise ValidationError("涉及金额不能为负数。")
        return amount

    @property
    def intake_fields(self):
        return [self[name] for name in INTAKE_FIELDS]

    @property
    def more_fields(self):
        return [self[name] for name in MORE_FIELDS] + (
            [self["original_number"]] if "original_number" in self.fields else []
        )


class PartyForm(PersonalDataFormMixin, forms.ModelForm):
    personal_fields = {"id_number": "id", "phone": "phone", "address": "address"}

    class Meta:
        model = Party
        fields = ["role", "kind", "name", "id_number", "phone", "address"]
        # 18 characters of 身份证号 visible at once (disputes.css gives the width).
        widgets = {"address": forms.TextInput(), "id_number": forms.TextInput(attrs={"size": 20})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm",
            )


class BasePartyFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        names = [
            (f.cleaned_data.get("role"), f.cleaned_data.get("name"), f.cleaned_data.get("id_number"))
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if any(form.errors for form in self.forms if not self._should_delete_form(form)):
            return  # the rows' own errors first; a row with an error is not yet a party
        if not names:
            raise ValidationError("请至少登记一名当事人（填写身份和姓名/名称）。", code="no_party")
        if len(names) != len(set(names)):
            raise ValidationError("同一当事人重复登记。")


# One blank row without JavaScript; static/disputes/js/dispute_form.js adds and removes rows.
PartyFormSet = inlineformset_factory(
    Dispute, Party, form=PartyForm, formset=BasePartyFormSet, extra=1, can_delete=True, max_num=30
)


class StartMediationForm(ErrorsToFormMixin, forms.Form):
    started_on = forms.DateField(label="开始调解日期", widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label="说明", required=False, max_length=300, help_text="如：调解员、调解地点")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "开始调解"))


class ConcludeForm(ErrorsToFormMixin, forms.Form):
    result = forms.ChoiceField(
        label="调解结果",
        choices=[(s.value, s.label) for s in c.CONCLUDED_STATUSES],
        widget=forms.RadioSelect,
        initial=c.Status.SUCCEEDED,
    )
    concluded_on = forms.DateField(label="办结日期", widget=DateInput(), initial=timezone.localdate)
    outcome = forms.CharField(
        label="调解结果/终止原因",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="调解成功的写明达成的主要内容；不成功或终止的写明原因（人民调解法第二十六条）",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "确认调结"))


class ReferForm(ErrorsToFormMixin, forms.Form):
    referred_to = forms.CharField(label="转办单位", max_length=100, help_text="如：大渡口区人民法院、八桥派出所")
    concluded_on = forms.DateField(label="转办日期", widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label="转办原因", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "确认转办"))


class AgreementModelForm(ErrorsToFormMixin, OrgModelForm):
    class Meta:
        model = Agreement
        fields = [
            "form",
            "signed_on",
            "facts",
            "responsibilities",
            "terms",
            "performance_method",
            "performance_due",
            "performance",
            "performed_on",
            "performance_note",
            "confirmation_applied",
            "confirmation_applied_on",
            "confirmation_court",
            "confirmation_result",
        ]
        widgets = {
            "form": forms.RadioSelect,
            "signed_on": DateInput(),
            "performance_due": DateInput(),
            "performed_on": DateInput(),
            "confirmation_applied_on": DateInput(),
            "facts": forms.Textarea(attrs={"rows": 3}),
            "responsibilities": forms.Textarea(attrs={"rows": 2}),
            "terms": forms.Textarea(attrs={"rows": 3}),
        }
        # 人民调解法第二十九条: these items "可以载明" (may be recorded), so they are optional.
        help_texts = {
            "facts": "选填：调解协议书可以载明纠纷的主要事实、争议事项（人民调解法第二十九条）",
            "responsibilities": "选填：调解协议书可以载明各方当事人的责任（人民调解法第二十九条）",
            "terms": "当事人达成调解协议的内容",
            "performance_method": "选填：协议约定的履行方式，如一次性现金支付（人民调解法第二十九条）",
            "performance_due": "选填：协议约定的履行期限（人民调解法第二十九条）",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("协议（人民调解法第二十八至三十条）", "form", "signed_on", "terms", "facts", "responsibilities"),
            Fieldset(
                "履行（协议约定的方式、期限选填）",
                "performance_method",
                "performance_due",
                "performance",
                "performed_on",
                "performance_note",
            ),
            Fieldset(
                "司法确认（协议生效之日起三十日内，人民调解法第三十三条）",
                "confirmation_applied",
                "confirmation_applied_on",
                "confirmation_court",
                "confirmation_result",
            ),
        )
        self.helper.add_input(Submit("submit", "保存协议"))


class FollowUpForm(ErrorsToFormMixin, OrgModelForm):
    performance = forms.ChoiceField(
        label="协议履行情况",
        required=False,
        choices=[("", "（不变）"), *c.Performance.choices],
        help_text="回访时了解到的履行情况，保存后同步到调解协议",
    )
    performed_on = forms.DateField(label="履行完毕日期", required=False, widget=DateInput())

    class Meta:
        model = FollowUp
        fields = ["visited_on", "visitor", "method", "satisfaction", "result"]
        widgets = {"visited_on": DateInput(), "result": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, has_agreement: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_agreement:
            self.fields.pop("performance")
            self.fields.pop("performed_on")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存回访"))


class OrgUniqueMixin:
    """Validate the (organization, name) constraint in the form: ModelForm skips constraints on
    fields it does not show, so without this a duplicate would reach the database."""

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard("organization")
        return exclude


class DisputeCategoryForm(OrgUniqueMixin, OrgModelForm):
    class Meta:
        model = DisputeCategory
        fields = ["name", "sort_order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The unique (organization, name) constraint is validated only with the org on the instance.
        if self.organization is not None:
            self.instance.organization = self.organization
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存"))


class MediatorForm(OrgUniqueMixin, OrgModelForm):
    class Meta:
        model = Mediator
        fields = ["name", "unit", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.organization is not None:
            self.instance.organization = self.organization
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存"))
