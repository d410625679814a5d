"""The applicant's (复议) and the plaintiff's (应诉) 证件号码, 电话 and 住址 in the edit forms
(issue #16, item 2), and the case lists' search, which does not look in them (item 3)."""

import pytest
from django.urls import reverse

from core.masking import mask_address, mask_id_number, mask_phone
from core.models import AuditLog
from core.testing import unchanged_post

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"
ADDRESS = "重庆市大渡口区八桥镇双山社区88号"

CASES = {
    "reconsideration": ("rcase", "applicant", "litigation:reconsideration_edit", "litigation:reconsideration_list"),
    "litigation": ("lcase", "plaintiff", "litigation:litigation_edit", "litigation:litigation_list"),
}


@pytest.fixture(params=list(CASES))
def case(request):
    """Each kind of case, with a natural person's personal data on file."""
    fixture, party, edit, listing = CASES[request.param]
    case = request.getfixturevalue(fixture)
    values = {f"{party}_id_number": ID_NUMBER, f"{party}_phone": PHONE, f"{party}_address": ADDRESS}
    type(case).objects.filter(pk=case.pk).update(**values)
    case.refresh_from_db()
    case.party, case.edit_url, case.list_url = party, reverse(edit, args=[case.pk]), reverse(listing)
    return case


def stored(case):
    fresh = type(case).objects.get(pk=case.pk)
    return [getattr(fresh, f"{case.party}_{name}") for name in ("id_number", "phone", "address")]


def test_clerk_gets_masks_not_values(clerk, case):
    html = clerk.get(case.edit_url).content.decode()
    for value, mask in ((ID_NUMBER, mask_id_number), (PHONE, mask_phone), (ADDRESS, mask_address)):
        assert value not in html and f'value="{mask(value)}"' in html
    assert ID_NUMBER not in clerk.get(case.edit_url + "?show_personal=1").content.decode()
    assert not AuditLog.objects.filter(action="view_personal").exists()


def test_unchanged_masks_keep_the_stored_values(clerk, case):
    data = unchanged_post(clerk.get(case.edit_url))
    data["notes"] = "已补充材料"
    response = clerk.post(case.edit_url, data)
    assert response.status_code == 302
    assert stored(case) == [ID_NUMBER, PHONE, ADDRESS]
    assert type(case).objects.get(pk=case.pk).notes == "已补充材料"


def test_new_values_replace_the_stored_ones(clerk, case):
    data = unchanged_post(clerk.get(case.edit_url))
    data.update({f"{case.party}_phone": "13900001111", f"{case.party}_address": "重庆市大渡口区跃进村1号"})
    assert clerk.post(case.edit_url, data).status_code == 302
    assert stored(case) == [ID_NUMBER, "13900001111", "重庆市大渡口区跃进村1号"]


def test_permitted_user_reveals_on_request_and_it_is_audited(pii_clerk, pii_clerk_user, case):
    assert ID_NUMBER not in pii_clerk.get(case.edit_url).content.decode()
    html = pii_clerk.get(case.edit_url + "?show_personal=1").content.decode()
    assert f'value="{ID_NUMBER}"' in html and f'value="{PHONE}"' in html and f'value="{ADDRESS}"' in html
    entry = AuditLog.objects.get(action="view_personal")
    assert entry.user == pii_clerk_user and entry.object_id == str(case.pk)


def test_the_list_search_does_not_look_in_id_numbers(clerk, pii_clerk, case):
    for client in (clerk, pii_clerk):
        for guess in (ID_NUMBER, "11010519500101002X"):
            response = client.get(case.list_url, {"q": guess})
            assert response.status_code == 200 and list(response.context["object_list"]) == []
