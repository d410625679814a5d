"""Clerk workflows through the pages: the row, the audit entry and the message; bad input
shows a Chinese error and saves nothing; personal data masked by permission; pinned queries."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.models import AuditLog
from core.testing import count_queries
from enforcement.choices import CertificateState
from enforcement.models import Certificate, EnforcementCategory, Exam, Officer, Training, TrainingAttendance
from enforcement.tests.factories import (
    AttendanceFactory,
    CertificateFactory,
    ExamFactory,
    OfficerFactory,
    TrainingFactory,
    make_id_number,
    with_bad_checksum,
)

TODAY = datetime.date.today()


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def officer_data(department, **overrides):
    data = {
        "name": "李新",
        "gender": "male",
        "id_number": make_id_number(200),
        "phone": "13900001111",
        "department": department.pk,
        "position": "执法队员",
        "employment_status": "active",
    }
    data.update(overrides)
    return data


def certificate_data(category, **overrides):
    data = {
        "number": "50010420240007",
        "kind": "enforcement",
        "issuing_authority": "重庆市人民政府",
        "issued_on": "2024-01-15",
        "expires_on": "2029-01-14",
        "region": "大渡口区八桥镇",
        "categories": [category.pk],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestOfficerPages:
    def test_clerk_registers_an_officer(self, clerk, clerk_user, department):
        response = clerk.post(reverse("enforcement:officer_add"), officer_data(department))
        officer = Officer.objects.get(name="李新")
        assert response.status_code == 302 and response["Location"] == officer.get_absolute_url()
        assert officer.organization == clerk_user.organization
        assert officer.id_number == make_id_number(200)
        entry = AuditLog.objects.get(action="create", model_label="enforcement.Officer")
        assert entry.user == clerk_user and entry.organization == clerk_user.organization
        assert "执法人员已登记。" in messages_of(response)

    def test_wrong_checksum_shows_chinese_error_and_saves_nothing(self, clerk, department):
        data = officer_data(department, id_number=with_bad_checksum(make_id_number(200)))
        response = clerk.post(reverse("enforcement:officer_add"), data)
        assert response.status_code == 200
        assert "身份证号校验位不正确" in response.content.decode()
        assert not Officer.objects.exists()

    def test_duplicate_id_number_in_the_town_is_refused(self, clerk, department, officer):
        response = clerk.post(reverse("enforcement:officer_add"), officer_data(department, id_number=officer.id_number))
        assert "本单位已登记该身份证号的执法人员" in response.content.decode()
        assert Officer.objects.count() == 1

    def test_foreign_department_is_refused(self, clerk, other_town_user):
        response = clerk.post(reverse("enforcement:officer_add"), officer_data(other_town_user.department))
        assert "选择一个有效的选项" in response.content.decode()
        assert not Officer.objects.exists()

    def test_edit_clears_the_phone_when_emptied(self, clerk, officer):
        # The form shows the phone masked (see test_personal_data.py); emptying it removes it.
        data = officer_data(officer.department, name="陈立军", id_number=officer.id_number, phone="")
        assert clerk.post(reverse("enforcement:officer_edit", args=[officer.pk]), data).status_code == 302
        officer.refresh_from_db()
        assert officer.phone == ""

    def test_delete_refused_while_certificates_exist(self, clerk, certificate):
        officer = certificate.officer
        response = clerk.post(reverse("enforcement:officer_delete", args=[officer.pk]))
        assert response.status_code == 302
        assert Officer.objects.filter(pk=officer.pk).exists()
        assert "不能删除" in messages_of(response)[0]

    def test_delete_without_records(self, clerk, officer):
        response = clerk.post(reverse("enforcement:officer_delete", args=[officer.pk]))
        assert response.status_code == 302 and not Officer.objects.exists()
        assert AuditLog.objects.filter(action="delete", model_label="enforcement.Officer").exists()


@pytest.mark.django_db
class TestCertificatePages:
    def test_clerk_adds_a_certificate(self, clerk, clerk_user, officer, urban):
        response = clerk.post(reverse("enforcement:certificate_add", args=[officer.pk]), certificate_data(urban))
        assert response.status_code == 302
        cert = Certificate.objects.get(number="50010420240007")
        assert cert.officer == officer and list(cert.categories.all()) == [urban]
        entry = AuditLog.objects.get(action="create", model_label="enforcement.Certificate")
        assert entry.user == clerk_user and entry.organization_id == officer.organization_id
        assert "证件已登记。" in messages_of(response)

    def test_expiry_before_issue_shows_chinese_error_and_saves_nothing(self, clerk, officer, urban):
        data = certificate_data(urban, issued_on="2024-01-15", expires_on="2023-01-14")
        response = clerk.post(reverse("enforcement:certificate_add", args=[officer.pk]), data)
        assert response.status_code == 200
        assert "有效期至必须晚于发证日期。" in response.content.decode()
        assert not Certificate.objects.exists()

    def test_duplicate_number_shows_chinese_error_and_saves_nothing(self, clerk, officer, urban, foreign_certificate):
        data = certificate_data(urban, number=foreign_certificate.number)
        response = clerk.post(reverse("enforcement:certificate_add", args=[officer.pk]), data)
        html = response.content.decode()
        assert "该证件编号无法使用，请核对；如有疑问请联系管理员。" in html
        assert Certificate.objects.count() == 1
        # Nothing about the other town's record: not that it is registered, not where, no link.
        foreign_officer = foreign_certificate.officer
        assert "已登记" not in html and foreign_officer.organization.name not in html
        assert foreign_officer.name not in html
        assert reverse("enforcement:officer_detail", args=[foreign_officer.pk]) not in html

    def test_foreign_category_is_refused(self, clerk, officer, urban, other_org):
        foreign = EnforcementCategory.objects.create(organization=other_org, name="外镇类别")
        response = clerk.post(reverse("enforcement:certificate_add", args=[officer.pk]), certificate_data(foreign))
        assert "选择一个有效的选项" in response.content.decode()
        assert not Certificate.objects.exists()

    def test_renew_through_the_page(self, clerk, clerk_user, certificate, urban):
        data = {
            "number": "50010420249999",
            "issued_on": TODAY.isoformat(),
            "expires_on": (TODAY + datetime.timedelta(days=1826)).isoformat(),
            "issuing_authority": "重庆市人民政府",
            "region": "大渡口区八桥镇",
            "categories": [urban.pk],
        }
        response = clerk.post(reverse("enforcement:certificate_renew", args=[certificate.pk]), data)
        assert response.status_code == 302
        certificate.refresh_from_db()
        new = Certificate.objects.get(number="50010420249999")
        assert certificate.state == CertificateState.CANCELLED and new.replaces == certificate
        assert AuditLog.objects.filter(action="update", object_id=str(certificate.pk), user=clerk_user).exists()
        assert "已换发新证 50010420249999" in messages_of(response)[0]
        # the officer page shows the chain
        html = clerk.get(certificate.officer.get_absolute_url()).content.decode()
        assert f"换发自 {certificate.number}" in html

    def test_renewal_of_a_revoked_card_shows_chinese_error_and_saves_nothing(self, clerk, certificate, urban):
        certificate.state, certificate.state_changed_on, certificate.state_reason = "revoked", TODAY, "违法"
        certificate.save()
        data = {
            "number": "N-1",
            "issued_on": TODAY.isoformat(),
            "expires_on": (TODAY + datetime.timedelta(days=1826)).isoformat(),
            "issuing_authority": "重庆市人民政府",
        }
        response = clerk.post(reverse("enforcement:certificate_renew", args=[certificate.pk]), data)
        assert response.status_code == 200
        assert "已吊销的证件不能换发" in response.content.decode()
        assert not Certificate.objects.filter(number="N-1").exists()

    @pytest.mark.parametrize(
        "action, state, message",
        [
            ("suspend", CertificateState.SUSPENDED, "证件已暂扣。"),
            ("cancel", CertificateState.CANCELLED, "证件已注销。"),
            ("revoke", CertificateState.REVOKED, "证件已吊销。"),
        ],
    )
    def test_state_changes_through_the_page(self, clerk, clerk_user, certificate, action, state, message):
        url = reverse(f"enforcement:certificate_{action}", args=[certificate.pk])
        response = clerk.post(url, {"reason": "依规处理", "on": TODAY.isoformat()})
        assert response.status_code == 302
        certificate.refresh_from_db()
        assert certificate.state == state and certificate.state_reason == "依规处理"
        assert AuditLog.objects.filter(action="update", object_id=str(certificate.pk), user=clerk_user).exists()
        assert message in messages_of(response)

    def test_state_change_without_reason_saves_nothing(self, clerk, certificate):
        url = reverse("enforcement:certificate_suspend", args=[certificate.pk])
        response = clerk.post(url, {"reason": "", "on": TODAY.isoformat()})
        assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
        certificate.refresh_from_db()
        assert certificate.state == CertificateState.VALID

    def test_reinstate_a_valid_card_is_refused(self, clerk, certificate):
        url = reverse("enforcement:certificate_reinstate", args=[certificate.pk])
        response = clerk.post(url, {"reason": "x", "on": TODAY.isoformat()})
        assert "只有暂扣中的证件可以解除暂扣" in response.content.decode()

    def test_card_in_a_renewal_chain_is_not_deleted(self, clerk, certificate):
        from enforcement import services

        new = services.certificate_renew(
            certificate=certificate, new_number="N2", issued_on=TODAY, expires_on=TODAY + datetime.timedelta(days=900)
        )
        clerk.post(reverse("enforcement:certificate_delete", args=[new.pk]))
        assert Certificate.objects.count() == 2


@pytest.mark.django_db
class TestTrainingAndExamPages:
    def test_training_with_attendees(self, clerk, clerk_user, org, officer, department):
        second = OfficerFactory(organization=org, department=department, name="第二人")
        data = {
            "title": "执法规范化培训",
            "start_on": "2023-05-10",
            "hours": "16",
            "attendees": [officer.pk, second.pk],
        }
        response = clerk.post(reverse("enforcement:training_add"), data)
        training = Training.objects.get(title="执法规范化培训")
        assert response.status_code == 302 and training.organization == org
        assert sorted(training.attendances.values_list("hours", flat=True)) == [16, 16]
        assert AuditLog.objects.filter(action="create", model_label="enforcement.TrainingAttendance").count() == 2
        assert "培训已登记。" in messages_of(response)

    def test_training_end_before_start_saves_nothing(self, clerk, officer):
        data = {
            "title": "错误",
            "start_on": "2023-05-10",
            "end_on": "2023-05-09",
            "hours": "8",
            "attendees": [officer.pk],
        }
        response = clerk.post(reverse("enforcement:training_add"), data)
        assert "结束日期不能早于培训日期。" in response.content.decode()
        assert not Training.objects.exists() and not TrainingAttendance.objects.exists()

    def test_attendance_hours_cannot_exceed_the_training(self, clerk, org, officer):
        attendance = AttendanceFactory(training=TrainingFactory(organization=org, hours=8), officer=officer)
        response = clerk.post(reverse("enforcement:attendance_edit", args=[attendance.pk]), {"hours": "9"})
        assert "个人学时不能超过培训学时" in response.content.decode()
        attendance.refresh_from_db()
        assert attendance.hours == 8

    def test_exam_result_entry(self, clerk, clerk_user, officer):
        data = {"title": "2024年换证考试", "kind": "renewal", "exam_on": "2024-03-01", "score": "86", "passed": "on"}
        response = clerk.post(reverse("enforcement:exam_add", args=[officer.pk]), data)
        assert response.status_code == 302
        exam = Exam.objects.get(officer=officer)
        assert exam.passed and exam.score == 86
        assert AuditLog.objects.filter(action="create", model_label="enforcement.Exam", user=clerk_user).exists()

    def test_exam_score_out_of_range_saves_nothing(self, clerk, officer):
        data = {"title": "考试", "kind": "annual", "exam_on": "2024-03-01", "score": "120"}
        response = clerk.post(reverse("enforcement:exam_add", args=[officer.pk]), data)
        assert "100" in response.content.decode()
        assert not Exam.objects.exists()

    def test_category_seed_and_duplicate(self, clerk, org):
        response = clerk.post(reverse("enforcement:category_seed"))
        assert response.status_code == 302
        assert EnforcementCategory.objects.filter(organization=org).count() == 9
        response = clerk.post(reverse("enforcement:category_add"), {"name": "城市管理", "sort_order": 1})
        assert "已有同名执法类别。" in response.content.decode()
        assert EnforcementCategory.objects.filter(organization=org).count() == 9


@pytest.mark.django_db
class TestPersonalData:
    def test_list_and_detail_masked_for_clerk_without_permission(self, clerk, officer):
        masked_id = officer.id_number[:6] + "********" + officer.id_number[-4:]
        for url in (
            reverse("enforcement:officer_list"),
            officer.get_absolute_url(),
            officer.get_absolute_url() + "?show_personal=1",
        ):
            html = clerk.get(url).content.decode()
            assert officer.id_number not in html and masked_id in html
            assert officer.phone not in html and officer.phone[:3] + "****" + officer.phone[-4:] in html
        assert not AuditLog.objects.filter(action="view_personal").exists()

    def test_permitted_user_reveals_on_request_and_it_is_audited(self, pii_clerk, pii_clerk_user, officer):
        assert officer.id_number not in pii_clerk.get(officer.get_absolute_url()).content.decode()
        html = pii_clerk.get(officer.get_absolute_url() + "?show_personal=1").content.decode()
        assert officer.id_number in html and officer.phone in html
        entry = AuditLog.objects.get(action="view_personal")
        assert entry.user == pii_clerk_user and entry.object_id == str(officer.pk)
        # the list never shows full values
        assert officer.id_number not in pii_clerk.get(reverse("enforcement:officer_list")).content.decode()

    def _export_rows(self, client, query=""):
        from io import BytesIO

        from openpyxl import load_workbook

        response = client.get(reverse("enforcement:officer_export") + query)
        assert response.status_code == 200
        return list(
            load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
        )  # row 1: title

    def test_export_masked_without_permission(self, clerk, certificate):
        officer = certificate.officer
        rows = self._export_rows(clerk, "?show_personal=1")
        assert rows[0][:4] == ("姓名", "性别", "身份证号", "联系电话")
        assert rows[1][2] == officer.id_number[:6] + "********" + officer.id_number[-4:]
        assert rows[1][9] == certificate.number
        entry = AuditLog.objects.get(action="export")
        assert entry.row_count == 1 and "完整" not in entry.detail

    def test_export_unmasked_with_permission_and_request(self, pii_clerk, officer):
        assert self._export_rows(pii_clerk)[1][2] != officer.id_number
        assert self._export_rows(pii_clerk, "?show_personal=1")[1][2] == officer.id_number
        assert AuditLog.objects.filter(action="export", detail__contains="含完整个人信息").count() == 1

    def test_export_follows_the_filters(self, clerk, org, department, certificate):
        OfficerFactory(organization=org, department=department, name="无证人员")
        names = [r[0] for r in self._export_rows(clerk, "?cert_status=invalid")[1:]]
        assert names == ["无证人员"]


@pytest.mark.django_db
class TestListQueries:
    def _populate(self, org, department, urban, n, start):
        for i in range(start, start + n):
            officer = OfficerFactory(organization=org, department=department, id_number=make_id_number(500 + i))
            CertificateFactory(officer=officer, categories=[urban], expires_on=TODAY + datetime.timedelta(days=100))
            ExamFactory(officer=officer)
            AttendanceFactory(training=TrainingFactory(organization=org), officer=officer)

    @pytest.mark.parametrize(
        "name, query",
        [
            ("officer_list", ""),
            ("officer_list", "?cert_status=expiring&hours=below&q=执法"),
            ("certificate_list", ""),
            ("training_list", "?year=2023"),
            ("exam_list", ""),
        ],
    )
    def test_query_count_is_pinned_and_does_not_grow(self, leader, org, department, urban, name, query):
        url = reverse(f"enforcement:{name}") + query
        self._populate(org, department, urban, 2, 0)
        leader.get(url)  # a ?year= is kept in the session: written once, on the first visit
        few, _ = count_queries(leader, url)
        self._populate(org, department, urban, 30, 2)
        many, sql = count_queries(leader, url)
        # session, user, group perms, user perms, count, page, prefetches (≤ 2), filter-form
        # choices (departments, categories), the user's groups in the header
        assert few == many <= 11, "\n".join(sql)


@pytest.mark.django_db
def test_lowering_training_hours_caps_attendees(clerk, org, officer):
    training = TrainingFactory(organization=org, hours=24)
    AttendanceFactory(training=training, officer=officer)
    data = {"title": training.title, "start_on": "2023-05-10", "hours": "8", "attendees": [officer.pk]}
    assert clerk.post(reverse("enforcement:training_edit", args=[training.pk]), data).status_code == 302
    assert list(training.attendances.values_list("hours", flat=True)) == [8]
