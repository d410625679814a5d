"""Issue 21: 保密审查 before 发布, the release package, 报送 and 公开."""

import datetime
import hashlib
import io
import json
import re
import types
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import AuditLog
from reports import demo, output, publication, services
from reports.choices import ReportStatus, SecrecyConclusion
from reports.models import AnnualReport, SecrecyReview
from reports.selectors import document_plain_text
from reports.tests.factories import add_shortcomings, pass_secrecy_review

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def fake_rendering(monkeypatch):
    """Stands in for reports.rendering; records whether the archival PDF was asked for."""
    calls = []

    def render_pdf(doc, **options):
        calls.append(options)
        return b"%PDF-1.7 fake\n" + document_plain_text(doc).encode()

    module = types.SimpleNamespace(
        render_pdf=render_pdf,
        render_docx=lambda doc: b"PK fake docx " + document_plain_text(doc).encode(),
        render_html=lambda doc, standalone=True: "<div>" + document_plain_text(doc).replace("<", "&lt;") + "</div>",
    )
    monkeypatch.setattr(output, "_module", lambda: module)
    return calls


@pytest.fixture
def report(org, figure_values):
    demo.load(types.SimpleNamespace(organization=org))
    report = AnnualReport.objects.get(organization=org, year=2023)
    add_shortcomings(report)
    return report


@pytest.fixture
def approved(report, clerk_user, leader_user):
    services.report_submit(report=report, by=clerk_user)
    services.report_approve(report=report, by=leader_user)
    report.refresh_from_db()
    return report


@pytest.fixture
def published(approved, leader_user, fake_rendering):
    pass_secrecy_review(approved)
    revision = services.report_publish(report=approved, by=leader_user)
    approved.refresh_from_db()
    return revision


def secrecy_url(report):
    return reverse("reports:report_secrecy", args=[report.pk])


def review_data(**overrides):
    data = {
        "reviewer": "镇保密办 李四",
        "reviewed_on": TODAY.isoformat(),  # the fixtures submit and approve today
        "conclusion": "passed",
        "note": "未发现涉密内容",
    }
    data.update(overrides)
    return data


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# ---------------------------------------------------------------- 保密审查 and 发布


@pytest.mark.django_db
class TestSecrecyReviewGate:
    def test_publishing_without_a_review_is_refused(self, approved, leader, fake_rendering):
        response = leader.post(reverse("reports:report_publish", args=[approved.pk]), follow=True)
        assert publication.NO_REVIEW_MESSAGE in messages_of(response)
        approved.refresh_from_db()
        assert approved.status == ReportStatus.APPROVED and not approved.revisions.exists()
        assert fake_rendering == []  # refused before any rendering

    def test_a_failed_review_refuses_publishing(self, approved, leader, fake_rendering):
        leader.post(secrecy_url(approved), review_data(conclusion="failed", note="第三部分含内部数据"))
        response = leader.post(reverse("reports:report_publish", args=[approved.pk]), follow=True)
        assert "保密审查结论为“不通过”，不能发布" in messages_of(response)
        approved.refresh_from_db()
        assert approved.status == ReportStatus.APPROVED

    def test_review_then_publish_writes_an_archival_pdf(self, approved, leader, fake_rendering):
        response = leader.post(secrecy_url(approved), review_data(), follow=True)
        assert "已登记保密审查：通过" in messages_of(response)
        review = approved.current_secrecy_review
        assert review.reviewer == "镇保密办 李四" and review.conclusion == SecrecyConclusion.PASSED
        assert review.created_by.username == "leader"
        response = leader.post(reverse("reports:report_publish", args=[approved.pk]), follow=True)
        assert "已发布第1版" in messages_of(response)
        assert fake_rendering == [{"archival": True}]
        # Audited: the workflow entry and the simple-history row of the review.
        entry = AuditLog.objects.get(action="workflow", detail__startswith="保密审查（第1版审定稿，审定于")
        assert "）：通过，审查人镇保密办 李四" in entry.detail
        assert review.history.count() == 1

    def test_a_later_review_supersedes_an_earlier_one(self, approved, leader):
        leader.post(secrecy_url(approved), review_data(conclusion="failed"))
        leader.post(secrecy_url(approved), review_data(conclusion="passed"))
        assert approved.secrecy_reviews.count() == 2
        assert approved.current_secrecy_review.conclusion == SecrecyConclusion.PASSED

    def test_reopening_a_published_report_voids_the_review(self, published, approved, leader, fake_rendering):
        review = approved.current_secrecy_review
        leader.post(reverse("reports:report_reopen", args=[approved.pk]), {"comment": "更正数据"})
        review.refresh_from_db()
        approved.refresh_from_db()
        assert review.voided_at is not None and approved.current_secrecy_review is None
        assert review.history.count() == 2  # the void is a historical row too
        assert AuditLog.objects.filter(
            action="workflow", detail__contains="保密审查记录作废（重新打开为第2版）"
        ).exists()

    def test_returning_an_approved_report_voids_the_review(self, approved, leader):
        leader.post(secrecy_url(approved), review_data())
        leader.post(reverse("reports:report_return", args=[approved.pk]), {"comment": "请修改"})
        assert approved.current_secrecy_review is None

    def test_a_form_opened_before_a_return_and_new_approval_is_refused(self, approved, leader, leader_user):
        """The reviewer read one 审定稿; it was returned, changed and approved again (same 版次)."""
        page = leader.get(secrecy_url(approved))
        read = page.context["form"].initial["approval"]
        assert read == approved.approvals.get().pk
        assert f'type="hidden" name="approval" value="{read}"' in page.content.decode()
        services.report_return(report=approved, by=leader_user, comment="改一处")
        approved.refresh_from_db()
        services.report_submit(report=approved, by=approved.submitted_by)
        services.report_approve(report=approved, by=leader_user)
        response = leader.post(secrecy_url(approved), review_data(approval=read))
        assert response.status_code == 200 and publication.STALE_APPROVAL_MESSAGE in response.content.decode()
        assert not SecrecyReview.objects.exists()
        # Read again, it is recorded, and the log says which 审定 it vouches for.
        fresh = leader.get(secrecy_url(approved)).context["form"].initial["approval"]
        assert leader.post(secrecy_url(approved), review_data(approval=fresh)).status_code == 302
        assert AuditLog.objects.filter(detail__startswith="保密审查（第1版审定稿，审定于").exists()

    def test_review_only_of_an_approved_report(self, report, leader):
        response = leader.post(secrecy_url(report), review_data())
        assert response.status_code == 200
        assert "只有已审定、尚未发布的报告可以登记保密审查" in response.content.decode()
        assert not SecrecyReview.objects.exists()


@pytest.mark.django_db
class TestSecrecyReviewInput:
    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"conclusion": "maybe"}, "审查结论须为“通过”或“不通过”"),
            ({"reviewer": ""}, "请填写审查人"),
            ({"reviewed_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "审查日期不能晚于今天"),
            ({"note": "字" * 2001}, "审查意见最多2000字"),
            # Before the text under review existed (送审 was today).
            ({"reviewed_on": YESTERDAY.isoformat()}, "审查日期不能早于本版报告的送审日期"),
            ({"reviewed_on": "2024-02-30"}, "输入一个有效的日期"),
            ({"reviewed_on": "1900-01-01"}, "日期超出合理范围"),
            ({"conclusion": "PASSED"}, "审查结论须为“通过”或“不通过”"),
            ({"conclusion": ""}, "请选择审查结论"),
            ({"reviewer": "   "}, "请填写审查人"),
            ({"reviewer": "审" * 101}, "不超过 100 字符"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_saved(self, approved, leader, overrides, message):
        response = leader.post(secrecy_url(approved), review_data(**overrides))
        assert response.status_code == 200 and message in response.content.decode()
        assert not SecrecyReview.objects.exists()

    def test_odd_text_in_the_note_is_kept_as_text(self, approved, leader):
        note = "<script>alert(1)</script>\u202e倒序😀\n第二行" + "意" * 1900
        response = leader.post(secrecy_url(approved), review_data(note=note))
        assert response.status_code == 302
        assert SecrecyReview.objects.get().note == note
        html = leader.get(secrecy_url(approved)).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html

    def test_an_empty_scan_is_refused(self, approved, leader):
        empty = SimpleUploadedFile("审查单.pdf", b"", content_type="application/pdf")
        response = leader.post(secrecy_url(approved), {**review_data(), "scan": empty})
        assert response.status_code == 200 and "所提交的是空文件" in response.content.decode()
        assert not SecrecyReview.objects.exists()

    def test_a_scan_that_is_not_what_its_name_says_is_refused(self, approved, leader):
        fake = SimpleUploadedFile("审查单.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
        response = leader.post(secrecy_url(approved), {**review_data(), "scan": fake})
        assert "文件内容与扩展名“.pdf”不符" in response.content.decode()
        assert not SecrecyReview.objects.exists()

    def test_a_scan_of_another_format_is_refused(self, approved, leader):
        doc = SimpleUploadedFile("审查单.docx", b"PK\x03\x04 word", content_type="application/octet-stream")
        response = leader.post(secrecy_url(approved), {**review_data(), "scan": doc})
        assert "审查单请上传 PDF 或 JPG、PNG 图片" in response.content.decode()
        assert not SecrecyReview.objects.exists()

    def test_the_scan_is_stored_and_served_to_the_town_only(self, approved, leader, clerk, other_town, client):
        scan = SimpleUploadedFile("审查单.pdf", b"%PDF-1.4 scanned form", content_type="application/pdf")
        leader.post(secrecy_url(approved), {**review_data(), "scan": scan})
        review = SecrecyReview.objects.get()
        url = reverse("reports:secrecy_scan", args=[review.pk])
        assert review.scan.name.startswith("reports/secrecy/") and "审查单" not in review.scan.name
        response = clerk.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 scanned form"
        assert other_town.get(url).status_code == 404
        assert client.get(url).status_code == 302


@pytest.mark.django_db
class TestSecrecyPermissions:
    def test_matrix(self, approved, leader, clerk, town_admin, other_town, client):
        url = secrecy_url(approved)
        assert client.get(url).status_code == 302
        assert other_town.get(url).status_code == 404
        assert clerk.get(url).status_code == 403
        assert town_admin.get(url).status_code == 403
        assert leader.get(url).status_code == 200
        assert clerk.post(url, review_data()).status_code == 403
        assert other_town.post(url, review_data()).status_code == 404
        assert not SecrecyReview.objects.exists()

    def test_the_report_page_links_the_review_for_leaders_only(self, approved, leader, clerk):
        assert secrecy_url(approved) in leader.get(approved.get_absolute_url()).content.decode()
        html = clerk.get(approved.get_absolute_url()).content.decode()
        assert secrecy_url(approved) not in html and "发布前须经保密审查并通过" in html


# ---------------------------------------------------------------- 报送 and 公开


def release_url(report):
    return reverse("reports:report_release", args=[report.pk])


def release_data(**overrides):
    data = {
        "sent_to_district_on": TODAY.isoformat(),
        "publicly_released_on": TODAY.isoformat(),
        "public_url": "https://www.ddk.gov.cn/bqz/zfxxgk/2023.html",
        "index_number": "11500104009260149N/2024-00012",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestRelease:
    def test_clerk_records_sending_and_release(self, published, approved, clerk):
        response = clerk.post(release_url(approved), release_data(), follow=True)
        assert "已保存报送和公开情况" in messages_of(response)
        approved.refresh_from_db()
        assert approved.sent_to_district_on == TODAY and approved.publicly_released_on == TODAY
        assert approved.public_url.startswith("https://www.ddk.gov.cn/")
        assert AuditLog.objects.filter(action="workflow", detail__startswith="登记报送和公开情况：").exists()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"sent_to_district_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "报送日期不能晚于今天"),
            ({"publicly_released_on": "2023-12-31"}, "公开日期不能早于报告在平台发布的日期"),
            ({"public_url": "ftp://www.ddk.gov.cn/2023.html"}, "请填写以 http:// 或 https:// 开头的网址"),
            ({"public_url": "javascript:alert(1)"}, "http://"),
            ({"public_url": ""}, "已公开的报告请填写公开地址"),
            ({"sent_to_district_on": "2024-13-01"}, "输入一个有效的日期"),
            ({"publicly_released_on": "明天"}, "输入一个有效的日期"),
            ({"sent_to_district_on": "1900-01-01"}, "日期超出合理范围"),
            ({"public_url": "https://www.ddk.gov.cn/" + "a" * 500}, "不超过 500 字符"),
            ({"index_number": "索" * 51}, "不超过 50 字符"),
            ({"publicly_released_on": ""}, "填写了公开地址，请同时填写公开日期"),
        ],
    )
    def test_bad_input_is_refused(self, published, approved, clerk, overrides, message):
        response = clerk.post(release_url(approved), release_data(**overrides))
        assert response.status_code == 200 and message in response.content.decode()
        approved.refresh_from_db()
        assert approved.publicly_released_on is None and approved.sent_to_district_on is None

    def test_not_before_publication(self, approved, clerk):
        response = clerk.post(release_url(approved), release_data())
        assert "报告发布后才能登记报送和公开情况" in response.content.decode()
        approved.refresh_from_db()
        assert approved.sent_to_district_on is None

    def test_permissions(self, published, approved, leader, town_admin, other_town, client):
        url = release_url(approved)
        assert client.get(url).status_code == 302
        assert other_town.get(url).status_code == 404
        assert town_admin.get(url).status_code == 403
        assert leader.get(url).status_code == 200
        assert other_town.post(url, release_data()).status_code == 404
        approved.refresh_from_db()
        assert approved.sent_to_district_on is None


# ---------------------------------------------------------------- the release package


def package_of(client, revision) -> zipfile.ZipFile:
    response = client.get(reverse("reports:revision_package", args=[revision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.mark.django_db
class TestPackage:
    def test_contents_and_hashes(self, published, approved, clerk):
        AnnualReport.objects.filter(pk=approved.pk).update(index_number="11500104009260149N/2024-00012")
        archive = package_of(clerk, published)
        name = "2023年法治政府建设年度报告"
        assert archive.namelist() == [f"{name}.pdf", f"{name}.html", "metadata.json", "SHA256SUMS"]
        files = {n: archive.read(n) for n in archive.namelist()}
        with published.pdf.open("rb") as handle:
            assert files[f"{name}.pdf"] == handle.read()  # the stored bytes, not a new rendering
        meta = json.loads(files["metadata.json"])
        assert meta["索引号"] == "11500104009260149N/2024-00012"
        assert meta["发布机构"] == "重庆市大渡口区八桥镇人民政府"
        assert meta["成文日期"] == "2024-01-24"
        assert meta["发布日期"] == timezone.localdate(published.published_at).isoformat()
        assert meta["主题分类"] == "综合政务/法治政府建设"
        hashes = {f["名称"]: f["SHA-256"] for f in meta["文件"]}
        assert hashes[f"{name}.pdf"] == published.pdf_sha256
        for fname in (f"{name}.pdf", f"{name}.html"):
            assert hashes[fname] == hashlib.sha256(files[fname]).hexdigest()
        sums = dict(reversed(line.split("  ", 1)) for line in files["SHA256SUMS"].decode().splitlines())
        assert set(sums) == {f"{name}.pdf", f"{name}.html", "metadata.json"}
        for fname, digest in sums.items():
            assert hashlib.sha256(files[fname]).hexdigest() == digest

    def test_html_edition_is_self_contained_and_semantic(self, published, clerk):
        archive = package_of(clerk, published)
        html = archive.read("2023年法治政府建设年度报告.html").decode()
        assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
        assert "<script" not in html.lower() and "<link" not in html.lower() and "<img" not in html.lower()
        assert not re.search(r"(src|href)\s*=|url\(|@import|https?://", html, re.I)
        assert "<style>" in html
        assert re.search(
            r"<h1>\s*<span>重庆市大渡口区八桥镇人民政府</span><span>2023年法治政府建设年度报告</span>", html
        )
        assert "<h2>一、2023年目标任务完成情况</h2>" in html
        assert "<h3>（一）强化组织领导，扎实推进法治政府建设</h3>" in html
        assert "全镇共有11人持有行政执法证" in html
        assert '<span class="lead">一是' in html  # 一是… runs into its paragraph
        assert "2024年1月24日" in html

    def test_no_personal_data_in_the_package(self, org, published, clerk):
        from disputes.tests.factories import DisputeFactory, PartyFactory

        dispute = DisputeFactory(organization=org, received_on=datetime.date(2023, 5, 6))
        party = PartyFactory(dispute=dispute, id_number="500104198805061234", phone="13983456789")
        # The same fields of every record that holds them: none may travel with the report.
        secrets = {party.id_number, party.phone, "13983456789", "500104198805061234", "双山社区88号"}
        archive = package_of(clerk, published)
        for fname in archive.namelist():
            text = archive.read(fname).decode("utf-8", errors="replace")
            for secret in secrets:
                assert secret not in text, (fname, secret)
        meta = json.loads(archive.read("metadata.json"))
        assert set(meta) == {"索引号", "发布机构", "成文日期", "发布日期", "主题分类", "标题", "版次", "文件"}

    def test_tampered_pdf_is_refused(self, published, clerk):
        with published.pdf.open("wb") as handle:
            handle.write(b"%PDF-1.7 altered")
        response = clerk.get(reverse("reports:revision_package", args=[published.pk]), follow=True)
        assert "已拒绝生成发布包" in messages_of(response)
        assert AuditLog.objects.filter(detail__startswith="拒绝生成发布包").exists()

    def test_permissions_follow_the_pdf_download(self, published, clerk, leader, town_admin, other_town, client):
        url = reverse("reports:revision_package", args=[published.pk])
        pdf_url = reverse("reports:revision_download", args=[published.pk])
        assert client.get(url).status_code == client.get(pdf_url).status_code == 302
        assert other_town.get(url).status_code == other_town.get(pdf_url).status_code == 404
        for persona in (clerk, leader, town_admin):
            assert persona.get(url).status_code == persona.get(pdf_url).status_code == 200
        assert AuditLog.objects.filter(action="export", detail="下载发布包").count() == 3

    def test_the_district_reads_its_towns_package_and_no_other_district_does(self, published, org, roles):
        from django.test import Client

        from accounts.models import Organization
        from accounts.roles import DISTRICT_VIEWER
        from accounts.tests.factories import OrganizationFactory, UserFactory

        kind = Organization.Kind.DISTRICT
        district = OrganizationFactory(name="大渡口区", full_name="重庆市大渡口区人民政府", kind=kind)
        Organization.objects.filter(pk=org.pk).update(parent=district)
        far = OrganizationFactory(name="九龙坡区", full_name="重庆市九龙坡区人民政府", kind=kind)
        url = reverse("reports:revision_package", args=[published.pk])
        for organization, username, status in ((district, "district", 200), (far, "jiulongpo", 404)):
            user = UserFactory(username=username, organization=organization, department=None)
            user.groups.set([roles[DISTRICT_VIEWER]])
            client = Client()
            client.force_login(user)
            assert client.get(url, {"org": org.pk}).status_code == status, username


# ---------------------------------------------------------------- the archival PDF (real renderer)


def poppler(*args: str) -> str:
    import shutil
    import subprocess

    # poppler-utils is a test dependency (make install: TEST_APT_PACKAGES); a missing tool fails.
    assert shutil.which(args[0]), f"{args[0]} (poppler-utils) is not installed"
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.mark.django_db
def test_published_pdf_is_tagged_pdfa_with_embedded_fonts(approved, leader_user, tmp_path):
    pass_secrecy_review(approved)
    revision = services.report_publish(report=approved, by=leader_user)
    path = tmp_path / "published.pdf"
    with revision.pdf.open("rb") as handle:
        path.write_bytes(handle.read())
    info = poppler("pdfinfo", str(path))
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    xmp = poppler("pdfinfo", "-meta", str(path))
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    fonts = poppler("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line) for line in fonts), fonts
    # A draft download stays as it was: not tagged (tagging is for the archival copy).
    draft = tmp_path / "draft.pdf"
    draft.write_bytes(output.render_pdf(document_from_json_of(revision)))
    assert re.search(r"^Tagged:\s+no$", poppler("pdfinfo", str(draft)), re.M)


def document_from_json_of(revision):
    from reports.selectors import document_from_json

    return document_from_json(revision.document)
