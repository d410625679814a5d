"""Issue 21: nothing in the release package carries personal data — proved on real records.

The 2023 demo (load_demo, once for the module) holds the ledgers' personal data as staff
enter it: 当事人, 执法人员, 法律明白人, 复议申请人, 应诉原告 with 身份证号, phones and
addresses (fictitious). More are planted before 送审. The report is then approved, reviewed,
published with the real renderer and its package downloaded: no value may reach any file,
read as text (the PDF through pdftotext) and as raw bytes.

One path from the records into the text is legitimate: the report lists next year's goals
(下一年度工作打算 → goals' titles and descriptions). A phone typed into a goal would be printed
and published, so such text is refused at 送审/审定/发布 (reports.selectors.completeness).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from disputes.models import Dispute, Party
from enforcement.models import Officer
from goals.models import Goal
from litigation.models import LitigationCase, ReconsiderationCase
from publicity.models import LegalLiaison
from reports import services
from reports.models import AnnualReport
from reports.tests.factories import add_shortcomings, pass_secrecy_review

# Planted below, valid as a 身份证号 (GB 11643 check digit) and as a mobile number.
PLANTED_ID = "500104198805061237"
PLANTED_PHONE = "13983456789"
PLANTED_ADDRESS = "重庆市大渡口区八桥镇双山社区八号楼3单元502"

PERSONAL_FIELDS = [
    (Party, ["id_number", "phone", "address"]),
    (Officer, ["id_number", "phone"]),
    (LegalLiaison, ["id_number", "phone"]),
    (ReconsiderationCase, ["applicant_id_number", "applicant_phone", "applicant_address"]),
    (LitigationCase, ["plaintiff_id_number", "plaintiff_phone", "plaintiff_address"]),
]


@pytest.fixture
def demo(db, demo_town):
    return demo_town


def personal_values(organization) -> set[str]:
    values = set()
    for model, fields in PERSONAL_FIELDS:
        for row in model.objects.filter(**_org_filter(model, organization)).values_list(*fields):
            values.update(v for v in row if v and len(v) >= 7)
    return values


def _org_filter(model, organization) -> dict:
    return {"dispute__organization": organization} if model is Party else {"organization": organization}


def plant(organization) -> None:
    """A 当事人 of a 2023 dispute with a known 身份证号, phone and address."""
    dispute = Dispute.objects.filter(organization=organization, received_on__year=2023).first()
    Party.objects.create(
        dispute=dispute, name="李明华", id_number=PLANTED_ID, phone=PLANTED_PHONE, address=PLANTED_ADDRESS
    )


def publish(report: AnnualReport):
    clerk, leader = User.objects.get(username="clerk"), User.objects.get(username="leader")
    add_shortcomings(report)
    services.report_submit(report=report, by=clerk)
    services.report_approve(report=report, by=leader)
    report.refresh_from_db()
    pass_secrecy_review(report)
    return services.report_publish(report=report, by=leader)


def pdf_text(content: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is not installed"
    path = tmp_path / "package.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.django_db
def test_no_personal_data_of_any_record_reaches_the_package(demo, client, tmp_path):
    plant(demo)
    secrets = personal_values(demo)
    assert {PLANTED_ID, PLANTED_PHONE, PLANTED_ADDRESS} <= secrets
    assert len(secrets) > 100  # the demo's ledgers really hold personal data
    revision = publish(AnnualReport.objects.get(organization=demo, year=2023))

    client.force_login(User.objects.get(username="clerk"))
    response = client.get(reverse("reports:revision_package", args=[revision.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    texts = {}
    for name in archive.namelist():
        content = archive.read(name)
        texts[name] = pdf_text(content, tmp_path) if name.endswith(".pdf") else content.decode("utf-8")
        texts[name + " (bytes)"] = content.decode("latin-1")
    assert "全镇共有11人持有行政执法证" in re.sub(r"\s", "", texts["2023年法治政府建设年度报告.pdf"])
    for name, text in texts.items():
        compact = re.sub(r"\s", "", text)
        leaked = sorted(s for s in secrets if s in text or s in compact)
        assert not leaked, f"{name} carries personal data: {leaked[:5]}"


@pytest.mark.django_db
def test_a_phone_typed_into_a_goal_the_report_lists_is_refused(demo):
    """Next year's goals are printed in the report: a personal number in one stops 送审."""
    goal = Goal.objects.filter(organization=demo, year=2024).first()
    goal.description += f"联系人李明华，电话{PLANTED_PHONE}，身份证号{PLANTED_ID}。"
    goal.save()
    report = AnnualReport.objects.get(organization=demo, year=2023)
    add_shortcomings(report)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=report, by=User.objects.get(username="clerk"))
    message = " ".join(refused.value.messages)
    assert "不能送审" in message and "个人信息" in message
    # The message names what was found, masked: it must not repeat the number in full.
    assert "139****6789" in message and "500104********1237" in message
    assert PLANTED_PHONE not in message and PLANTED_ID not in message
    report.refresh_from_db()
    assert report.status == "draft"


@pytest.mark.django_db
def test_personal_data_typed_after_approval_still_stops_publishing(demo):
    """The check runs on what 发布 prints (the approved snapshot), not only at 送审."""
    report = AnnualReport.objects.get(organization=demo, year=2023)
    add_shortcomings(report)
    clerk, leader = User.objects.get(username="clerk"), User.objects.get(username="leader")
    services.report_submit(report=report, by=clerk)
    services.report_approve(report=report, by=leader)
    report.refresh_from_db()
    approval = report.approvals.get()
    approval.document["blocks"][1]["text"] += f"（举报电话{PLANTED_PHONE}）"
    approval.outline[1]["text"] += f"（举报电话{PLANTED_PHONE}）"
    approval.save()
    pass_secrecy_review(report)
    with pytest.raises(ValidationError) as refused:
        services.report_publish(report=report, by=leader)
    assert "不能发布" in " ".join(refused.value.messages)
    assert not report.revisions.exists()
