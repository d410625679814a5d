"""What a clerk does on the pages: register, enter decisions/judgments/hearings, upload,
delete — each checked in the database, the audit log and the message shown."""

import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.filters import YEAR_MESSAGE
from core.models import AuditLog
from litigation.models import CaseDocument, Hearing, LitigationCase, ReconsiderationCase
from litigation.tests.factories import LitigationCaseFactory, ReconsiderationCaseFactory


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def reconsideration_data(department, **overrides):
    data = {
        "authority": "重庆市大渡口区人民政府",
        "case_number": "渡府复〔2024〕15号",
        "procedure": "ordinary",
        "law": "",
        "applicant_kind": "person",
        "applicant_name": "刘晓梅",
        "applicant_id_number": "",
        "applicant_phone": "13983052718",
        "applicant_address": "",
        "respondent": "重庆市大渡口区八桥镇人民政府",
        "act_description": "政府信息公开申请答复",
        "act_date": "2024-08-09",
        "act_department": "",
        "applied_on": "2024-09-02",
        "accepted_on": "2024-09-04",
        "copy_received_on": "2024-09-27",
        "reply_submitted_on": "",
        "handling_department": department.pk,
        "notes": "",
    }
    data.update(overrides)
    return data


def litigation_data(department, **overrides):
    data = {
        "court": "重庆市大渡口区人民法院",
        "case_number": "（2024）渝0104行初99号",
        "level": "1",
        "first_instance": "",
        "procedure": "ordinary",
        "plaintiff_kind": "person",
        "plaintiff_name": "黄丽娟",
        "plaintiff_id_number": "",
        "plaintiff_phone": "",
        "plaintiff_address": "",
        "defendant": "重庆市大渡口区八桥镇人民政府",
        "cause": "政府信息公开",
        "act_department": "",
        "filed_on": "2024-09-20",
        "copy_received_on": "2024-09-27",
        "answer_submitted_on": "",
        "handling_department": department.pk,
        "notes": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestReconsiderationPages:
    def test_clerk_registers_a_case_and_sees_the_deadline_badge(self, clerk, clerk_user, department):
        response = clerk.post(reverse("litigation:reconsideration_add"), reconsideration_data(department))
        case = ReconsiderationCase.objects.get()
        assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
        assert case.organization == clerk_user.organization
        assert case.law == "2023"  # accepted in 2024: filled in from the acceptance date
        assert "复议案件已登记，答复期限已自动计算。" in messages_of(response)
        assert AuditLog.objects.filter(action="create", model_label="litigation.ReconsiderationCase").exists()
        html = clerk.get(case.get_absolute_url()).content.decode()
        # Received Fri 27 Sep 2024: 29 Sep (调休 Sun), 30 Sep, [1–7 Oct 国庆], 8, 9, 10, 11,
        # 12 (调休 Sat), 14, 15, 16 Oct → Wed 16 Oct 2024.
        assert "2024年10月16日" in html
        assert "「复议法第48条·10个工作日」" in html

    def test_edit(self, clerk, rcase, department):
        data = reconsideration_data(
            department, case_number=rcase.case_number, accepted_on="2024-03-04", copy_received_on="2024-03-06",
            applied_on="2024-03-01", act_date="2024-02-01", reply_submitted_on="2024-03-15",
        )  # fmt: skip
        response = clerk.post(reverse("litigation:reconsideration_edit", args=[rcase.pk]), data)
        assert response.status_code == 302
        rcase.refresh_from_db()
        assert rcase.reply_submitted_on == datetime.date(2024, 3, 15)
        log = AuditLog.objects.filter(action="update", object_id=str(rcase.pk)).latest("at")
        assert "提交答复日期" in log.changed_fields

    def test_decision_entry_with_hearing_and_extension(self, clerk, rcase):
        data = {
            "hearing_held_on": "2024-04-02",
            "hearing_leader_role": "deputy",
            "hearing_leader_name": "刘志强",
            "hearing_leader_post": "副镇长",
            "hearing_absence_reason": "",
            "extension_approved": "on",
            "extension_days": "30",
            "extension_reason": "案情复杂",
            "decided_on": "2024-05-20",
            "decision": "revoke",
            "decision_summary": "",
        }
        response = clerk.post(reverse("litigation:reconsideration_decision", args=[rcase.pk]), data)
        assert response.status_code == 302, response.content.decode()
        rcase.refresh_from_db()
        assert rcase.is_correcting and rcase.hearing_leader_qualifies
        assert rcase.decision_deadline.basis == "复议法第62条·60日+延长30日"
        assert "听证、延期及决定信息已保存。" in messages_of(response)

    def test_delete(self, clerk, rcase):
        response = clerk.post(reverse("litigation:reconsideration_delete", args=[rcase.pk]))
        assert response.status_code == 302
        assert not ReconsiderationCase.objects.exists()
        assert AuditLog.objects.filter(action="delete", object_id=str(rcase.pk)).exists()
        assert "已删除行政复议案件。" in messages_of(response)


@pytest.mark.django_db
class TestReconsiderationBadInput:
    """Each rule: the Chinese error is shown and nothing is saved."""

    @pytest.mark.parametrize(
        "overrides, message",
        [
            ({"applied_on": "2024-09-10", "accepted_on": "2024-09-12", "copy_received_on": "2024-09-05"},
             "收到申请书副本日期不能早于"),
            ({"applied_on": "2024-09-10", "accepted_on": "2024-09-04"}, "受理日期不能早于申请日期"),
            ({"reply_submitted_on": "2024-09-20"}, "提交答复日期不能早于收到申请书副本日期"),
            ({"law": "2017"}, "2024年1月1日起受理的案件适用2023年修订的行政复议法"),
            ({"accepted_on": "2023-12-20", "applied_on": "2023-12-18", "copy_received_on": "2023-12-22",
              "procedure": "simple"}, "原行政复议法未规定简易程序"),
            ({"handling_department": ""}, "这个字段是必填项"),
        ],
    )  # fmt: skip
    def test_bad_registration(self, clerk, department, overrides, message):
        response = clerk.post(reverse("litigation:reconsideration_add"), reconsideration_data(department, **overrides))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not ReconsiderationCase.objects.exists()

    def test_duplicate_case_number(self, clerk, rcase, department):
        response = clerk.post(
            reverse("litigation:reconsideration_add"),
            reconsideration_data(department, case_number=rcase.case_number),
        )
        assert "本单位已登记该复议案号。" in response.content.decode()
        assert ReconsiderationCase.objects.count() == 1

    def test_same_case_number_in_another_town_is_fine(self, clerk, department, other_org):
        ReconsiderationCaseFactory(organization=other_org, case_number="渡府复〔2024〕15号")
        response = clerk.post(reverse("litigation:reconsideration_add"), reconsideration_data(department))
        assert response.status_code == 302

    def test_foreign_department_is_refused(self, clerk, other_org):
        from accounts.tests.factories import DepartmentFactory

        foreign = DepartmentFactory(organization=other_org, name="外镇司法所")
        response = clerk.post(reverse("litigation:reconsideration_add"), reconsideration_data(foreign))
        assert "选择一个有效的选项" in response.content.decode()
        assert not ReconsiderationCase.objects.exists()

    @pytest.mark.parametrize(
        "overrides, message",
        [
            ({"decided_on": "2024-03-01", "decision": "uphold"}, "决定日期不能早于受理日期"),
            ({"decided_on": "2024-05-01", "decision": ""}, "请选择决定类型"),
            ({"extension_approved": "on", "extension_days": "31"}, "30"),
            ({"extension_approved": "on", "extension_days": ""}, "批准延期须填写延长天数"),
            ({"extension_days": "10"}, "未批准延期时不填写延长天数"),
            ({"hearing_held_on": "2024-04-01", "hearing_leader_role": "lawyer"}, "须填写原因"),
            ({"hearing_held_on": "2024-04-01", "hearing_leader_role": "principal"}, "请填写出席人员姓名"),
            ({"hearing_held_on": "2024-03-01", "hearing_leader_role": "principal", "hearing_leader_name": "王建平",
              "hearing_leader_post": "镇长"}, "听证日期不能早于受理日期"),
        ],
    )  # fmt: skip
    def test_bad_decision(self, clerk, rcase, overrides, message):
        data = {"decided_on": "", "decision": "", "extension_days": "", **overrides}
        response = clerk.post(reverse("litigation:reconsideration_decision", args=[rcase.pk]), data)
        assert response.status_code == 200
        assert message in response.content.decode()
        rcase.refresh_from_db()
        assert rcase.decided_on is None and not rcase.extension_approved and rcase.hearing_held_on is None

    def test_extension_on_a_simple_case_is_refused(self, clerk, org, department):
        case = ReconsiderationCaseFactory(organization=org, handling_department=department, procedure="simple")
        data = {"extension_approved": "on", "extension_days": "10"}
        response = clerk.post(reverse("litigation:reconsideration_decision", args=[case.pk]), data)
        assert "简易程序案件不能延期" in response.content.decode()
        case.refresh_from_db()
        assert not case.extension_approved


@pytest.mark.django_db
class TestLitigationPages:
    def test_clerk_registers_a_case(self, clerk, department):
        response = clerk.post(reverse("litigation:litigation_add"), litigation_data(department))
        case = LitigationCase.objects.get()
        assert response.status_code == 302
        assert "应诉案件已登记，答辩期限已自动计算。" in messages_of(response)
        assert AuditLog.objects.filter(action="create", model_label="litigation.LitigationCase").exists()
        html = clerk.get(case.get_absolute_url()).content.decode()
        # 27 Sep 2024 + 15 = Sat 12 Oct 2024, a 调休 working day.
        assert "2024年10月12日" in html and "「行诉法第67条·15日」" in html

    def test_second_instance_links_to_the_first(self, clerk, lcase, department):
        url = reverse("litigation:litigation_add") + f"?first_instance={lcase.pk}"
        form_html = clerk.get(url).content.decode()
        assert f'<option value="{lcase.pk}" selected' in form_html
        data = litigation_data(department, case_number="（2024）渝05行终7号", level="2", first_instance=lcase.pk)
        assert clerk.post(reverse("litigation:litigation_add"), data).status_code == 302
        second = LitigationCase.objects.get(level="2")
        assert second.first_instance == lcase
        assert "（2024）渝05行终7号" in clerk.get(lcase.get_absolute_url()).content.decode()

    @pytest.mark.parametrize(
        "overrides, message",
        [
            ({"filed_on": "2024-09-28"}, "收到起诉状副本日期不能早于立案日期"),
            ({"answer_submitted_on": "2024-09-26"}, "提交答辩状日期不能早于收到起诉状副本日期"),
            ({"level": "2"}, "二审案件须关联一审案件"),
            ({"procedure": "simple", "level": "R"}, "简易程序仅适用于第一审行政案件"),
        ],
    )
    def test_bad_registration(self, clerk, department, overrides, message):
        response = clerk.post(reverse("litigation:litigation_add"), litigation_data(department, **overrides))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not LitigationCase.objects.exists()

    def test_first_instance_of_another_town_is_refused(self, clerk, department, other_org):
        foreign = LitigationCaseFactory(organization=other_org)
        data = litigation_data(department, level="2", first_instance=foreign.pk)
        response = clerk.post(reverse("litigation:litigation_add"), data)
        assert "选择一个有效的选项" in response.content.decode()
        assert LitigationCase.objects.filter(level="2").count() == 0

    def test_judgment_entry_classifies_the_outcome(self, clerk, lcase):
        data = {
            "judgment_kind": "judgment",
            "judged_on": "2024-06-20",
            "result": "confirm_illegal",
            "outcome": "",
            "judgment_served_on": "2024-06-24",
            "appeal": "none",
            "judgment_summary": "",
        }
        response = clerk.post(reverse("litigation:litigation_judgment", args=[lcase.pk]), data)
        assert response.status_code == 302
        lcase.refresh_from_db()
        assert lcase.outcome == "lost"
        assert lcase.appeal_deadline.due == datetime.date(2024, 7, 9)
        assert "裁判信息已保存。" in messages_of(response)

    @pytest.mark.parametrize(
        "overrides, message",
        [
            ({"judged_on": "2024-02-01", "result": "dismiss_claim"}, "裁判日期不能早于立案日期"),
            ({"judged_on": "2024-06-01", "result": ""}, "请选择裁判结果"),
            (
                {"judged_on": "2024-06-01", "result": "revoke", "judgment_served_on": "2024-05-01"},
                "送达日期不能早于裁判日期",
            ),
            ({"appeal": "plaintiff"}, "尚无一审裁判，不能登记上诉"),
        ],
    )
    def test_bad_judgment(self, clerk, lcase, overrides, message):
        data = {"judgment_kind": "", "judged_on": "", "result": "", "outcome": "", "appeal": "none", **overrides}
        response = clerk.post(reverse("litigation:litigation_judgment", args=[lcase.pk]), data)
        assert response.status_code == 200
        assert message in response.content.decode()
        lcase.refresh_from_db()
        assert lcase.judged_on is None and lcase.appeal == "none"

    def test_delete_of_a_first_instance_with_an_appeal_is_refused(self, clerk, org, lcase, department):
        LitigationCaseFactory(organization=org, handling_department=department, level="2", first_instance=lcase)
        response = clerk.post(reverse("litigation:litigation_delete", args=[lcase.pk]))
        assert response.status_code == 302
        assert LitigationCase.objects.filter(pk=lcase.pk).exists()
        assert "请先删除后续审级案件" in messages_of(response)[0]


@pytest.mark.django_db
class TestHearings:
    def hearing_data(self, **overrides):
        data = {
            "held_on": "2024-04-18",
            "kind": "trial",
            "leader_role": "principal",
            "leader_name": "王建平",
            "leader_post": "镇长",
            "other_attendees": "司法所工作人员",
            "absence_reason": "",
            "notes": "",
        }
        data.update(overrides)
        return data

    def test_clerk_records_a_hearing(self, clerk, lcase):
        response = clerk.post(reverse("litigation:hearing_add", args=[lcase.pk]), self.hearing_data())
        assert response.status_code == 302 and response["Location"] == lcase.get_absolute_url()
        hearing = Hearing.objects.get()
        assert hearing.case == lcase and hearing.organization == lcase.organization and hearing.qualifies
        assert "庭审记录已保存。" in messages_of(response)
        assert AuditLog.objects.filter(action="create", model_label="litigation.Hearing").exists()

    @pytest.mark.parametrize(
        "overrides, message",
        [
            ({"held_on": "2024-02-01"}, "开庭日期不能早于立案日期"),
            ({"leader_role": "lawyer", "leader_name": "", "leader_post": ""}, "须填写原因"),
            ({"leader_role": "staff", "leader_name": "", "absence_reason": "出差"}, "请填写出席人员姓名"),
            ({"leader_post": ""}, "请填写出席人员职务"),
        ],
    )
    def test_bad_hearing(self, clerk, lcase, overrides, message):
        response = clerk.post(reverse("litigation:hearing_add", args=[lcase.pk]), self.hearing_data(**overrides))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Hearing.objects.exists()

    def test_a_lawyer_alone_is_recorded_but_does_not_count(self, clerk, lcase):
        data = self.hearing_data(leader_role="lawyer", leader_name="", leader_post="", absence_reason="镇长参加防汛")
        assert clerk.post(reverse("litigation:hearing_add", args=[lcase.pk]), data).status_code == 302
        assert not Hearing.objects.get().qualifies

    def test_edit_and_delete(self, clerk, hearing):
        url = reverse("litigation:hearing_edit", args=[hearing.pk])
        assert clerk.post(url, self.hearing_data(leader_role="deputy", leader_post="副镇长")).status_code == 302
        hearing.refresh_from_db()
        assert hearing.leader_role == "deputy"
        response = clerk.post(reverse("litigation:hearing_delete", args=[hearing.pk]))
        assert response.status_code == 302 and not Hearing.objects.exists()
        assert "已删除庭审记录。" in messages_of(response)


@pytest.mark.django_db
class TestDocuments:
    def test_upload_download_delete(self, clerk, rcase, media_root, django_capture_on_commit_callbacks):
        upload = SimpleUploadedFile("答复书（定稿）.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
        response = clerk.post(
            reverse("litigation:reconsideration_document_add", args=[rcase.pk]),
            {"kind": "reply", "title": "", "file": upload, "submitted_on": "2024-03-12"},
        )
        assert response.status_code == 302
        doc = CaseDocument.objects.get()
        assert doc.reconsideration == rcase and doc.original_name == "答复书（定稿）.pdf"
        # Stored under a random name in the org's folder, through the storage API.
        assert doc.file.name.startswith(f"litigation/{rcase.organization_id}/") and "答复书" not in doc.file.name
        assert (media_root / doc.file.name).exists()
        download = clerk.get(reverse("litigation:document_download", args=[doc.pk]))
        assert b"".join(download.streaming_content) == b"%PDF-1.4 reply"
        assert "attachment" in download["Content-Disposition"]
        with django_capture_on_commit_callbacks(execute=True):  # the file goes once the delete commits
            response = clerk.post(reverse("litigation:document_delete", args=[doc.pk]))
        assert response.status_code == 302 and not CaseDocument.objects.exists()
        assert not (media_root / doc.file.name).exists()

    def test_an_executable_is_refused(self, clerk, lcase):
        upload = SimpleUploadedFile("答辩状.exe", b"MZ", content_type="application/octet-stream")
        response = clerk.post(
            reverse("litigation:litigation_document_add", args=[lcase.pk]), {"kind": "answer", "file": upload}
        )
        assert response.status_code == 200
        assert "不支持该文件类型（.exe）" in response.content.decode()
        assert not CaseDocument.objects.exists()


@pytest.mark.django_db
class TestPersonalData:
    def test_lists_and_details_mask_the_applicant(self, clerk, org, department):
        case = ReconsiderationCaseFactory(
            organization=org, handling_department=department, applicant_id_number="500104196805120310",
            applicant_phone="13808231456",
        )  # fmt: skip
        ReconsiderationCase.objects.filter(pk=case.pk).update(applied_on=case.accepted_on)  # shows in the timeline
        html = clerk.get(reverse("litigation:reconsideration_list")).content.decode()
        assert "陈**" in html and "陈国华" not in html
        case = ReconsiderationCase.objects.get()
        html = clerk.get(case.get_absolute_url() + "?show_personal=1").content.decode()
        assert "500104********0310" in html and "500104196805120310" not in html
        assert "陈国华" not in html  # nor in the timeline

    def test_permitted_user_reveals_and_it_is_audited(self, pii_clerk, org, department):
        case = ReconsiderationCaseFactory(
            organization=org, handling_department=department, applicant_id_number="500104196805120310"
        )
        html = pii_clerk.get(case.get_absolute_url() + "?show_personal=1").content.decode()
        assert "500104196805120310" in html and "陈国华" in html
        assert AuditLog.objects.filter(action="view_personal", object_id=str(case.pk)).exists()

    def test_export_masks_natural_persons_and_is_audited(self, pii_clerk, org, department):
        ReconsiderationCaseFactory(organization=org, handling_department=department, applicant_name="陈国华、刘晓梅")
        ReconsiderationCaseFactory(
            organization=org, handling_department=department, applicant_kind="organization", applicant_name="渝桥公司"
        )
        response = pii_clerk.get(reverse("litigation:reconsideration_export"))
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.values)[1:]  # row 1: the 台账 title
        names = {row[3] for row in rows[1:]}
        assert names == {"陈**、刘**", "渝桥公司"}
        assert rows[0][12] == "答复期限"
        log = AuditLog.objects.get(action="export")
        assert log.row_count == 2

    def test_export_follows_the_filters(self, clerk, org, department):
        LitigationCaseFactory(organization=org, handling_department=department, level="1")
        first = LitigationCaseFactory(organization=org, handling_department=department)
        LitigationCaseFactory(organization=org, handling_department=department, level="2", first_instance=first)
        response = clerk.get(reverse("litigation:litigation_export") + "?level=2")
        rows = list(load_workbook(io.BytesIO(response.content)).active.values)[1:]  # row 1: title
        assert len(rows) == 2 and rows[1][2] == "二审" and rows[1][6] == "周**"


@pytest.mark.django_db
class TestFiltersAndDeadlines:
    def test_overdue_and_due_within_filters(self, clerk, org, department):
        today = timezone.localdate()
        overdue = LitigationCaseFactory(
            organization=org, handling_department=department, case_number="逾期案",
            filed_on=today - datetime.timedelta(days=40), copy_received_on=today - datetime.timedelta(days=30),
        )  # fmt: skip
        soon = LitigationCaseFactory(
            organization=org, handling_department=department, case_number="将到期案",
            filed_on=today - datetime.timedelta(days=14), copy_received_on=today - datetime.timedelta(days=13),
        )  # fmt: skip
        LitigationCaseFactory(
            organization=org, handling_department=department, case_number="已答辩案",
            filed_on=today - datetime.timedelta(days=40), copy_received_on=today - datetime.timedelta(days=30),
            answer_submitted_on=today - datetime.timedelta(days=20),
        )  # fmt: skip
        url = reverse("litigation:litigation_list")
        html = clerk.get(url + "?overdue=1").content.decode()
        assert overdue.case_number in html and soon.case_number not in html and "已答辩案" not in html
        html = clerk.get(url + "?due_within=10").content.decode()
        assert soon.case_number in html and overdue.case_number not in html
        html = clerk.get(url + "?answer=overdue").content.decode()
        assert overdue.case_number in html and "已答辩案" not in html

    def test_deadlines_page_most_urgent_first(self, clerk, org, department):
        today = timezone.localdate()
        LitigationCaseFactory(
            organization=org, handling_department=department, case_number="B将到期",
            filed_on=today - datetime.timedelta(days=14), copy_received_on=today - datetime.timedelta(days=12),
        )  # fmt: skip
        LitigationCaseFactory(
            organization=org, handling_department=department, case_number="A逾期",
            filed_on=today - datetime.timedelta(days=40), copy_received_on=today - datetime.timedelta(days=30),
        )  # fmt: skip
        ReconsiderationCaseFactory(
            organization=org, handling_department=department, case_number="C复议",
            accepted_on=today - datetime.timedelta(days=3), copy_received_on=today - datetime.timedelta(days=2),
        )  # fmt: skip
        LitigationCaseFactory(
            organization=org, handling_department=department, case_number="D很远",
            filed_on=today, copy_received_on=today, answer_submitted_on=today,
        )  # fmt: skip
        html = clerk.get(reverse("litigation:deadlines")).content.decode()
        assert html.index("A逾期") < html.index("B将到期")
        assert "C复议" in html  # 10 working days after receipt: within the window
        assert "D很远" not in html  # answered; judgment due in 6 months
        assert "已逾期" in html

    def test_list_counts_equal_the_figures_they_link_from(self, clerk, org, department):
        from core.figures import registry

        for i in range(3):
            ReconsiderationCaseFactory(
                organization=org, handling_department=department, copy_received_on=datetime.date(2024, 3, 6 + i),
                reply_submitted_on=datetime.date(2024, 3, 8) if i else datetime.date(2024, 4, 30),
            )  # fmt: skip
        figures = registry.compute(org, 2024, apps=["litigation"])
        for key in ("行政复议案件数", "复议按期答复率"):
            fig = figures[key]
            html = clerk.get(fig.url).content.decode()
            expected = fig.value.denominator if fig.value.denominator is not None else fig.value.value
            assert f"<strong data-count>{expected}</strong>" in html, key


@pytest.mark.django_db
def test_a_date_beyond_the_holiday_data_is_flagged_on_the_page(clerk, org, department):
    # 2027 has no published 放假安排 yet: counted on the statutory holidays, and said so.
    case = LitigationCaseFactory(
        organization=org, handling_department=department,
        filed_on=datetime.date(2027, 9, 13), copy_received_on=datetime.date(2027, 9, 16),
    )  # fmt: skip
    html = clerk.get(case.get_absolute_url()).content.decode()
    assert "（按法定节日推算，待国务院放假安排公布后核对）" in html
    assert ">推算</span>" in html
    # 16 Sep + 15 = Fri 1 Oct 2027 (国庆); 2–3 Oct weekend; 补假 4–5 Oct → Wed 6 Oct.
    assert "2027年10月6日" in html
    html = clerk.get(reverse("litigation:litigation_list")).content.decode()
    assert "按法定节日推算，待国务院放假安排公布后核对" in html


@pytest.mark.django_db
def test_the_deadlines_page_flags_an_estimated_date(clerk, org, department, monkeypatch):
    LitigationCaseFactory(
        organization=org, handling_department=department,
        filed_on=datetime.date(2027, 9, 13), copy_received_on=datetime.date(2027, 9, 16),
    )  # fmt: skip
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2027, 9, 27))
    html = clerk.get(reverse("litigation:deadlines")).content.decode()
    assert "2027年10月6日" in html and "（按法定节日推算，待国务院放假安排公布后核对）" in html


@pytest.mark.django_db
def test_a_case_inside_the_data_has_no_warning(clerk, lcase):
    assert "按法定节日推算" not in clerk.get(lcase.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_leader_sees_no_edit_buttons(leader, lcase):
    html = leader.get(lcase.get_absolute_url()).content.decode()
    assert reverse("litigation:litigation_edit", args=[lcase.pk]) not in html
    assert reverse("litigation:hearing_add", args=[lcase.pk]) not in html


@pytest.mark.django_db
def test_a_bad_filter_value_shows_an_error_and_no_rows(clerk, lcase):
    response = clerk.get(reverse("litigation:litigation_list") + "?year=abc&due_within=-3")
    assert response.status_code == 200
    html = response.content.decode()
    assert YEAR_MESSAGE in html and "请输入0至250之间的整数。" in html
    assert list(response.context["object_list"]) == []


@pytest.mark.django_db
def test_names_stay_out_of_titles_and_the_audit_log(clerk, rcase):
    html = clerk.get(reverse("litigation:reconsideration_decision", args=[rcase.pk])).content.decode()
    assert "陈国华" not in html
    assert not AuditLog.objects.filter(object_repr__contains="陈国华").exists()


@pytest.mark.django_db
def test_the_form_cites_the_second_instance_answer_rule(clerk):
    html = clerk.get(reverse("litigation:litigation_add")).content.decode()
    assert "二审为收到上诉状副本之日起15日（行诉法解释第一百零八条）" in html


@pytest.mark.django_db
def test_a_second_instance_case_page_cites_the_2018_interpretation(clerk, org, department):
    first = LitigationCaseFactory(organization=org, handling_department=department)
    second = LitigationCaseFactory(
        organization=org, handling_department=department, level="2", first_instance=first,
        filed_on=datetime.date(2024, 7, 1), copy_received_on=datetime.date(2024, 7, 4),
    )  # fmt: skip
    html = clerk.get(second.get_absolute_url()).content.decode()
    assert "「行诉法解释第108条·15日」" in html and "行诉法第67条" not in html
