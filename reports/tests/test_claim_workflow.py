"""Claims the records contradict stop 送审 until fixed or acknowledged with a reason.

The demo outline with a fake registry that knows the figures' units (件, 人) and the
litigation's late counts, so typed numbers and “均及时” can be judged.
"""

import types

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from core import figure_cache
from core import figures as core_figures
from core.figures import FigureDef, FigureRegistry, FigureValue
from core.models import AuditLog
from reports import claims, demo, services
from reports.choices import ReportStatus
from reports.models import AnnualReport, ClaimAcknowledgement
from reports.tests.factories import add_shortcomings
from reports.tests.fakes import PLANS_2024, SEED_COUNTS

UNITS = {
    "复议逾期答复数": "件",
    "应诉逾期答辩数": "件",
    "行政复议案件数": "件",
    "行政应诉案件数": "件",
    "调解纠纷数": "件",
    "持证人数": "人",
}
SENTENCE = "加强行政复议和行政应诉工作。"


@pytest.fixture
def values(monkeypatch):
    values = {**SEED_COUNTS, "复议逾期答复数": 0, "应诉逾期答辩数": 0}
    registry = FigureRegistry()
    definitions = [
        FigureDef(key, key, UNITS.get(key, "个"), url_name="reports:figure_list", url_params={"year": "{year}"})
        for key in values
    ]
    definitions += [
        FigureDef("调解成功率", "调解成功率", "%", kind="rate"),
        FigureDef("下一年度工作打算", "下一年度工作打算", "项"),
    ]

    def compute(organization, year):
        result = {key: FigureValue(value) for key, value in values.items()}
        result["调解成功率"] = FigureValue.rate(775, 788)
        result["下一年度工作打算"] = FigureValue(4, items=list(PLANS_2024))
        return result

    registry.register("fake", definitions, compute)
    monkeypatch.setattr(core_figures, "registry", registry)
    return values


@pytest.fixture
def report(org, values):
    demo.load(types.SimpleNamespace(organization=org))
    report = AnnualReport.objects.get(organization=org, year=2023)
    add_shortcomings(report)
    return report


@pytest.fixture
def wrong_count(report):
    """The drafter typed the number instead of inserting the placeholder, and got it wrong."""
    section = report.sections.get(heading=SENTENCE)
    services.section_update(section=section, text=section.text.replace("【行政复议案件数】", "0"))
    (finding,) = claims.report_claims(report)
    return finding


@pytest.mark.django_db
class TestSubmitting:
    def test_the_demo_text_with_a_shortcomings_section_submits(self, report, clerk_user):
        assert claims.report_claims(report) == []
        services.report_submit(report=report, by=clerk_user)

    def test_a_contradicted_count_blocks_submission(self, report, wrong_count, clerk_user):
        assert wrong_count.claim == "行政复议0件" and wrong_count.figure_text == "行政复议案件数：3件"
        with pytest.raises(ValidationError) as caught:
            services.report_submit(report=report, by=clerk_user)
        (message,) = caught.value.messages
        assert message.startswith("不能送审：数字与记录不符：“行政复议0件”——记录中行政复议案件数为3件")
        assert AnnualReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT

    def test_a_late_reply_blocks_the_seeds_on_time_sentence(self, report, values, clerk_user):
        values["复议逾期答复数"] = 1
        figure_cache.bump(report.organization_id)  # what a record write does
        with pytest.raises(ValidationError, match="“及时”与记录不符"):
            services.report_submit(report=report, by=clerk_user)

    def test_fixing_the_text_unblocks(self, report, wrong_count, clerk_user):
        section = report.sections.get(heading=SENTENCE)
        services.section_update(section=section, text=section.text.replace("行政复议0件", "行政复议3件"))
        services.report_submit(report=report, by=clerk_user)

    def test_records_changed_after_submission_stop_approval(self, report, values, clerk_user, leader_user):
        services.report_submit(report=report, by=clerk_user)
        values["应诉逾期答辩数"] = 1
        figure_cache.bump(report.organization_id)  # what a record write does
        with pytest.raises(ValidationError, match="不能审定：“及时”与记录不符"):
            services.report_approve(report=report, by=leader_user)


@pytest.mark.django_db
class TestAcknowledging:
    def test_a_reason_lets_the_sentence_stand_and_is_audited(self, report, wrong_count, clerk_user):
        reason = "3件复议申请均已撤回，按区司法局口径计为0件"
        ack = services.claim_acknowledge(
            report=report, fingerprint=wrong_count.fingerprint, reason=reason, by=clerk_user
        )
        assert (ack.claim, ack.reason, ack.acknowledged_by) == ("行政复议0件", reason, clerk_user)
        entry = AuditLog.objects.filter(action="workflow", object_id=str(report.pk)).latest("id")
        assert entry.username == clerk_user.username
        assert "行政复议0件" in entry.detail and reason in entry.detail
        services.report_submit(report=report, by=clerk_user)

    def test_the_acknowledgement_lapses_when_the_records_change(self, report, wrong_count, values, clerk_user):
        services.claim_acknowledge(
            report=report, fingerprint=wrong_count.fingerprint, reason="申请已撤回，不计入", by=clerk_user
        )
        values["行政复议案件数"] = 4
        figure_cache.bump(report.organization_id)  # what a record write does
        with pytest.raises(ValidationError, match="记录中行政复议案件数为4件"):
            services.report_submit(report=report, by=clerk_user)

    @pytest.mark.parametrize("reason", ["", "   ", "已核实"])
    def test_a_reason_must_say_something(self, report, wrong_count, clerk_user, reason):
        with pytest.raises(ValidationError, match="请写明保留这句话的理由"):
            services.claim_acknowledge(report=report, fingerprint=wrong_count.fingerprint, reason=reason, by=clerk_user)
        assert not ClaimAcknowledgement.objects.exists()

    def test_only_a_current_finding_of_a_draft_by_a_drafter(self, report, wrong_count, clerk_user, leader_user):
        with pytest.raises(ValidationError, match="已不存在"):
            services.claim_acknowledge(report=report, fingerprint="0" * 64, reason="理由写得很充分", by=clerk_user)
        with pytest.raises(PermissionDenied):
            services.claim_acknowledge(
                report=report, fingerprint=wrong_count.fingerprint, reason="理由写得很充分", by=leader_user
            )
        AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
        report.refresh_from_db()
        with pytest.raises(ValidationError, match="只有起草中的报告"):
            services.claim_acknowledge(
                report=report, fingerprint=wrong_count.fingerprint, reason="理由写得很充分", by=clerk_user
            )
        assert not ClaimAcknowledgement.objects.exists()


@pytest.mark.django_db
class TestReportPage:
    def url(self, report):
        return reverse("reports:claim_acknowledge", args=[report.pk])

    def test_the_page_quotes_the_sentence_and_links_the_records(self, clerk, report, wrong_count):
        html = clerk.get(report.get_absolute_url()).content.decode()
        block = html.split(f'data-finding="{wrong_count.fingerprint}"')[1].split("</li>")[0]
        assert "今年共有行政复议0件" in block  # the sentence quoted
        assert "记录：行政复议案件数：3件" in block
        assert 'href="/reports/figures/?year=2023"' in block  # the figure's records link
        assert self.url(report) in block  # the drafter may acknowledge

    def test_acknowledging_through_the_page(self, clerk, report, wrong_count):
        response = clerk.post(
            self.url(report),
            {"fingerprint": wrong_count.fingerprint, "reason": "申请已撤回，区司法局不计入"},
            follow=True,
        )
        html = response.content.decode()
        assert "已记录说明理由" in html and "已说明理由：申请已撤回，区司法局不计入" in html
        assert ClaimAcknowledgement.objects.get(report=report).fingerprint == wrong_count.fingerprint

    def test_post_only(self, clerk, report):
        assert clerk.get(self.url(report)).status_code == 405

    def test_a_missing_reason_is_shown_and_nothing_saved(self, clerk, report, wrong_count):
        response = clerk.post(self.url(report), {"fingerprint": wrong_count.fingerprint, "reason": ""}, follow=True)
        assert "请写明保留这句话的理由" in response.content.decode()
        assert not ClaimAcknowledgement.objects.exists()

    def test_permissions(self, client, leader, other_town, report, wrong_count):
        data = {"fingerprint": wrong_count.fingerprint, "reason": "申请已撤回，区司法局不计入"}
        assert client.post(self.url(report), data).status_code == 302  # anonymous → login
        assert leader.post(self.url(report), data).status_code == 403
        assert other_town.post(self.url(report), data).status_code == 404
        assert leader.get(self.url(report)).status_code == 403  # no permission is checked first
        assert not ClaimAcknowledgement.objects.exists()
        html = leader.get(report.get_absolute_url()).content.decode()
        assert "须修改文字，或由录入员说明理由后才能送审" in html and self.url(report) not in html


@pytest.mark.django_db
def test_export_draft_lists_findings_and_missing_contents_on_stderr(org, values, tmp_path, capsys, monkeypatch):
    from reports import output
    from reports.selectors import document_plain_text

    module = types.SimpleNamespace(render_pdf=lambda doc, **_options: b"%PDF " + document_plain_text(doc).encode())
    monkeypatch.setattr(output, "_module", lambda: module)
    demo.load(types.SimpleNamespace(organization=org))
    report = AnnualReport.objects.get(organization=org, year=2023)
    values["复议逾期答复数"] = 2
    figure_cache.bump(report.organization_id)  # what a record write does
    call_command("export_report", "--org", "八桥镇", "--year", "2023", "--draft", "-o", str(tmp_path / "r.pdf"))
    err = capsys.readouterr().err
    assert "缺少法定报告内容“存在的不足和原因”" in err
    assert "核对：“及时”与记录不符：“均及时提交了行政复议答复书、答辩状等应诉证据材料”" in err
    assert "原句：今年共有行政复议【行政复议案件数】件" in err
    assert "记录：复议逾期答复数：2件 /reports/figures/?year=2023" in err
    assert "须修改文字或说明理由后才能送审" in err
    assert report.status == ReportStatus.DRAFT
