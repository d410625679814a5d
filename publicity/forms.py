from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone

from accounts.models import Grid
from core.grids import group_grids
from core.personal_data import PersonalDataFormMixin
from core.registers.forms import AttachmentForm, DateInput, RegisterForm
from publicity.models import EventAttachment, GridMonthlyEntry, LegalEducationEvent, LegalLiaison


class LegalEducationEventForm(RegisterForm):
    class Meta:
        model = LegalEducationEvent
        fields = [
            "date",
            "kind",
            "title",
            "place",
            "community",
            "organizer",
            "participants",
            "materials_count",
            "materials",
            "summary",
        ]
        widgets = {"date": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("participants", "materials_count"):
            self.fields[name].widget.attrs["min"] = 0
        self.helper.layout = Layout(
            Row(Column("date", css_class="col-md-4"), Column("kind", css_class="col-md-4")),
            "title",
            Row(Column("place", css_class="col-md-6"), Column("community", css_class="col-md-6")),
            "organizer",
            Row(
                Column("participants", css_class="col-md-4"),
                Column("materials_count", css_class="col-md-4"),
                Column("materials", css_class="col-md-4"),
            ),
            "summary",
        )


class EventAttachmentForm(AttachmentForm):
    file_help = "活动照片或材料，"

    class Meta(AttachmentForm.Meta):
        model = EventAttachment


class LegalLiaisonForm(PersonalDataFormMixin, RegisterForm):
    personal_fields = {"id_number": "id", "phone": "phone"}

    class Meta:
        model = LegalLiaison
        fields = [
            "name",
            "gender",
            "id_number",
            "phone",
            "community",
            "occupation",
            "trained_on",
            "status",
            "left_on",
            "note",
        ]
        widgets = {"trained_on": DateInput(), "left_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-4"), Column("gender", css_class="col-md-2")),
            Row(Column("id_number", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            Row(Column("community", css_class="col-md-6"), Column("occupation", css_class="col-md-6")),
            Row(
                Column("trained_on", css_class="col-md-4"),
                Column("status", css_class="col-md-4"),
                Column("left_on", css_class="col-md-4"),
            ),
            "note",
        )

    def clean_id_number(self):
        value = (self.cleaned_data.get("id_number") or "").strip().upper()
        if value and self.organization is not None:
            others = LegalLiaison.objects.filter(organization=self.organization, id_number=value).exclude(
                pk=self.instance.pk
            )
            self.refuse_if_on_file(others, "本单位已登记该身份证号的法律明白人。")
        return value


ENTRY_NUMBERS = ["households_visited", "suggestions", "problems_found", "problems_solved"]


class GridMonthlyEntryForm(RegisterForm):
    class Meta:
        model = GridMonthlyEntry
        fields = ["grid", "year", "month", *ENTRY_NUMBERS, "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group_grids(self.fields["grid"])  # by 村（社区）, 第2网格 before 第10网格
        if not self.instance.pk:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("month", today.month)
        for name in ENTRY_NUMBERS:
            self.fields[name].widget.attrs["min"] = 0
        self.helper.layout = Layout(
            Row(
                Column("grid", css_class="col-md-6"),
                Column("year", css_class="col-md-3"),
                Column("month", css_class="col-md-3"),
            ),
            Row(*[Column(n, css_class="col-md-3") for n in ENTRY_NUMBERS]),
            "note",
        )


class GridMonthlyEntryImportForm(RegisterForm):
    """One spreadsheet row: the grid is named by its community and grid name, as clerks know it."""

    community_name = forms.CharField(label="村（社区）")
    grid_name = forms.CharField(label="网格")

    class Meta:
        model = GridMonthlyEntry
        fields = ["year", "month", *ENTRY_NUMBERS, "note"]

    def clean(self):
        cleaned = super().clean()
        community, name = cleaned.get("community_name"), cleaned.get("grid_name")
        if community and name:
            grid = (
                Grid.objects.filter(organization=self.organization, community__name=community, name=name)
                .select_related("community")
                .first()
            )
            if grid is None:
                self.add_error("grid_name", f"本单位没有网格「{community}·{name}」。")
            else:
                self.instance.grid = grid
                year, month = cleaned.get("year"), cleaned.get("month")
                if GridMonthlyEntry.objects.filter(grid=grid, year=year, month=month).exists():
                    self.add_error(None, f"{grid} {year}年{month}月已填报，请在平台上修改原记录。")
        return cleaned
