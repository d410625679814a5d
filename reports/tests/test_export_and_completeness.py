"""export_report and the completeness check."""

import datetime
import hashlib
import types

import pytest
from django.core.management import CommandError, call_command

from reports import demo, output, services
from reports.models import AnnualReport, ReportSection
from reports.selectors import completeness, document_plain_text, live_figures, report_sections
from reports.tests.factories import add_shortcomings, pass_secrecy_review


@pytest.fixture
def report(org, figure_values):
    demo.load(types.SimpleNamespace(organization=org))
    return AnnualReport.objects.get(organization=org, year=2023)


@pytest.fixture
def fake_rendering(monkeypatch):
    module = types.SimpleNamespace(
        render_pdf=lambda doc, **_options: b"%PDF fake " + document_plain_text(doc).encode(),
        render_docx=lambda doc: b"PK fake " + document_plain_text(doc).encode(),
        render_html=lambda doc, standalone=True: "<div></div>",
    )
    monkeypatch.setattr(output, "_module", lambda: module)


def issues_of(report, today=datetime.date(2024, 1, 10)):
    return completeness(report, report_sections(report), live_figures(report.organization, report.year), today=today)


@pytest.mark.django_db
class TestExportCommand:
    def test_exports_the_draft(self, report, fake_rendering, tmp_path):
        target = tmp_path / "r.pdf"
        call_command(
            "export_report", "--org", "八桥镇", "--year", "2023", "--format", "pdf", "--draft", "-o", str(target)
        )
        content = target.read_bytes()
        assert content.startswith(b"%PDF") and "全镇共有11人持有行政执法证" in content.decode()

    def test_exports_docx(self, report, fake_rendering, tmp_path):
        target = tmp_path / "r.docx"
        call_command(
            "export_report",
            "--org",
            "重庆市大渡口区八桥镇人民政府",
            "--year",
            "2023",
            "--format",
            "docx",
            "--draft",
            "-o",
            str(target),
        )
        assert target.read_bytes().startswith(b"PK")

    def test_published_report_exports_the_stored_bytes(
        self, report, fake_rendering, tmp_path, clerk_user, leader_user, figure_values
    ):
        add_shortcomings(report)
        services.report_submit(report=report, by=clerk_user)
        services.report_approve(report=report, by=leader_user)
        pass_secrecy_review(report)
        revision = services.report_publish(report=report, by=leader_user)
        figure_values["持证人数"] = 99
        target = tmp_path / "r.pdf"
        call_command("export_report", "--org", "八桥镇", "--year", "2023", "-o", str(target))
        assert hashlib.sha256(target.read_bytes()).hexdigest() == revision.pdf_sha256
        call_command("export_report", "--org", "八桥镇", "--year", "2023", "--draft", "-o", str(target))
        assert "全镇共有99人" in target.read_bytes().decode()

    def test_unknown_org_or_year(self, report, tmp_path):
        with pytest.raises(CommandError, match="找不到单位"):
            call_command("export_report", "--org", "无此镇", "--year", "2023", "-o", str(tmp_path / "x"))
        with pytest.raises(CommandError, match="没有2019年"):
            call_command("export_report", "--org", "八桥镇", "--year", "2019", "-o", str(tmp_path / "x"))

    def test_missing_renderer_is_a_clear_error(self, report, tmp_path, monkeypatch):
        def missing():
            raise output.RenderingUnavailable(output.MISSING_MESSAGE)

        monkeypatch.setattr(output, "_module", missing)
        with pytest.raises(CommandError, match="reports.rendering"):
            call_command("export_report", "--org", "八桥镇", "--year", "2023", "--draft", "-o", str(tmp_path / "x"))


@pytest.mark.django_db
class TestCompleteness:
    def test_demo_lacks_shortcomings_only(self, report):
        messages = [i.message for i in issues_of(report) if i.blocking]
        missing = [m for m in messages if "法定报告内容" in m]
        assert len(missing) == 1 and missing[0].startswith("缺少法定报告内容“存在的不足和原因”")

    def test_zero_figure_is_a_warning(self, report, figure_values):
        figure_values["行政复议案件数"] = 0
        issues = issues_of(report)
        zero = [i for i in issues if "行政复议案件数" in i.message]
        assert zero and zero[0].level == "warning" and zero[0].section.heading == "加强行政复议和行政应诉工作。"

    def test_figure_without_data_blocks(self, report, figure_values):
        figure_values["调解成功率"] = (0, 0)
        blocking = [i for i in issues_of(report) if i.blocking]
        assert any("调解成功率" in i.message and "无数据" in i.message for i in blocking)

    def test_unresolved_placeholder_blocks(self, report):
        section = report.sections.first()
        ReportSection.objects.filter(pk=section.pk).update(text="【没有这个指标】")
        blocking = [i for i in issues_of(report) if i.blocking]
        assert any("没有这个指标" in i.message for i in blocking)

    def test_empty_plans_are_a_warning(self, report, figure_values):
        figure_values["下一年度工作打算"] = []
        assert any("下一年度工作打算" in i.message and "暂无条目" in i.message for i in issues_of(report))

    @pytest.mark.parametrize(
        ("today", "level", "text"),
        [
            (datetime.date(2024, 1, 10), "info", "2024年3月31日前"),
            (datetime.date(2024, 3, 15), "warning", "还有16天"),
            (datetime.date(2024, 3, 31), "warning", "今天（2024年3月31日）是公开期限的最后一天"),
            (datetime.date(2024, 4, 1), "warning", "已逾期1天"),
            (datetime.date(2024, 4, 3), "warning", "已逾期3天"),
        ],
    )
    def test_publication_deadline(self, report, today, level, text):
        matching = [i for i in issues_of(report, today) if text in i.message]
        assert matching and matching[0].level == level

    def test_signing_after_deadline_is_a_warning(self, report):
        AnnualReport.objects.filter(pk=report.pk).update(signed_on=datetime.date(2024, 4, 5))
        report.refresh_from_db()
        assert any("成文日期晚于公开期限" in i.message for i in issues_of(report))

    def test_detail_page_shows_the_warnings(self, leader, report):
        from django.urls import reverse

        html = leader.get(report.get_absolute_url()).content.decode()
        assert "缺少法定报告内容“存在的不足和原因”" in html
        assert reverse("reports:report_approve", args=[report.pk]) not in html  # still a draft
