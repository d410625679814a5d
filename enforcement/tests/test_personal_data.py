"""Personal data of officers in the edit form and in the list's search (issue #16, items 2 and 3).

The edit form shows 身份证号 and 电话 masked; the mask posted back keeps the stored value;
a reveal is for users with 个人信息查看 and audited. The list searches 身份证号 only for
those users: for anyone else a right and a wrong guess get the same answer.
"""

import pytest
from django.urls import reverse

from core.masking import mask_id_number, mask_phone
from core.models import AuditLog
from core.personal_data import MASK_EDITED, PERSONAL_SEARCH_REFUSED
from core.testing import unchanged_post
from enforcement.models import Officer
from enforcement.tests.factories import OfficerFactory, make_id_number

pytestmark = pytest.mark.django_db


def edit_url(officer):
    return reverse("enforcement:officer_edit", args=[officer.pk])


class TestOfficerForm:
    def test_clerk_gets_masks_not_values(self, clerk, officer):
        html = clerk.get(edit_url(officer)).content.decode()
        assert officer.id_number not in html and f'value="{mask_id_number(officer.id_number)}"' in html
        assert officer.phone not in html and f'value="{mask_phone(officer.phone)}"' in html
        assert "显示完整个人信息" not in html  # no reveal link without the permission
        # asking for the reveal changes nothing for a user without the permission
        assert officer.id_number not in clerk.get(edit_url(officer) + "?show_personal=1").content.decode()
        assert not AuditLog.objects.filter(action="view_personal").exists()

    def test_unchanged_masks_keep_the_stored_values(self, clerk, officer):
        stored = (officer.id_number, officer.phone)
        data = unchanged_post(clerk.get(edit_url(officer)))
        assert data["id_number"] == mask_id_number(officer.id_number)
        data["position"] = "副大队长"
        response = clerk.post(edit_url(officer), data)
        assert response.status_code == 302
        officer.refresh_from_db()
        assert (officer.id_number, officer.phone) == stored and officer.position == "副大队长"
        entry = AuditLog.objects.get(action="update", model_label="enforcement.Officer")
        assert entry.changed_fields == ["职务"]

    def test_a_new_value_replaces_the_stored_one(self, clerk, officer):
        data = unchanged_post(clerk.get(edit_url(officer)))
        data.update(id_number=make_id_number(250), phone="13700002222")
        assert clerk.post(edit_url(officer), data).status_code == 302
        officer.refresh_from_db()
        assert officer.id_number == make_id_number(250) and officer.phone == "13700002222"

    def test_a_mask_with_some_digits_changed_is_refused(self, clerk, officer):
        data = unchanged_post(clerk.get(edit_url(officer)))
        last = data["phone"][-1]
        data["phone"] = data["phone"][:-1] + ("1" if last == "0" else "0")  # a visible digit changed
        response = clerk.post(edit_url(officer), data)
        assert response.status_code == 200 and MASK_EDITED in response.content.decode()
        assert Officer.objects.get(pk=officer.pk).phone == officer.phone

    def test_a_new_value_is_still_validated(self, clerk, officer):
        data = unchanged_post(clerk.get(edit_url(officer)))
        data["id_number"] = "500104199001011234"  # wrong check digit
        response = clerk.post(edit_url(officer), data)
        assert response.status_code == 200
        assert Officer.objects.get(pk=officer.pk).id_number == officer.id_number

    def test_permitted_user_reveals_on_request_and_it_is_audited(self, pii_clerk, pii_clerk_user, officer):
        html = pii_clerk.get(edit_url(officer)).content.decode()
        assert officer.id_number not in html and "显示完整个人信息" in html
        assert not AuditLog.objects.filter(action="view_personal").exists()
        response = pii_clerk.get(edit_url(officer) + "?show_personal=1")
        html = response.content.decode()
        assert f'value="{officer.id_number}"' in html and f'value="{officer.phone}"' in html
        entry = AuditLog.objects.get(action="view_personal")
        assert entry.user == pii_clerk_user and entry.object_id == str(officer.pk)
        # the revealed form posted back as it is keeps the values too
        stored = officer.id_number
        assert pii_clerk.post(edit_url(officer), unchanged_post(response)).status_code == 302
        officer.refresh_from_db()
        assert officer.id_number == stored


class TestOfficerSearch:
    def rows(self, client, q):
        response = client.get(reverse("enforcement:officer_list"), {"q": q})
        assert response.status_code == 200
        return [o.pk for o in response.context["object_list"]], response.content.decode()

    def test_clerk_cannot_test_a_guessed_id_number(self, clerk, officer):
        wrong = make_id_number(251)
        right_rows, right_html = self.rows(clerk, officer.id_number)
        wrong_rows, wrong_html = self.rows(clerk, wrong)
        assert right_rows == wrong_rows == []
        assert PERSONAL_SEARCH_REFUSED in right_html and PERSONAL_SEARCH_REFUSED in wrong_html
        # partial numbers and phones neither
        assert self.rows(clerk, officer.id_number[6:14])[0] == []
        assert self.rows(clerk, officer.phone)[0] == []

    def test_the_export_does_not_answer_either(self, clerk, officer):
        response = clerk.get(reverse("enforcement:officer_export"), {"q": officer.id_number})
        from io import BytesIO

        from openpyxl import load_workbook

        rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
        assert len(rows) == 1  # the header only (row 1 is the 台账 title)

    def test_clerk_still_searches_names_and_certificate_numbers(self, clerk, certificate):
        officer = certificate.officer
        rows, html = self.rows(clerk, officer.name)
        assert rows == [officer.pk] and PERSONAL_SEARCH_REFUSED not in html
        assert self.rows(clerk, certificate.number)[0] == [officer.pk]

    def test_permitted_user_searches_by_id_number(self, pii_clerk, officer, org, department):
        OfficerFactory(organization=org, department=department)
        rows, html = self.rows(pii_clerk, officer.id_number)
        assert rows == [officer.pk] and PERSONAL_SEARCH_REFUSED not in html
        assert self.rows(pii_clerk, make_id_number(251))[0] == []


class TestDuplicateIdOracle:
    """ "本单位已登记该身份证号" confirms a guess: rationed and audited (core/personal_data.py)."""

    def _add(self, client, id_number, department):
        return client.post(
            reverse("enforcement:officer_add"),
            {
                "name": "试探",
                "gender": "M",
                "id_number": id_number,
                "department": department.pk,
                "employment_status": "active",
            },
        )

    def test_each_refusal_is_audited_and_the_sixth_attempt_says_nothing(self, clerk, officer, other_department):
        from core.personal_data import DUPLICATE_DAILY_LIMIT, DUPLICATE_LIMIT_REACHED

        for _ in range(DUPLICATE_DAILY_LIMIT):
            response = self._add(clerk, officer.id_number, other_department)
            assert "本单位已登记该身份证号" in response.content.decode()
        entries = AuditLog.objects.filter(detail__startswith="身份证号与已登记记录重复", username="clerk")
        assert entries.count() == DUPLICATE_DAILY_LIMIT
        assert all(officer.id_number not in e.detail for e in entries)
        # Past the limit, the right and a wrong guess get the same answer.
        right = self._add(clerk, officer.id_number, other_department).content.decode()
        wrong = self._add(clerk, make_id_number(333), other_department).content.decode()
        assert DUPLICATE_LIMIT_REACHED in right and DUPLICATE_LIMIT_REACHED in wrong
        assert "本单位已登记该身份证号" not in right
        assert Officer.objects.filter(name="试探").count() == 0

    def test_a_user_who_may_see_personal_data_is_not_rationed(self, pii_clerk, officer, other_department):
        from core.personal_data import DUPLICATE_DAILY_LIMIT

        for _ in range(DUPLICATE_DAILY_LIMIT + 1):
            response = self._add(pii_clerk, officer.id_number, other_department)
            assert "本单位已登记该身份证号" in response.content.decode()
