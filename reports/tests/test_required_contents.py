"""The five required contents block 送审, 审定 and 发布 (reports.contents).

《法治政府建设与责任落实督察工作规定》(2019) lists what the annual report contains; a
missing one, or one with only a heading or template text, is not a warning to read
past but a reason the report cannot go out.
"""

import types

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import demo, services
from reports.choices import ReportStatus, RequiredContent
from reports.models import AnnualReport, ReportSection
from reports.tests.factories import add_shortcomings


@pytest.fixture
def report(org, figure_values):
    demo.load(types.SimpleNamespace(organization=org))
    return AnnualReport.objects.get(organization=org, year=2023)


def set_status(report, status):
    AnnualReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()


def refused(step, report, user):
    with pytest.raises(ValidationError) as caught:
        step(report=report, by=user)
    return " ".join(caught.value.messages)


@pytest.mark.django_db
class TestBlocking:
    def test_the_demo_cannot_be_submitted_without_shortcomings(self, report, clerk_user):
        message = refused(services.report_submit, report, clerk_user)
        assert "不能送审：缺少法定报告内容“存在的不足和原因”" in message
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT

    def test_nor_approved_or_published(self, report, leader_user):
        set_status(report, ReportStatus.SUBMITTED)
        assert "不能审定：缺少法定报告内容“存在的不足和原因”" in refused(services.report_approve, report, leader_user)
        set_status(report, ReportStatus.APPROVED)
        assert "不能发布：缺少法定报告内容“存在的不足和原因”" in refused(services.report_publish, report, leader_user)
        assert not report.revisions.exists()

    def test_writing_it_unblocks(self, report, clerk_user):
        add_shortcomings(report)
        services.report_submit(report=report, by=clerk_user)
        assert report.status == ReportStatus.SUBMITTED

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("", "只有标题，没有正文"),
            ("【年度】年", "正文只有1个字"),  # a placeholder is not content
            ("存在的不足和原因", "正文只是模板文字或重复标题"),
            ("无。", "正文只有1个字"),
            ("待补充。一是法治宣传的针对性有待增强，二是执法能力有待提升。", "仍留有待填写的标记“待补充”"),
            ("一是XXX；二是XXX。", "仍留有待填写的标记“XXX”"),
        ],
    )
    def test_a_heading_or_boilerplate_is_not_the_content(self, report, clerk_user, text, reason):
        add_shortcomings(report, text=text)
        message = refused(services.report_submit, report, clerk_user)
        assert f"法定报告内容“存在的不足和原因”{reason}" in message

    def test_subsections_give_a_heading_its_content(self, report, clerk_user):
        heading = add_shortcomings(report, text="")
        services.section_add(
            report=report, after=heading, level=3, heading="法治宣传的针对性有待增强。", text="部分活动形式单一。"
        )
        services.report_submit(report=report, by=clerk_user)

    def test_other_matters_are_optional_but_not_empty(self, report, clerk_user):
        add_shortcomings(report)
        plans = report.sections.get(required_content=RequiredContent.PLANS)
        other = services.section_add(
            report=report, after=plans, level=1, heading="其他需要报告的情况", required_content=RequiredContent.OTHER
        )
        assert "法定报告内容“其他需要报告的情况”只有标题" in refused(services.report_submit, report, clerk_user)
        services.section_update(section=other, text="无其他需要报告的情况。")
        services.report_submit(report=report, by=clerk_user)

    def test_a_minimum_length_is_a_setting(self, report, clerk_user, settings):
        add_shortcomings(report, text="执法能力不足。")
        assert "正文只有6个字" in refused(services.report_submit, report, clerk_user)
        settings.REPORT_MIN_CONTENT_CHARS = 5
        services.report_submit(report=report, by=clerk_user)


@pytest.mark.django_db
class TestReportPage:
    def test_the_demo_page_names_the_missing_content_and_why_it_blocks(self, leader, report):
        html = leader.get(report.get_absolute_url()).content.decode()
        assert 'data-content="2"' in html
        row = html.split('data-content="2"')[1].split("</li>")[0]
        assert "阻止送审、发布" in row
        assert "缺少法定报告内容“存在的不足和原因”" in row and "《法治政府建设与责任落实督察工作规定》" in row
        covered = html.split('data-content="1"')[1].split("</li>")[0]
        assert "bi-check-circle" in covered and "阻止" not in covered

    def test_submitting_from_the_page_shows_the_reason(self, clerk, report):
        response = clerk.post(reverse("reports:report_submit", args=[report.pk]), follow=True)
        assert "不能送审：缺少法定报告内容“存在的不足和原因”" in response.content.decode()
        assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT
        assert not ReportSection.objects.filter(report=report, required_content=RequiredContent.SHORTCOMINGS).exists()
