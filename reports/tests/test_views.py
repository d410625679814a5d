"""Permission matrix and behaviour of the report pages."""

import types

import pytest
from django.urls import reverse

from core.models import AuditLog
from core.testing import count_queries
from reports import demo
from reports.choices import ReportStatus
from reports.models import AnnualReport, ReportSection
from reports.tests.factories import AnnualReportFactory, ReportSectionFactory


@pytest.fixture
def report(org, figure_values):
    demo.load(types.SimpleNamespace(organization=org))
    return AnnualReport.objects.get(organization=org, year=2023)


@pytest.fixture
def section(report):
    return report.sections.get(heading="规范完善行政执法程序。")


def section_data(section, **changes):
    data = {
        "level": section.level,
        "heading": section.heading,
        "text": section.text,
        "required_content": section.required_content,
        "kind": section.kind,
        "items_key": section.items_key,
    }
    data.update(changes)
    return data


READ_URLS = ["reports:report_detail", "reports:report_preview"]
WRITE_GET_URLS = ["reports:report_edit", "reports:report_meta", "reports:section_add"]


@pytest.mark.django_db
class TestPermissionMatrix:
    @pytest.mark.parametrize("name", READ_URLS + WRITE_GET_URLS)
    def test_other_town_gets_404(self, other_town, report, name):
        assert other_town.get(reverse(name, args=[report.pk])).status_code == 404

    def test_other_town_gets_404_on_sections_and_workflow(self, other_town, report, section):
        assert other_town.get(reverse("reports:section_edit", args=[section.pk])).status_code == 404
        assert (
            other_town.post(reverse("reports:section_move", args=[section.pk]), {"direction": "up"}).status_code == 404
        )
        assert other_town.post(reverse("reports:report_submit", args=[report.pk])).status_code == 404
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT

    @pytest.mark.parametrize("name", READ_URLS)
    def test_leader_reads(self, leader, report, name):
        assert leader.get(reverse(name, args=[report.pk])).status_code == 200

    @pytest.mark.parametrize("name", WRITE_GET_URLS)
    def test_leader_cannot_edit(self, leader, report, name):
        assert leader.get(reverse(name, args=[report.pk])).status_code == 403

    def test_leader_cannot_change_a_section(self, leader, section):
        response = leader.post(reverse("reports:section_edit", args=[section.pk]), section_data(section, heading="改"))
        assert response.status_code == 403
        assert leader.post(reverse("reports:section_delete", args=[section.pk])).status_code == 403
        assert ReportSection.objects.filter(pk=section.pk, heading="规范完善行政执法程序。").exists()

    def test_leader_cannot_submit(self, leader, report):
        assert leader.post(reverse("reports:report_submit", args=[report.pk])).status_code == 403

    @pytest.mark.parametrize("action", ["approve", "publish", "reopen", "return"])
    def test_clerk_cannot_approve_publish_or_reopen(self, clerk, report, action):
        assert clerk.post(reverse(f"reports:report_{action}", args=[report.pk])).status_code == 403
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT

    def test_workflow_steps_are_post_only(self, leader, report):
        assert leader.get(reverse("reports:report_approve", args=[report.pk])).status_code == 405

    def test_clerk_edits_a_section(self, clerk, clerk_user, section):
        url = reverse("reports:section_edit", args=[section.pk])
        assert clerk.get(url).status_code == 200
        new_text = section.text.replace("全镇共有", "目前全镇共有")
        response = clerk.post(url, section_data(section, text=new_text), follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("reports:report_edit", args=[section.report_id]))
        assert "已保存" in response.content.decode()
        section.refresh_from_db()
        assert section.text == new_text
        entry = AuditLog.objects.filter(model_label="reports.ReportSection", object_id=str(section.pk)).first()
        assert entry.action == "update" and entry.username == clerk_user.username and "正文" in entry.changed_fields

    def test_unknown_placeholder_is_named_and_nothing_saved(self, clerk, section):
        before = section.text
        response = clerk.post(
            reverse("reports:section_edit", args=[section.pk]),
            section_data(section, text="全镇共有【持证人员数】人持有行政执法证。"),
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "未知的指标占位符" in html and "持证人员数" in html
        section.refresh_from_db()
        assert section.text == before

    def test_unknown_format_is_named_and_nothing_saved(self, clerk, section):
        before = ReportSection.objects.count()
        response = clerk.post(
            reverse("reports:section_add", args=[section.report_id]),
            section_data(section, text="成功率达【调解成功率|百分之】"),
        )
        assert response.status_code == 200
        assert "百分之" in response.content.decode()
        assert ReportSection.objects.count() == before

    def test_items_section_needs_a_key(self, clerk, section):
        before = ReportSection.objects.count()
        response = clerk.post(
            reverse("reports:section_add", args=[section.report_id]),
            section_data(section, kind="items", items_key=""),
        )
        assert response.status_code == 200
        assert "须选择条目来源指标" in response.content.decode()
        assert ReportSection.objects.count() == before


@pytest.mark.django_db
class TestNobodyEditsANonDraft:
    @pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED])
    def test_clerk_gets_403(self, clerk, report, section, status):
        AnnualReport.objects.filter(pk=report.pk).update(status=status)
        assert clerk.get(reverse("reports:report_edit", args=[report.pk])).status_code == 403
        response = clerk.post(reverse("reports:section_edit", args=[section.pk]), section_data(section, heading="改"))
        assert response.status_code == 403
        assert clerk.post(reverse("reports:section_move", args=[section.pk]), {"direction": "up"}).status_code == 403
        assert clerk.post(reverse("reports:section_delete", args=[section.pk])).status_code == 403
        assert clerk.post(reverse("reports:section_add", args=[report.pk]), section_data(section)).status_code == 403
        response = clerk.post(reverse("reports:report_meta", args=[report.pk]), {"title": "改", "signer": "改"})
        assert response.status_code == 403
        section.refresh_from_db()
        report.refresh_from_db()
        assert section.heading == "规范完善行政执法程序。" and report.signer == "重庆市大渡口区八桥镇人民政府"


@pytest.mark.django_db
class TestOutlineEditor:
    def test_edit_page_shows_numbering_and_preview(self, clerk, report):
        html = clerk.get(reverse("reports:report_edit", args=[report.pk])).content.decode()
        assert "（四）" in html and "三是" in html
        assert "全镇共有11人持有行政执法证" in html  # the preview, figures resolved

    def test_move_up_and_down(self, clerk, report, section):
        before = list(report.sections.values_list("pk", flat=True))
        index = before.index(section.pk)
        clerk.post(reverse("reports:section_move", args=[section.pk]), {"direction": "up"})
        after = list(report.sections.values_list("pk", flat=True))
        assert after[index - 1] == section.pk and after[index] == before[index - 1]
        clerk.post(reverse("reports:section_move", args=[section.pk]), {"direction": "down"})
        assert list(report.sections.values_list("pk", flat=True)) == before

    def test_change_level(self, clerk, section):
        clerk.post(reverse("reports:section_move", args=[section.pk]), {"direction": "indent"})
        section.refresh_from_db()
        assert section.level == 4
        response = clerk.post(reverse("reports:section_move", args=[section.pk]), {"direction": "indent"}, follow=True)
        assert "层级已到边界" in response.content.decode()
        section.refresh_from_db()
        assert section.level == 4

    def test_add_after_and_delete(self, clerk, report, section):
        response = clerk.post(
            reverse("reports:section_add", args=[report.pk]) + f"?after={section.pk}",
            section_data(section, heading="新增条目。", text="共【持证人数】人。", required_content=""),
        )
        assert response.status_code == 302
        pks = list(report.sections.values_list("pk", flat=True))
        added = ReportSection.objects.get(heading="新增条目。")
        assert pks.index(added.pk) == pks.index(section.pk) + 1
        positions = list(report.sections.values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1))
        response = clerk.post(reverse("reports:section_delete", args=[added.pk]))
        assert response.status_code == 302
        assert not ReportSection.objects.filter(pk=added.pk).exists()

    def test_live_preview_resolves_unsaved_text(self, clerk, report):
        response = clerk.post(
            reverse("reports:section_preview", args=[report.pk]),
            {"heading": "", "text": "调解成功率达【调解成功率|以上】，【错误键】", "kind": "text"},
        )
        html = response.content.decode()
        assert "调解成功率达98%以上" in html
        assert "错误键" in html and "未知的指标占位符" in html

    def test_preview_escapes_staff_text(self, clerk, report, section):
        ReportSection.objects.filter(pk=section.pk).update(text="<script>alert(1)</script>")
        html = clerk.get(reverse("reports:report_preview", args=[report.pk])).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html

    def test_section_page_has_figure_picker_and_syntax_help(self, clerk, section):
        html = clerk.get(reverse("reports:section_edit", args=[section.pk])).content.decode()
        assert 'data-insert-key="持证人数"' in html
        assert "【调解成功率|以上】" in html  # the syntax documentation
        assert "<script>" not in html.replace("<script src=", "")  # no inline script (CSP)


@pytest.mark.django_db
class TestCreateReport:
    def test_new_year_copies_the_outline_with_new_years(self, clerk, report, figure_values):
        response = clerk.post(reverse("reports:report_add"), {"year": 2024})
        new = AnnualReport.objects.get(organization=report.organization, year=2024)
        assert response.status_code == 302
        assert new.sections.count() == report.sections.count()
        assert new.signed_on is None and new.status == ReportStatus.DRAFT
        html = clerk.get(reverse("reports:report_edit", args=[new.pk])).content.decode()
        assert "2024年目标任务完成情况" in html and "2025年主要工作思路和打算" in html
        assert AuditLog.objects.filter(
            action="workflow", object_id=str(new.pk), detail__contains="复制自2023年"
        ).exists()

    def test_duplicate_year_is_refused(self, clerk, report):
        response = clerk.post(reverse("reports:report_add"), {"year": 2023})
        assert response.status_code == 200
        assert "2023年的年度报告已存在" in response.content.decode()
        assert AnnualReport.objects.filter(year=2023).count() == 1

    def test_first_report_gets_the_five_part_skeleton(self, clerk, org, figure_values):
        clerk.post(reverse("reports:report_add"), {"year": 2022})
        report = AnnualReport.objects.get(organization=org, year=2022)
        contents = set(report.sections.exclude(required_content="").values_list("required_content", flat=True))
        assert contents == {"1", "2", "3", "4"}

    def test_leader_cannot_create(self, leader, org):
        assert leader.post(reverse("reports:report_add"), {"year": 2022}).status_code == 403
        assert not AnnualReport.objects.exists()


@pytest.mark.django_db
class TestFigurePage:
    def test_lists_values_links_and_usage(self, leader, report):
        html = leader.get(reverse("reports:figure_list") + "?year=2023").content.decode()
        assert "【持证人数】" in html and "775 / 788" in html
        assert "规范完善行政执法程序" in html  # where 持证人数 is used

    def test_query_count_does_not_grow_with_sections(self, leader, report):
        url = reverse("reports:figure_list") + "?year=2023"
        leader.get(url)  # the ?year= is kept in the session: written once, on the first visit
        few, _ = count_queries(leader, url)
        for i in range(20):
            ReportSectionFactory(report=report, position=100 + i)
        many, sql = count_queries(leader, url)
        # session, user, groups' perms, user perms, report, its sections (+ nav)
        assert few == many <= 7, "\n".join(sql)

    def test_report_list_query_count(self, leader, org, figure_values):
        url = reverse("reports:report_list")
        AnnualReportFactory(organization=org, year=2020)
        few, _ = count_queries(leader, url)
        for year in range(2010, 2020):
            AnnualReportFactory(organization=org, year=year)
        many, sql = count_queries(leader, url)
        assert few == many <= 10, "\n".join(sql)

    def test_other_towns_reports_are_not_listed(self, other_town, report):
        html = other_town.get(reverse("reports:report_list")).content.decode()
        assert "2023年法治政府建设年度报告" not in html
