"""The parties' 证件号码, 电话 and 住址 in the dispute edit page's formset (issue #16, item 2),
and the register's search, which looks in names but never in those fields (item 3)."""

import pytest
from django.urls import reverse

from core.masking import mask_address, mask_id_number, mask_phone
from core.models import AuditLog
from core.personal_data import MASK_EDITED
from core.testing import unchanged_post
from disputes.models import Party

pytestmark = pytest.mark.django_db


def edit_url(party):
    return reverse("disputes:dispute_edit", args=[party.dispute_id])


def values(party):
    fresh = Party.objects.get(pk=party.pk)
    return fresh.id_number, fresh.phone, fresh.address


def test_clerk_gets_masks_not_values(clerk, party):
    html = clerk.get(edit_url(party)).content.decode()
    for value, mask in ((party.id_number, mask_id_number), (party.phone, mask_phone), (party.address, mask_address)):
        assert value not in html and f'value="{mask(value)}"' in html
    assert party.id_number not in clerk.get(edit_url(party) + "?show_personal=1").content.decode()
    assert not AuditLog.objects.filter(action="view_personal").exists()


def test_unchanged_masks_keep_the_stored_values(clerk, party):
    before = values(party)
    data = unchanged_post(clerk.get(edit_url(party)), "form", "formset")
    assert data["parties-0-id_number"] == mask_id_number(party.id_number)
    data["parties-0-name"] = "张君宝"
    response = clerk.post(edit_url(party), data)
    assert response.status_code == 302
    assert values(party) == before and Party.objects.get(pk=party.pk).name == "张君宝"


def test_new_values_replace_the_stored_ones(clerk, party):
    data = unchanged_post(clerk.get(edit_url(party)), "form", "formset")
    data.update({"parties-0-id_number": "110105194912310038", "parties-0-phone": "13900001111"})
    assert clerk.post(edit_url(party), data).status_code == 302
    assert values(party) == ("110105194912310038", "13900001111", party.address)


def test_a_mask_with_some_digits_changed_is_refused(clerk, party):
    data = unchanged_post(clerk.get(edit_url(party)), "form", "formset")
    data["parties-0-id_number"] = data["parties-0-id_number"].replace("1101", "5001")
    response = clerk.post(edit_url(party), data)
    assert response.status_code == 200 and MASK_EDITED in response.content.decode()
    assert values(party)[0] == party.id_number


def test_permitted_user_reveals_on_request_and_it_is_audited(pii_clerk, pii_clerk_user, party):
    assert party.id_number not in pii_clerk.get(edit_url(party)).content.decode()
    html = pii_clerk.get(edit_url(party) + "?show_personal=1").content.decode()
    assert f'value="{party.id_number}"' in html and f'value="{party.phone}"' in html
    entry = AuditLog.objects.get(action="view_personal")
    assert entry.user == pii_clerk_user and entry.object_id == str(party.dispute_id)


def test_the_search_does_not_look_in_id_numbers_or_phones(clerk, party):
    url = reverse("disputes:dispute_list")
    for guess in (party.id_number, "11010519500101002X", party.phone, party.id_number[6:14]):
        response = clerk.get(url, {"q": guess})
        assert response.status_code == 200 and list(response.context["object_list"]) == []
    assert list(clerk.get(url, {"q": party.name}).context["object_list"]) == [party.dispute]
