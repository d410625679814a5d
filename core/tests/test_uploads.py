"""Attachments: a file must be what its extension says (core.uploads), on every upload form."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import validate_file_content
from goals.models import GoalAttachment
from goals.tests.factories import GoalAreaFactory, GoalFactory
from indicators.models import IndicatorValue
from indicators.tests.factories import IndicatorDefinitionFactory, IndicatorValueFactory
from litigation.models import CaseDocument
from litigation.tests.factories import ReconsiderationCaseFactory
from publicity.models import EventAttachment
from publicity.tests.factories import LegalEducationEventFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
ZIP = b"PK\x03\x04\x14\x00\x06\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
EXE = b"MZ\x90\x00\x03\x00\x00\x00"
HTML = b"<!doctype html><script>alert(1)</script>"


@pytest.mark.parametrize(
    "name, content",
    [
        ("a.pdf", PDF),
        ("a.PDF", b"\r\n" + PDF),  # a header within the first kilobyte is still a PDF
        ("a.docx", ZIP),
        ("a.xlsx", ZIP),
        ("a.ofd", ZIP),
        ("a.zip", ZIP),
        ("a.doc", OLE),
        ("a.xls", OLE),
        ("a.wps", OLE),
        ("a.wps", ZIP),
        ("a.jpg", JPEG),
        ("a.jpeg", JPEG),
        ("a.png", PNG),
        ("a.txt", "会议纪要".encode()),
    ],
)
def test_a_file_that_is_what_its_name_says_passes(name, content):
    validate_file_content(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name, content, label",
    [
        ("会议纪要.pdf", EXE, "PDF"),
        ("会议纪要.pdf", HTML, "PDF"),
        ("照片.jpg", HTML, "JPEG 图片"),
        ("照片.png", JPEG, "PNG 图片"),
        ("决定书.docx", OLE, "Word"),
        ("决定书.doc", ZIP, "Word"),
        ("台账.xlsx", b"name,phone\n", "Excel"),
        ("证据.zip", EXE, "ZIP 压缩包"),
        ("说明.txt", EXE + b"\x00\x00", "文本"),
        ("空.pdf", b"", "PDF"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_in_chinese(name, content, label):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as raised:
        validate_file_content(upload)
    message = raised.value.messages[0]
    assert "文件内容与扩展名" in message and f"不是真正的{label}文件" in message
    assert upload.tell() == 0  # the file is left where it was for the storage to save


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_goal_attachment_form_refuses_a_disguised_file(clerk, org, department, media):
    goal = GoalFactory(organization=org, area=GoalAreaFactory(organization=org), department=department)
    url = reverse("goals:attachment_add", args=[goal.pk])
    response = clerk.post(url, {"file": SimpleUploadedFile("会议纪要.pdf", EXE), "title": ""})
    assert response.status_code == 200
    assert "不是真正的PDF文件" in response.content.decode()
    assert not GoalAttachment.objects.exists()
    assert clerk.post(url, {"file": SimpleUploadedFile("会议纪要.pdf", PDF), "title": ""}).status_code == 302


@pytest.mark.django_db
def test_event_attachment_form_refuses_a_disguised_image(clerk, org, media):
    event = LegalEducationEventFactory(organization=org)
    url = reverse("publicity:attachment_add", args=[event.pk])
    response = clerk.post(url, {"file": SimpleUploadedFile("现场.jpg", HTML), "title": ""})
    assert response.status_code == 200
    assert "不是真正的JPEG 图片文件" in response.content.decode()
    assert not EventAttachment.objects.exists()


@pytest.mark.django_db
def test_case_document_form_refuses_a_disguised_file(clerk, org, department, media):
    case = ReconsiderationCaseFactory(organization=org, handling_department=department)
    url = reverse("litigation:reconsideration_document_add", args=[case.pk])
    data = {"kind": "reply", "title": "", "submitted_on": "2024-03-12"}
    response = clerk.post(url, {**data, "file": SimpleUploadedFile("答复书.docx", HTML)})
    assert response.status_code == 200
    assert "不是真正的Word文件" in response.content.decode()
    assert not CaseDocument.objects.exists()


@pytest.mark.django_db
def test_indicator_source_file_is_checked_on_upload_and_not_reopened_on_edit(clerk, org, department, media):
    value = IndicatorValueFactory(definition=IndicatorDefinitionFactory(organization=org, department=department))
    url = reverse("indicators:value_edit", args=[value.pk])
    form = {"value": "200", "note": "", "source": ""}
    response = clerk.post(url, {**form, "source_file": SimpleUploadedFile("台账.xlsx", b"not a workbook")})
    assert response.status_code == 200
    assert "不是真正的Excel文件" in response.content.decode()
    assert not IndicatorValue.objects.get().source_file

    assert clerk.post(url, {**form, "source_file": SimpleUploadedFile("台账.pdf", PDF)}).status_code == 302
    # Editing the value again keeps the stored file without opening it from storage.
    stored = IndicatorValue.objects.get().source_file
    stored.storage.delete(stored.name)
    assert clerk.post(url, {**form, "value": "201"}).status_code == 302
    assert IndicatorValue.objects.get().value == 201
