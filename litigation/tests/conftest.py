import datetime

import pytest
from django.core.files.base import ContentFile

from litigation.choices import DocumentKind
from litigation.models import CaseDocument
from litigation.tests.factories import HearingFactory, LitigationCaseFactory, ReconsiderationCaseFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def rcase(org, department):
    return ReconsiderationCaseFactory(organization=org, handling_department=department, case_number="渡府复〔2024〕8号")


@pytest.fixture
def lcase(org, department):
    return LitigationCaseFactory(organization=org, handling_department=department, case_number="（2024）渝0104行初12号")


@pytest.fixture
def hearing(lcase):
    return HearingFactory(case=lcase)


@pytest.fixture
def document(org, rcase, clerk_user):
    doc = CaseDocument(
        organization=org,
        reconsideration=rcase,
        kind=DocumentKind.REPLY,
        title="行政复议答复书",
        original_name="答复书.pdf",
        submitted_on=datetime.date(2024, 3, 12),
        uploaded_by=clerk_user,
    )
    doc.file.save("答复书.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    doc.save()
    return doc
