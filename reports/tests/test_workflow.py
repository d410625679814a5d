"""起草 → 送审 → 审定 → 发布: permissions, freezing and revisions."""

import hashlib
import types

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditLog
from reports import demo, output, services
from reports.choices import ReportStatus
from reports.models import AnnualReport, ReportRevision, ReportSection
from reports.selectors import document_from_json, document_plain_text, draft_document
from reports.tests.factories import add_shortcomings, pass_secrecy_review


def fake_pdf(doc, **_options) -> bytes:
    return b"%PDF-1.7 fake\n" + document_plain_text(doc).encode()


@pytest.fixture
def fake_rendering(monkeypatch):
    """Stands in for reports.rendering: the bytes depend on the document's text."""
    module = types.SimpleNamespace(
        render_pdf=fake_pdf,
        render_docx=lambda doc: b"PK fake docx " + document_plain_text(doc).encode(),
        render_html=lambda doc, standalone=True: "<div>" + document_plain_text(doc).replace("<", "&lt;") + "</div>",
    )
    monkeypatch.setattr(output, "_module", lambda: module)
    return module


@pytest.fixture
def demo_report(org, figure_values):
    demo.load(types.SimpleNamespace(organization=org))
    return AnnualReport.objects.get(organization=org, year=2023)


@pytest.fixture
def report(demo_report):
    add_shortcomings(demo_report)  # the demo lacks it, which blocks 送审 (test_required_contents.py)
    return demo_report


def transition(client, report, action, **data):
    return client.post(reverse(f"reports:report_{action}", args=[report.pk]), data, follow=True)


def publish_via_pages(clerk, leader, report):
    assert transition(clerk, report, "submit").status_code == 200
    assert transition(leader, report, "approve", comment="同意").status_code == 200
    pass_secrecy_review(report)
    assert transition(leader, report, "publish").status_code == 200
    report.refresh_from_db()
    return report


@pytest.mark.django_db
class TestWorkflow:
    def test_full_round_is_audited(self, clerk, leader, report, fake_rendering):
        response = transition(clerk, report, "submit")
        assert "已送审" in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED and report.submitted_by.username == "clerk"
        transition(leader, report, "approve", comment="同意发布")
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED and report.approved_by.username == "leader"
        pass_secrecy_review(report)
        response = transition(leader, report, "publish")
        assert "已发布第1版" in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.PUBLISHED
        steps = list(
            AuditLog.objects.filter(action="workflow", object_id=str(report.pk))
            .order_by("at", "id")
            .values_list("username", "detail")
        )
        assert [s[0] for s in steps] == ["clerk", "leader", "leader"]
        assert steps[0][1].startswith("送审") and steps[1][1].startswith("审定") and steps[2][1].startswith("发布第1版")

    def test_leader_returns_with_comment(self, clerk, leader, report):
        transition(clerk, report, "submit")
        transition(leader, report, "return", comment="请补充存在的不足和原因")
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT and report.review_comment == "请补充存在的不足和原因"
        html = clerk.get(reverse("reports:report_edit", args=[report.pk])).content.decode()
        assert "请补充存在的不足和原因" in html

    def test_clerk_cannot_approve_even_through_the_service(self, clerk_user, report):
        services.report_submit(report=report, by=clerk_user)
        with pytest.raises(PermissionDenied):
            services.report_approve(report=report, by=clerk_user)
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED

    def test_leader_cannot_submit_through_the_service(self, leader_user, report):
        with pytest.raises(PermissionDenied):
            services.report_submit(report=report, by=leader_user)

    def test_steps_out_of_order_are_refused(self, leader, leader_user, report):
        with pytest.raises(ValidationError):
            services.report_publish(report=report, by=leader_user)
        response = transition(leader, report, "approve")
        assert "只有已送审的报告可以审定" in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT

    def test_unresolved_placeholder_blocks_submission(self, clerk, report):
        section = report.sections.get(heading="规范完善行政执法程序。")
        ReportSection.objects.filter(pk=section.pk).update(text="共有【持证人员数】人")
        response = transition(clerk, report, "submit")
        assert "不能送审" in response.content.decode() and "持证人员数" in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT

    def test_missing_signing_date_blocks_submission(self, clerk, report):
        AnnualReport.objects.filter(pk=report.pk).update(signed_on=None)
        response = transition(clerk, report, "submit")
        assert "请填写成文日期" in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT

    def test_publish_without_renderer_explains_and_keeps_state(self, clerk, leader, report, monkeypatch):
        def missing():
            raise output.RenderingUnavailable(output.MISSING_MESSAGE)

        monkeypatch.setattr(output, "_module", missing)
        transition(clerk, report, "submit")
        transition(leader, report, "approve")
        pass_secrecy_review(report)
        response = transition(leader, report, "publish")
        assert "reports.rendering" in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED and not ReportRevision.objects.exists()


@pytest.mark.django_db
class TestPublishingFreezes:
    def test_stored_pdf_matches_its_sha256(self, clerk, leader, report, fake_rendering):
        publish_via_pages(clerk, leader, report)
        revision = report.revisions.get()
        stored = revision.pdf.read()
        assert hashlib.sha256(stored).hexdigest() == revision.pdf_sha256
        response = leader.get(reverse("reports:revision_download", args=[revision.pk]))
        assert b"".join(response.streaming_content if response.streaming else [response.content]) == stored

    def test_published_pdf_has_no_draft_mark_and_holds_the_figures(self, clerk, leader, report, fake_rendering):
        publish_via_pages(clerk, leader, report)
        revision = report.revisions.get()
        assert revision.document["draft_mark"] == ""
        assert "全镇共有11人持有行政执法证" in revision.pdf.read().decode()
        assert revision.figures["持证人数"]["value"] == "11"

    def test_changing_a_figure_changes_the_draft_not_the_published_revision(
        self, clerk, leader, report, figure_values, fake_rendering
    ):
        publish_via_pages(clerk, leader, report)
        revision = report.revisions.get()
        stored = revision.pdf.read()
        figure_values["持证人数"] = 12  # a certificate was recorded later

        draft_text = document_plain_text(draft_document(report).document)
        assert "全镇共有12人持有行政执法证" in draft_text
        revision.refresh_from_db()
        assert "全镇共有11人" in document_plain_text(document_from_json(revision.document))
        assert revision.figures["持证人数"]["value"] == "11"
        assert revision.pdf.read() == stored
        html = leader.get(revision.get_absolute_url()).content.decode()
        assert "全镇共有11人持有行政执法证" in html and "全镇共有12人" not in html

    def test_reopen_starts_a_new_revision_and_keeps_the_old(self, clerk, leader, report, figure_values, fake_rendering):
        publish_via_pages(clerk, leader, report)
        first = report.revisions.get()
        first_pdf = first.pdf.read()
        response = transition(leader, report, "reopen", comment="更正持证人数")
        assert "已重新打开" in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT and report.revision == 2
        figure_values["持证人数"] = 12
        publish_via_pages(clerk, leader, report)
        assert list(report.revisions.values_list("number", flat=True)) == [2, 1]
        second = report.revisions.get(number=2)
        assert "全镇共有12人" in second.pdf.read().decode()
        first.refresh_from_db()
        assert first.pdf.read() == first_pdf
        response = leader.get(reverse("reports:revision_download", args=[first.pk]))
        assert response.status_code == 200
        assert AuditLog.objects.filter(action="workflow", detail__startswith="重新打开").exists()

    def test_clerk_cannot_reopen(self, clerk, leader, report, fake_rendering):
        publish_via_pages(clerk, leader, report)
        assert clerk.post(reverse("reports:report_reopen", args=[report.pk])).status_code == 403
        report.refresh_from_db()
        assert report.status == ReportStatus.PUBLISHED

    def test_other_town_cannot_download_a_revision(self, clerk, leader, other_town, report, fake_rendering):
        publish_via_pages(clerk, leader, report)
        revision = report.revisions.get()
        assert other_town.get(reverse("reports:revision_download", args=[revision.pk])).status_code == 404
        assert other_town.get(revision.get_absolute_url()).status_code == 404


@pytest.mark.django_db
class TestRealRendering:
    """With reports.rendering installed: a real PDF, frozen and hashed."""

    def test_published_pdf_sha256_matches(self, leader_user, clerk_user, report):
        pytest.importorskip("reports.rendering")
        services.report_submit(report=report, by=clerk_user)
        services.report_approve(report=report, by=leader_user)
        pass_secrecy_review(report)
        revision = services.report_publish(report=report, by=leader_user)
        stored = revision.pdf.read()
        assert stored.startswith(b"%PDF")
        assert hashlib.sha256(stored).hexdigest() == revision.pdf_sha256

    def test_demo_pdf_text_contains_the_seed_paragraphs(self, demo_report, tmp_path):
        report = demo_report
        pytest.importorskip("reports.rendering")
        import re
        import shutil
        import subprocess

        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext not installed")
        pdf = output.render_pdf(draft_document(report).document)
        path = tmp_path / "r.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
        text = re.sub(r"\s+", "", re.sub(r"—\s*\d+\s*—", "", text)).replace("\u200b", "")
        for paragraph in [
            "全镇共有11人持有行政执法证",
            "今年共调解矛盾纠纷788件，调解成功率达98%以上",
            "入户宣传走访9万余户，收集群众反映的意见建议621条，排查问题1440条、解决问题1440条",
            "二、2024年主要工作思路和打算",
            "一是深入开展普法宣传。积极开展多种形式的普法宣传活动。",
            "重庆市大渡口区八桥镇人民政府2024年1月24日",
        ]:
            assert paragraph in text
