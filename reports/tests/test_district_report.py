"""Issue 20: the district's own annual report, through the same pages as a town's.

大渡口区 (kind 区) above 八桥镇 and 跳磴镇. Its drafter (录入员 of the district) writes and sends
its report, with a town picked in the district bar the whole time (the picked town is for
reading ledgers, never where a write lands); its leader (领导) approves it, records a passed
保密审查 and publishes it. The published PDF (real rendering) carries the district's figures:
its towns' records added up (core.figure_rollup). A town user never sees the district's
report (404); the district's viewer (区级查看) reads it and writes nothing.
"""

import datetime
import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organization
from accounts.roles import CLERK, DISTRICT_VIEWER, LEADER
from accounts.tests.factories import OrganizationFactory, UserFactory
from core.figures import registry
from core.models import AuditLog
from core.testing import unchanged_post
from disputes.tests.factories import DisputeFactory
from reports.choices import ReportStatus, RequiredContent
from reports.models import AnnualReport

pytestmark = pytest.mark.django_db

YEAR = 2023
# What the drafter writes for each required content of the default outline (reports.contents).
TEXTS = {
    RequiredContent.MEASURES: "全区各镇街共受理矛盾纠纷【调解纠纷数】件，调结【调结纠纷数】件。",
    RequiredContent.SHORTCOMINGS: "一是法治宣传的针对性和实效性有待增强；二是行政执法人员的专业能力还需提升。",
    RequiredContent.LEADERS: "区政府主要负责人认真履行推进法治建设第一责任人职责，全年专题研究法治政府建设工作四次。",
    RequiredContent.PLANS: "一是深化行政执法规范化建设；二是加强基层矛盾纠纷多元化解；三是推进普法宣传进社区。",
}


@pytest.fixture
def district(org, other_org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    district = OrganizationFactory(name="大渡口区", full_name="重庆市大渡口区人民政府", kind=Organization.Kind.DISTRICT)
    Organization.objects.filter(pk__in=[org.pk, other_org.pk]).update(parent=district)
    # Two disputes of 2023 in 八桥镇, one in 跳磴镇: the district's 调解纠纷数 is 3.
    for town, day in [(org, 3), (org, 4), (other_org, 5)]:
        town.refresh_from_db()
        DisputeFactory(organization=town, received_on=datetime.date(YEAR, 5, day))
    return district


def _client(roles, organization, username, *role_names):
    user = UserFactory(username=username, organization=organization, department=None)
    user.groups.set([roles[name] for name in role_names])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def district_clerk(roles, district):
    return _client(roles, district, "district_clerk", CLERK)


@pytest.fixture
def district_leader(roles, district):
    return _client(roles, district, "district_leader", LEADER)


@pytest.fixture
def district_viewer(roles, district):
    return _client(roles, district, "district", DISTRICT_VIEWER)


def drafted(client, org) -> AnnualReport:
    """The district clerk, with 八桥镇 picked in the district bar, creates and fills in the report."""
    client.get(reverse("reports:report_list"), {"org": org.pk})
    response = client.post(reverse("reports:report_add"), {"year": YEAR})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    report = AnnualReport.objects.get(year=YEAR, organization__name="大渡口区")
    assert not AnnualReport.objects.filter(organization=org).exists()
    assert client.get(reverse("reports:report_edit", args=[report.pk])).status_code == 200
    for section in report.sections.exclude(required_content=""):
        url = reverse("reports:section_edit", args=[section.pk])
        data = unchanged_post(client.get(url))
        data.update(text=TEXTS[section.required_content], kind="text", items_key="")
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
    url = reverse("reports:report_meta", args=[report.pk])
    data = unchanged_post(client.get(url))
    data.update(signer="重庆市大渡口区人民政府办公室", signed_on="2024-01-24")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    report.refresh_from_db()
    assert report.signer == "重庆市大渡口区人民政府办公室"
    return report


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_the_district_writes_sends_approves_and_publishes_its_own_report(
    district, org, other_org, district_clerk, district_leader
):
    town_rows = AuditLog.objects.filter(organization__in=[org, other_org])
    before = town_rows.count()  # the fixture's disputes
    report = drafted(district_clerk, org)
    assert list(district_clerk.get(reverse("reports:report_list")).context["object_list"]) == [report]
    page = district_clerk.get(reverse("reports:report_detail", args=[report.pk])).context
    assert page["can_edit"] and [a["action"] for a in page["actions"]] == ["submit"]

    response = district_clerk.post(reverse("reports:report_submit", args=[report.pk]), follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED, messages_of(response)
    assert report.submitted_by.username == "district_clerk"
    # The clerk may not approve; the leader may not edit.
    assert district_clerk.post(reverse("reports:report_approve", args=[report.pk])).status_code == 403

    response = district_leader.post(reverse("reports:report_approve", args=[report.pk]), follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED, messages_of(response)
    review = {
        "reviewer": "区保密办 王五",
        "reviewed_on": timezone.localdate().isoformat(),  # not before this version's 送审 (today)
        "conclusion": "passed",
        "note": "未发现涉密内容",
    }
    response = district_leader.post(reverse("reports:report_secrecy", args=[report.pk]), review, follow=True)
    assert "已登记保密审查：通过" in messages_of(response)
    response = district_leader.post(reverse("reports:report_publish", args=[report.pk]), follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED, messages_of(response)
    revision = report.revisions.get()
    assert revision.published_by.username == "district_leader"
    # Every write of the workflow is the district's, none is a town's.
    assert town_rows.count() == before
    assert AuditLog.objects.filter(organization=district, action="workflow").count() >= 4

    # The frozen figure is the towns' sum, and so is the number in the published file.
    total = sum(registry.compute(town, YEAR)["调解纠纷数"].value.value for town in (org, other_org))
    assert total == 3 and revision.figures["调解纠纷数"]["value"] == str(total)
    response = district_leader.get(reverse("reports:revision_download", args=[revision.pk]))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        text = re.sub(r"\s+", "", text)
        assert "重庆市大渡口区人民政府" in text
        assert f"全区各镇街共受理矛盾纠纷{total}件" in text


def test_a_town_user_never_sees_the_districts_report(district, org, clerk, leader, district_clerk):
    report = drafted(district_clerk, org)
    for client in (clerk, leader):
        assert client.get(reverse("reports:report_detail", args=[report.pk])).status_code == 404
        assert client.post(reverse("reports:report_submit", args=[report.pk])).status_code == 404
        assert report not in client.get(reverse("reports:report_list")).context["object_list"]


def test_the_district_viewer_reads_the_districts_report_and_writes_nothing(
    district, org, district_clerk, district_viewer
):
    report = drafted(district_clerk, org)
    section = report.sections.first()
    assert district_viewer.get(reverse("reports:report_detail", args=[report.pk])).status_code == 200
    assert list(district_viewer.get(reverse("reports:report_list")).context["object_list"]) == [report]
    written = AuditLog.objects.count()
    for url in [
        reverse("reports:report_submit", args=[report.pk]),
        reverse("reports:section_edit", args=[section.pk]),
        reverse("reports:section_delete", args=[section.pk]),
        reverse("reports:report_add"),
    ]:
        assert district_viewer.post(url, {"year": 2022, "text": "改"}).status_code == 403, url
    assert AuditLog.objects.count() == written


def test_a_district_clerk_is_refused_a_towns_report_and_ledgers_with_a_reason(district, org, district_clerk):
    from reports.tests.factories import ReportSectionFactory

    town_section = ReportSectionFactory(report__organization=org)
    district_clerk.get(reverse("reports:report_list"), {"org": org.pk})
    response = district_clerk.post(
        reverse("reports:section_edit", args=[town_section.pk]), {"heading": "改", "text": "改", "level": 1}
    )
    assert response.status_code == 403
    assert "不能修改镇街的记录" in response.content.decode()
    # The town's report reads, without a button the district may not use.
    page = district_clerk.get(reverse("reports:report_detail", args=[town_section.report.pk])).context
    assert page["actions"] == [] and not page["can_edit"] and not page["can_acknowledge"]
    town_section.refresh_from_db()
    assert town_section.heading != "改"
    # A ledger: the towns record it, the district never does (not even for itself).
    response = district_clerk.post(reverse("disputes:dispute_add"), {"summary": "x"})
    assert response.status_code == 403
    assert "台账由各镇街录入" in response.content.decode()
    assert district_clerk.get(reverse("disputes:dispute_add")).status_code == 403


def test_the_district_clerk_and_leader_land_on_a_working_page(district, district_clerk, district_leader):
    # Neither holds 区级查看 (the comparison of towns): the home page and the 数据看板 of the
    # whole district, never a 500.
    for client in (district_clerk, district_leader):
        response = client.get(reverse("core:home"), follow=True)
        assert response.status_code == 200
    assert district_clerk.get(reverse("reports:report_list")).status_code == 200
