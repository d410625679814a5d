"""The intake form's parties formset and grid select (issue 19): bad input is refused in
Chinese and nothing is saved; grids come grouped by community and sorted naturally."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import CommunityFactory, GridFactory
from core.grids import natural_key
from core.validators import validate_phone
from disputes.forms import DisputeForm
from disputes.models import Dispute, Party
from disputes.tests.test_views import intake_payload

ADD = reverse("disputes:dispute_add")


@pytest.mark.parametrize(
    "phone", ["13812345678", "199 1234 5678", "023-68812345", "02368812345", "0851-8612345", "023-68812345-801"]
)
def test_mobile_and_landline_numbers_are_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize(
    "phone", ["12812345678", "1381234567", "138123456789", "68812345", "023-0881234", "电话13812345678", "13812345678a"]
)
def test_other_numbers_are_refused_in_chinese(phone):
    with pytest.raises(ValidationError, match="手机号码"):
        validate_phone(phone)


def _refused(response, message: str) -> None:
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Dispute.objects.exists() and not Party.objects.exists()


@pytest.mark.django_db
class TestRefusals:
    def test_no_party(self, clerk, community, grid, category):
        payload = intake_payload(community, category, grid, **{"parties-0-name": "", "parties-0-id_number": ""})
        payload.pop("parties-0-phone"), payload.pop("parties-0-address")
        _refused(clerk.post(ADD, payload), "请至少登记一名当事人")

    def test_only_a_removed_party(self, clerk, community, grid, category):
        # What the 移除 button does to the only filled row.
        payload = intake_payload(community, category, grid, **{"parties-0-DELETE": "on"})
        _refused(clerk.post(ADD, payload), "请至少登记一名当事人")

    @pytest.mark.parametrize("phone", ["1381234567", "68812345", "023-688"])
    def test_bad_phone(self, clerk, community, grid, category, phone):
        payload = intake_payload(community, category, grid, **{"parties-0-phone": phone})
        _refused(clerk.post(ADD, payload), "请填写 11 位手机号码")

    def test_grid_of_another_community(self, clerk, org, community, category):
        elsewhere = GridFactory(community=CommunityFactory(organization=org, name="新桥社区"), organization=org)
        _refused(clerk.post(ADD, intake_payload(community, category, elsewhere)), "所选网格不属于所选村（社区）")

    def test_grid_of_another_town(self, clerk, other_org, community, category):
        far = GridFactory(community=CommunityFactory(organization=other_org, name="外镇社区"), organization=other_org)
        _refused(clerk.post(ADD, intake_payload(community, category, far)), "选择一个有效的选项")

    def test_a_good_intake_still_saves(self, clerk, community, grid, category):
        clerk.post(ADD, intake_payload(community, category, grid))
        assert Party.objects.get().phone == "13812345678"


def test_natural_sort():
    names = ["第10网格", "第2网格", "第1网格", "第21网格", "第3网格"]
    assert sorted(names, key=natural_key) == ["第1网格", "第2网格", "第3网格", "第10网格", "第21网格"]


@pytest.mark.django_db
def test_grids_are_grouped_by_community_and_sorted_naturally(clerk, org, community):
    other = CommunityFactory(organization=org, name="八桥社区")
    for name in ("第10网格", "第2网格", "第1网格"):
        GridFactory(community=community, organization=org, name=name)
    GridFactory(community=other, organization=org, name="第1网格")
    html = clerk.get(ADD).content.decode()
    select = html[html.index('name="grid"') : html.index("</select>", html.index('name="grid"'))]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _ in groups] == ["八桥社区", "双山社区"]
    assert re.findall(r">(第\d+网格)</option>", groups[1][1]) == ["第1网格", "第2网格", "第10网格"]
    assert f'data-community="{community.pk}"' in groups[1][1]
    form = DisputeForm(organization=org)
    assert form.fields["grid"].queryset.count() == 4


@pytest.mark.django_db
def test_every_party_input_has_a_label(clerk):
    html = clerk.get(ADD).content.decode()
    for name in ("role", "kind", "name", "id_number", "phone", "address"):
        assert f'<label class="visually-hidden" for="id_parties-0-{name}">第1位当事人' in html
    # The row 添加当事人 copies carries labels too.
    assert 'for="id_parties-__prefix__-phone">第__number__位当事人' in html
    assert 'size="20"' in html  # the 身份证号 input
