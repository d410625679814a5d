"""Issue 17: 审定 freezes the document, 发布 never recomputes, every download of a
published report is the stored file, and a live rendering is only ever a 草稿."""

import hashlib
import io
import re
import shutil
import subprocess
import types
import zipfile
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import AuditLog
from reports import demo, output, services
from reports.choices import ReportStatus, RequiredContent
from reports.models import AnnualReport, ReportApproval, ReportRevision, ReportSection
from reports.selectors import document_from_json, document_plain_text
from reports.tests.factories import pass_secrecy_review

# The demo lacks 存在的不足和原因 (shared/DOMAIN.md); a complete report adds it, so these
# tests hold whatever the completeness checks block.
SHORTCOMINGS = (
    "法治宣传的针对性还不够强，部分群众参与法治实践的主动性不高；行政执法人员的专业培训仍需加强。"
    "主要原因是基层法治工作力量较为薄弱，培训和宣传的方式还不够丰富。"
)


def complete(report: AnnualReport) -> AnnualReport:
    last = report.sections.order_by("-position").first()
    ReportSection.objects.create(
        report=report,
        position=last.position + 1,
        level=1,
        heading="存在的不足和原因",
        text=SHORTCOMINGS,
        required_content=RequiredContent.SHORTCOMINGS,
    )
    return report


@pytest.fixture
def report(org, figure_values):
    demo.load(types.SimpleNamespace(organization=org))
    return complete(AnnualReport.objects.get(organization=org, year=2023))


@pytest.fixture
def fake_rendering(monkeypatch):
    """reports.rendering stand-in: the bytes carry the text and the watermark, so a
    test sees exactly which document was laid out."""

    def body(kind, doc):
        return f"{kind} [{doc.draft_mark}] {document_plain_text(doc)}".encode()

    module = types.SimpleNamespace(
        render_pdf=lambda doc, **_options: b"%PDF-1.7 " + body("pdf", doc),
        render_docx=lambda doc: b"PK " + body("docx", doc),
        render_html=lambda doc, standalone=True: "<div>" + document_plain_text(doc).replace("<", "&lt;") + "</div>",
    )
    monkeypatch.setattr(output, "_module", lambda: module)
    return module


def post(client, report, action, **data):
    return client.post(reverse(f"reports:report_{action}", args=[report.pk]), data, follow=True)


def approve(clerk, leader, report):
    assert "已送审" in post(clerk, report, "submit").content.decode()
    assert "已审定" in post(leader, report, "approve", comment="同意").content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    pass_secrecy_review(report)
    return report


def filename(response) -> str:
    return unquote(response["Content-Disposition"].split("''", 1)[1])


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def confirm_tokens(html: str) -> list[str]:
    return re.findall(r'name="confirm_moved"\s+value="([^"]+)"', html)


@pytest.mark.django_db
class TestApprovalFreezes:
    def test_approval_stores_the_whole_document(self, clerk, leader, report):
        approve(clerk, leader, report)
        approval = ReportApproval.objects.get(report=report)
        assert approval.number == 1 and approval.approved_by.username == "leader"
        assert approval.submitted_by.username == "clerk" and approval.comment == "同意"
        assert approval.figures["行政复议案件数"]["value"] == "3"
        assert approval.document["draft_mark"] == ""
        assert approval.document["signer"] == "重庆市大渡口区八桥镇人民政府"
        assert approval.document["signed_on"] == "2024-01-24"
        text = document_plain_text(document_from_json(approval.document))
        assert "今年共有行政复议3件" in text and SHORTCOMINGS in text
        assert any(entry["text"] == SHORTCOMINGS for entry in approval.outline)
        assert "【年度】" in approval.title

    def test_unchanged_records_publish_without_questions(self, clerk, leader, report, fake_rendering):
        approve(clerk, leader, report)
        html = leader.get(report.get_absolute_url()).content.decode()
        assert "审定以来，报告所用指标的记录均未变化" in html and 'name="confirm_moved"' not in html
        assert "已发布第1版" in post(leader, report, "publish").content.decode()

    def test_moved_figure_is_listed_old_to_new(self, clerk, leader, report, figure_values, fake_rendering):
        approve(clerk, leader, report)
        figure_values["行政复议案件数"] = 4  # a 2023 reconsideration case recorded after 审定
        figure_values["调解成功率"] = (776, 789)
        html = leader.get(report.get_absolute_url()).content.decode()
        assert "审定后，以下指标的记录已变化" in html
        row = re.search(r'<tr data-figure="行政复议案件数">.*?</tr>', html, re.S).group(0)
        assert re.search(r'data-role="approved">3<', row) and re.search(r'data-role="current">4<', row)
        rate = re.search(r'<tr data-figure="调解成功率">.*?</tr>', html, re.S).group(0)
        assert "98.35%（775/788）" in rate and "98.35%（776/789）" in rate
        assert 'data-figure="持证人数"' not in html  # unchanged figures are not listed
        assert len(confirm_tokens(html)) == 2

    def test_publish_refuses_unconfirmed_moved_figures(self, clerk, leader, report, figure_values, fake_rendering):
        approve(clerk, leader, report)
        figure_values["行政复议案件数"] = 4
        response = post(leader, report, "publish")
        assert "审定后以下指标的记录已变化" in response.content.decode()
        assert "行政复议案件数：审定时3，现为4" in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED and not ReportRevision.objects.exists()

    def test_publish_confirmed_prints_the_approved_value(self, clerk, leader, report, figure_values, fake_rendering):
        approve(clerk, leader, report)
        figure_values["行政复议案件数"] = 4
        tokens = confirm_tokens(leader.get(report.get_absolute_url()).content.decode())
        response = post(leader, report, "publish", confirm_moved=tokens)
        assert "已发布第1版（按审定稿）" in response.content.decode()
        revision = ReportRevision.objects.get(report=report)
        assert revision.approval == ReportApproval.objects.get(report=report)
        pdf = revision.pdf.read().decode()
        assert "今年共有行政复议3件" in pdf and "行政复议4件" not in pdf and "[]" in pdf  # unmarked
        assert "今年共有行政复议3件" in revision.docx.read().decode()
        assert revision.figures["行政复议案件数"]["value"] == "3"
        assert "今年共有行政复议3件" in document_plain_text(document_from_json(revision.document))
        details = list(
            AuditLog.objects.filter(action="workflow", object_id=str(report.pk), username="leader")
            .order_by("at", "id")
            .values_list("detail", flat=True)
        )
        assert "确认按审定稿发布（不采用变化后的记录）：行政复议案件数：审定时3，现为4" in details
        assert details[-1].startswith("发布第1版（按审定稿）") and revision.docx_sha256 in details[-1]

    def test_a_figure_moving_again_needs_a_new_confirmation(self, clerk, leader, report, figure_values, fake_rendering):
        approve(clerk, leader, report)
        figure_values["行政复议案件数"] = 4
        tokens = confirm_tokens(leader.get(report.get_absolute_url()).content.decode())
        figure_values["行政复议案件数"] = 5  # another case while the leader was reading
        response = post(leader, report, "publish", confirm_moved=tokens)
        assert "行政复议案件数：审定时3，现为5" in response.content.decode()
        assert not ReportRevision.objects.exists()

    def test_return_for_redraft_closes_the_approval(self, clerk, leader, report, figure_values, fake_rendering):
        approve(clerk, leader, report)
        figure_values["行政复议案件数"] = 4
        post(leader, report, "return", comment="行政复议案件数有变化，请重新起草")
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT
        approval = ReportApproval.objects.get(report=report)
        assert approval.returned_at is not None and approval.returned_by.username == "leader"
        preview = clerk.get(reverse("reports:report_preview", args=[report.pk])).content.decode()
        assert "今年共有行政复议4件" in preview
        # Approved again: a new snapshot with the new value, the returned one kept.
        approve(clerk, leader, report)
        assert ReportApproval.objects.filter(report=report).count() == 2
        post(leader, report, "publish")
        revision = ReportRevision.objects.get(report=report)
        assert revision.approval.figures["行政复议案件数"]["value"] == "4"
        assert "今年共有行政复议4件" in revision.pdf.read().decode()

    def test_publish_lays_out_the_approved_text_not_the_sections(self, clerk, leader, report, fake_rendering):
        approve(clerk, leader, report)
        # Only a draft is edited; even a write that bypasses the services is not published.
        ReportSection.objects.filter(report=report, text=SHORTCOMINGS).update(text="改过的文字")
        AnnualReport.objects.filter(pk=report.pk).update(signer="改过的落款")
        report.refresh_from_db()
        post(leader, report, "publish")
        pdf = ReportRevision.objects.get(report=report).pdf.read().decode()
        assert SHORTCOMINGS in pdf and "改过的" not in pdf

    def test_approved_before_freezing_cannot_publish(self, leader_user, report, fake_rendering):
        AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
        report.refresh_from_db()
        with pytest.raises(ValidationError, match="退回起草后重新送审"):
            services.report_publish(report=report, by=leader_user)

    def test_one_standing_approval_per_revision(self, clerk_user, leader_user, report):
        services.report_submit(report=report, by=clerk_user)
        services.report_approve(report=report, by=leader_user)
        pass_secrecy_review(report)
        approval = ReportApproval.objects.get()
        duplicate = ReportApproval(
            report=report, number=approval.number, approved_at=approval.approved_at, title=approval.title
        )
        with pytest.raises(ValidationError, match="该版次已有审定稿"):
            duplicate.full_clean()


@pytest.mark.django_db
class TestDownloads:
    def publish(self, clerk, leader, report):
        approve(clerk, leader, report)
        post(leader, report, "publish")
        return ReportRevision.objects.get(report=report)

    def test_published_downloads_are_the_stored_files(self, clerk, leader, report, figure_values, fake_rendering):
        revision = self.publish(clerk, leader, report)
        stored_pdf, stored_docx = revision.pdf.read(), revision.docx.read()
        assert hashlib.sha256(stored_pdf).hexdigest() == revision.pdf_sha256
        assert hashlib.sha256(stored_docx).hexdigest() == revision.docx_sha256
        figure_values["行政复议案件数"] = 4  # records change after 发布
        html = leader.get(report.get_absolute_url()).content.decode()
        pdf_url = reverse("reports:revision_download", args=[revision.pk]) + "?format=pdf"
        docx_url = reverse("reports:revision_download", args=[revision.pk]) + "?format=docx"
        assert pdf_url in html and docx_url in html
        assert reverse("reports:report_download", args=[report.pk]) not in html  # no live file on its page
        pdf = leader.get(pdf_url)
        assert body(pdf) == stored_pdf and hashlib.sha256(body(pdf)).hexdigest() == revision.pdf_sha256
        assert filename(pdf) == "2023年法治政府建设年度报告（定稿·第1版）.pdf"
        docx = leader.get(docx_url)
        assert body(docx) == stored_docx and hashlib.sha256(body(docx)).hexdigest() == revision.docx_sha256
        assert filename(docx) == "2023年法治政府建设年度报告（定稿·第1版）.docx"
        # The Word file was made once, at 发布: the download does not render again.
        fake_rendering.render_docx = lambda doc: pytest.fail("Word file rendered again")
        assert body(leader.get(docx_url)) == stored_docx

    def test_a_tampered_file_is_refused(self, clerk, leader, report, fake_rendering):
        revision = self.publish(clerk, leader, report)
        with open(revision.pdf.path, "ab") as handle:
            handle.write(b"x")
        response = leader.get(reverse("reports:revision_download", args=[revision.pk]), follow=True)
        assert "SHA-256与发布时记录的不一致" in response.content.decode()
        assert response["Content-Type"].startswith("text/html")

    @pytest.mark.parametrize("status", ["draft", "submitted", "approved", "published"])
    def test_live_download_is_always_a_draft(self, clerk, leader, report, fake_rendering, status):
        if status != "draft":
            post(clerk, report, "submit")
        if status in ("approved", "published"):
            post(leader, report, "approve")
        if status == "published":
            pass_secrecy_review(report)
            post(leader, report, "publish")
        report.refresh_from_db()
        assert report.status == status
        for fmt in ("pdf", "docx"):
            response = leader.get(reverse("reports:report_download", args=[report.pk]) + f"?format={fmt}")
            assert filename(response) == f"2023年法治政府建设年度报告（草稿）.{fmt}"
            assert "定稿" not in filename(response)
            assert f"{fmt} [草稿]".encode() in body(response)

    def test_approved_page_offers_the_frozen_approval(self, clerk, leader, report, figure_values, fake_rendering):
        approve(clerk, leader, report)
        figure_values["行政复议案件数"] = 4
        approval = ReportApproval.objects.get(report=report)
        html = leader.get(report.get_absolute_url()).content.decode()
        url = reverse("reports:approval_download", args=[approval.pk]) + "?format=pdf"
        assert url in html and reverse("reports:report_download", args=[report.pk]) not in html
        response = leader.get(url)
        assert filename(response) == "2023年法治政府建设年度报告（审定稿）.pdf"
        assert b"[\xe5\xae\xa1\xe5\xae\x9a\xe7\xa8\xbf]" in body(response)  # [审定稿]
        assert "今年共有行政复议3件" in body(response).decode()
        preview = leader.get(reverse("reports:report_preview", args=[report.pk])).content.decode()
        assert "审定稿" in preview and "今年共有行政复议3件" in preview

    def test_draft_page_offers_only_the_draft(self, clerk, report, fake_rendering):
        html = clerk.get(report.get_absolute_url()).content.decode()
        assert reverse("reports:report_download", args=[report.pk]) in html
        assert "下载草稿PDF" in html and "定稿" not in html

    def test_approval_download_permissions(self, client, clerk, leader, other_town, report, fake_rendering):
        approve(clerk, leader, report)
        url = reverse("reports:approval_download", args=[ReportApproval.objects.get(report=report).pk])
        assert client.get(url).status_code == 302 and "/login" in client.get(url)["Location"]
        assert other_town.get(url).status_code == 404
        assert clerk.get(url).status_code == 200


@pytest.mark.django_db
class TestExportCommand:
    def export(self, tmp_path, *args, name="r.pdf"):
        target = tmp_path / name
        call_command("export_report", "--org", "八桥镇", "--year", "2023", "-o", str(target), *args)
        return target.read_bytes()

    def test_unpublished_report_without_draft_is_an_error(self, report, fake_rendering, tmp_path):
        with pytest.raises(CommandError, match="尚未发布.*--draft"):
            self.export(tmp_path)
        assert not (tmp_path / "r.pdf").exists()

    def test_draft_is_watermarked(self, report, fake_rendering, tmp_path):
        assert b"pdf [" + "草稿".encode() + b"]" in self.export(tmp_path, "--draft")
        assert b"docx [" + "草稿".encode() + b"]" in self.export(tmp_path, "--draft", "--format", "docx")

    def test_published_exports_the_stored_files(
        self, clerk_user, leader_user, report, figure_values, fake_rendering, tmp_path
    ):
        services.report_submit(report=report, by=clerk_user)
        services.report_approve(report=report, by=leader_user)
        pass_secrecy_review(report)
        revision = services.report_publish(report=report, by=leader_user)
        figure_values["行政复议案件数"] = 4
        pdf = self.export(tmp_path)
        assert pdf == revision.pdf.read() and hashlib.sha256(pdf).hexdigest() == revision.pdf_sha256
        docx = self.export(tmp_path, "--format", "docx", name="r.docx")
        assert docx == revision.docx.read() and hashlib.sha256(docx).hexdigest() == revision.docx_sha256
        assert "今年共有行政复议4件" in self.export(tmp_path, "--draft").decode()

    def test_old_revision_without_word_file_is_a_clear_error(
        self, clerk_user, leader_user, report, fake_rendering, tmp_path
    ):
        services.report_submit(report=report, by=clerk_user)
        services.report_approve(report=report, by=leader_user)
        pass_secrecy_review(report)
        revision = services.report_publish(report=report, by=leader_user)
        ReportRevision.objects.filter(pk=revision.pk).update(docx="", docx_sha256="")
        with pytest.raises(CommandError, match="没有存档Word文件"):
            self.export(tmp_path, "--format", "docx", name="r.docx")


def pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.sub(r"\s+", "", re.sub(r"—\s*\d+\s*—", "", text)).replace("\u200b", "")


def docx_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.startswith("word/"))


@pytest.mark.django_db
class TestRealFiles:
    """With WeasyPrint and python-docx: the watermark is in the files themselves."""

    @pytest.fixture(autouse=True)
    def needs_renderer(self):
        pytest.importorskip("reports.rendering")
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext not installed")

    def test_draft_pdf_and_word_carry_the_mark(self, clerk, report, tmp_path):
        pdf = clerk.get(reverse("reports:report_download", args=[report.pk]) + "?format=pdf")
        text = pdftotext(body(pdf), tmp_path)
        assert "草" in text and "稿" in text  # the diagonal mark, as loose characters
        docx = clerk.get(reverse("reports:report_download", args=[report.pk]) + "?format=docx")
        assert "草稿" in docx_xml(body(docx))

    def test_published_files_are_unmarked_and_keep_the_approved_figure(
        self, clerk, leader, report, figure_values, tmp_path
    ):
        approve(clerk, leader, report)
        figure_values["行政复议案件数"] = 4
        tokens = confirm_tokens(leader.get(report.get_absolute_url()).content.decode())
        post(leader, report, "publish", confirm_moved=tokens)
        revision = ReportRevision.objects.get(report=report)
        text = pdftotext(revision.pdf.read(), tmp_path)
        assert "今年共有行政复议3件" in text and "草" not in text and "稿" not in text
        stored_docx = revision.docx.read()
        xml = docx_xml(stored_docx)
        assert "今年共有行政复议3件" in xml and "草稿" not in xml
        response = leader.get(reverse("reports:revision_download", args=[revision.pk]) + "?format=docx")
        assert body(response) == stored_docx


@pytest.mark.django_db
def test_a_case_recorded_after_approval_is_shown_and_not_published(tmp_path):
    """With the real demo records and renderers: approve the 2023 report, record a
    2023 行政复议 case, see 3 → 4 with the link to the cases it counts, publish what
    was approved (3)."""
    pytest.importorskip("reports.rendering")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    import datetime

    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts.models import Department
    from litigation.tests.factories import ReconsiderationCaseFactory

    call_command("load_demo", "--quiet-logins", verbosity=0)
    report = complete(AnnualReport.objects.get(organization__name="八桥镇", year=2023))
    users = get_user_model().objects
    clerk, leader = Client(), Client()
    clerk.force_login(users.get(username="clerk"))
    leader.force_login(users.get(username="leader"))
    approve(clerk, leader, report)

    case = ReconsiderationCaseFactory(
        organization=report.organization,
        handling_department=Department.objects.filter(organization=report.organization).first(),
        law="2017",
        accepted_on=datetime.date(2023, 11, 6),
        copy_received_on=datetime.date(2023, 11, 8),
        reply_submitted_on=datetime.date(2023, 11, 14),
    )
    html = leader.get(report.get_absolute_url()).content.decode()
    row = re.search(r'<tr data-figure="行政复议案件数">.*?</tr>', html, re.S).group(0)
    assert re.search(r'data-role="approved">3<', row) and re.search(r'data-role="current">4<', row)
    link = re.search(r'<a href="([^"]+)">查看记录</a>', row).group(1).replace("&amp;", "&")
    assert link.startswith(reverse("litigation:reconsideration_list")) and "year=2023" in link
    assert case.case_number in leader.get(link).content.decode()  # the records behind the new value

    post(leader, report, "publish", confirm_moved=confirm_tokens(html))
    revision = ReportRevision.objects.get(report=report)
    text = pdftotext(revision.pdf.read(), tmp_path)
    assert "今年共有行政复议3件" in text and "行政复议4件" not in text
    assert "今年共有行政复议3件" in docx_xml(revision.docx.read())
    response = leader.get(reverse("reports:revision_download", args=[revision.pk]) + "?format=pdf")
    assert hashlib.sha256(body(response)).hexdigest() == revision.pdf_sha256
