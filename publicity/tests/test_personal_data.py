"""A 法律明白人's 身份证号 and 电话 in the edit form (issue #16, item 2), and the roster's
search, which looks in names only (item 3)."""

import pytest
from django.urls import reverse

from accounts.tests.factories import CommunityFactory
from core.masking import mask_id_number, mask_phone
from core.models import AuditLog
from core.testing import unchanged_post
from publicity.models import LegalLiaison
from publicity.tests.factories import LegalLiaisonFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "500104198001019017"
OTHER_ID_NUMBER = "500104198001019033"  # valid too: another person


@pytest.fixture
def liaison(org):
    community = CommunityFactory(organization=org, name="双山社区")
    return LegalLiaisonFactory(organization=org, community=community, id_number=ID_NUMBER, phone="13900001234")


def edit_url(liaison):
    return reverse("publicity:liaison_edit", args=[liaison.pk])


def stored(liaison):
    fresh = LegalLiaison.objects.get(pk=liaison.pk)
    return fresh.id_number, fresh.phone


def test_clerk_gets_masks_not_values(clerk, liaison):
    html = clerk.get(edit_url(liaison)).content.decode()
    assert ID_NUMBER not in html and f'value="{mask_id_number(ID_NUMBER)}"' in html
    assert "13900001234" not in html and f'value="{mask_phone("13900001234")}"' in html
    assert ID_NUMBER not in clerk.get(edit_url(liaison) + "?show_personal=1").content.decode()
    assert not AuditLog.objects.filter(action="view_personal").exists()


def test_unchanged_masks_keep_the_stored_values(clerk, liaison):
    data = unchanged_post(clerk.get(edit_url(liaison)))
    data["occupation"] = "网格员"
    assert clerk.post(edit_url(liaison), data).status_code == 302
    assert stored(liaison) == (ID_NUMBER, "13900001234")
    assert LegalLiaison.objects.get(pk=liaison.pk).occupation == "网格员"


def test_new_values_replace_the_stored_ones(clerk, liaison):
    data = unchanged_post(clerk.get(edit_url(liaison)))
    data.update(id_number=OTHER_ID_NUMBER, phone="13700002222")
    assert clerk.post(edit_url(liaison), data).status_code == 302
    assert stored(liaison) == (OTHER_ID_NUMBER, "13700002222")


def test_permitted_user_reveals_on_request_and_it_is_audited(pii_clerk, pii_clerk_user, liaison):
    assert ID_NUMBER not in pii_clerk.get(edit_url(liaison)).content.decode()
    html = pii_clerk.get(edit_url(liaison) + "?show_personal=1").content.decode()
    assert f'value="{ID_NUMBER}"' in html and 'value="13900001234"' in html
    entry = AuditLog.objects.get(action="view_personal")
    assert entry.user == pii_clerk_user and entry.object_id == str(liaison.pk)


def test_the_roster_search_does_not_look_in_id_numbers_or_phones(clerk, liaison):
    url = reverse("publicity:liaison_list")
    for guess in (ID_NUMBER, OTHER_ID_NUMBER, "13900001234"):
        response = clerk.get(url, {"q": guess})
        assert response.status_code == 200 and list(response.context["object_list"]) == []


def test_duplicate_id_refusals_are_rationed(clerk, liaison):
    """The unique rule would confirm a guessed number: audited and capped (core/personal_data.py)."""
    from core.personal_data import DUPLICATE_DAILY_LIMIT, DUPLICATE_LIMIT_REACHED

    def add(id_number):
        data = {"name": "试探", "gender": "M", "id_number": id_number, "community": liaison.community_id}
        data.update(status="active", trained_on="2023-03-01")
        return clerk.post(reverse("publicity:liaison_add"), data).content.decode()

    for _ in range(DUPLICATE_DAILY_LIMIT):
        assert "本单位已登记该身份证号" in add(ID_NUMBER)
    right, wrong = add(ID_NUMBER), add(OTHER_ID_NUMBER)
    assert DUPLICATE_LIMIT_REACHED in right and DUPLICATE_LIMIT_REACHED in wrong
    assert not LegalLiaison.objects.filter(name="试探").exists()
