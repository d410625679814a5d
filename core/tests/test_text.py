"""Control characters pasted from Word or WeChat (issue #16 item 6): every form strips
what XML cannot hold, and the xlsx export strips it again for text stored before."""

import io

import pytest
from django import forms
from openpyxl import load_workbook

from accounts.forms import CommunityForm
from accounts.models import Community
from core.registers.export import ExportColumn, ledger_response
from core.tests.test_xlsx import CommunityImporter
from core.text import strip_xml_illegal

PASTED = "双山\x01社区\x0b\x1f"


def test_strip_keeps_tab_newline_and_everything_legal():
    assert strip_xml_illegal("a\x00\x01\x08\x0b\x0c\x0e\x1f\ud800\ufffe\uffffb") == "ab"
    assert strip_xml_illegal("甲\t乙\n丙\r丁 \u3000\x7f\u200b😀") == "甲\t乙\n丙\r丁 \u3000\x7f\u200b😀"


class _Form(forms.Form):
    name = forms.CharField()
    note = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput, strip=False, required=False)


def test_every_form_text_field_strips_them():
    form = _Form({"name": PASTED, "note": "第一行\x0b\n第二行\t", "email": "a\x01@b.cn", "password": "p\x01w"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "双山社区"
    assert form.cleaned_data["note"] == "第一行\n第二行"
    assert form.cleaned_data["email"] == "a@b.cn"
    assert form.cleaned_data["password"] == "p\x01w"  # hashed, never exported: kept as typed


def test_a_field_of_control_characters_only_is_empty():
    form = _Form({"name": "\x01\x0b"})
    assert not form.is_valid() and "name" in form.errors


@pytest.mark.django_db
def test_model_form_stores_the_text_without_them(org):
    form = CommunityForm({"name": PASTED, "kind": "community"}, organization=org)
    assert form.is_valid(), form.errors
    assert form.save().name == "双山社区"


@pytest.mark.django_db
def test_import_rows_go_through_the_same_cleaning(org, clerk_user, monkeypatch):
    # openpyxl cannot write such a cell, so the row is handed over as read_rows would.
    monkeypatch.setattr(
        CommunityImporter, "read_rows", lambda self, file, **_: ([(2, {"name": PASTED, "kind": "village"})], [])
    )
    result = CommunityImporter().run(None, organization=org, user=clerk_user)
    assert result.ok, result.errors
    assert Community.objects.get(organization=org).name == "双山社区"


@pytest.mark.django_db
def test_export_strips_them_before_neutralising_formulas(org, clerk_user):
    response = ledger_response(
        title="测试台账", organization=org, year_label="2023年度", columns=[ExportColumn("a", lambda row: row)],
        objects=[PASTED, "\x01=HYPERLINK(1)"], user=clerk_user,
    )  # fmt: skip
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [ws["A3"].value, ws["A4"].value] == ["双山社区", "'=HYPERLINK(1)"]
