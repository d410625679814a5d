from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils import timezone

from core.registers.forms import AttachmentForm, DateInput, RegisterForm
from goals.models import Goal, GoalArea, GoalAttachment, GoalUpdate


class GoalAreaForm(RegisterForm):
    class Meta:
        model = GoalArea
        fields = ["name", "order", "is_active"]


class GoalForm(RegisterForm):
    class Meta:
        model = Goal
        fields = [
            "year",
            "area",
            "order",
            "title",
            "description",
            "department",
            "responsible_person",
            "due_date",
            "status",
            "progress",
            "result_summary",
        ]
        widgets = {
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "result_summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
        area_field = self.fields["area"]
        current = self.instance.area_id if self.instance.pk else None
        area_field.queryset = area_field.queryset.filter(is_active=True) | area_field.queryset.filter(pk=current)
        self.fields["department"].queryset = self.fields["department"].queryset.filter(is_active=True)
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})
        self.helper.layout = Layout(
            Fieldset(
                "目标任务",
                Row(
                    Column("year", css_class="col-md-3"),
                    Column("area", css_class="col-md-6"),
                    Column("order", css_class="col-md-3"),
                ),
                "title",
                "description",
            ),
            Fieldset(
                "责任与时限",
                Row(
                    Column("department", css_class="col-md-4"),
                    Column("responsible_person", css_class="col-md-4"),
                    Column("due_date", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                "完成情况",
                Row(Column("status", css_class="col-md-4"), Column("progress", css_class="col-md-4")),
                "result_summary",
            ),
        )
        self.helper.inputs = []
        self.helper.add_input(Submit("submit", "保存"))


class GoalUpdateForm(RegisterForm):
    class Meta:
        model = GoalUpdate
        fields = ["date", "text", "reported_by", "progress"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        if user is not None:
            self.initial.setdefault("reported_by", getattr(user, "display_name", ""))
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})


class GoalAttachmentForm(AttachmentForm):
    class Meta(AttachmentForm.Meta):
        model = GoalAttachment


class CarryOverForm(forms.Form):
    year = forms.IntegerField(label="结转年度", min_value=2000, max_value=2099)
