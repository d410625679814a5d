"""Every 网格 select of the portal (core.grids): grouped by 村（社区）, 第2网格 before 第10网格 —
the intake form did so first (issue 19); the ledgers' filters and the grid-work form listed
八桥社区·第10网格 before 八桥社区·第2网格."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.tests.factories import CommunityFactory, GridFactory

PAGES = ["disputes:dispute_add", "disputes:dispute_list", "publicity:entry_list", "publicity:entry_add"]


@pytest.fixture
def grids(org):
    shuangshan = CommunityFactory(organization=org, name="双山社区")
    baqiao = CommunityFactory(organization=org, name="八桥社区")
    made = {name: GridFactory(community=shuangshan, organization=org, name=name) for name in ("第10网格", "第2网格")}
    made["第1网格"] = GridFactory(community=baqiao, organization=org, name="第1网格")
    return made


def grid_select(html: str) -> str:
    start = html.index('name="grid"')
    return html[start : html.index("</select>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PAGES)
def test_every_grid_select_is_grouped_by_community_in_natural_order(clerk, grids, url_name):
    select = grid_select(clerk.get(reverse(url_name)).content.decode())
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [(label, re.findall(r">(第\d+网格)</option>", options)) for label, options in groups] == [
        ("八桥社区", ["第1网格"]),
        ("双山社区", ["第2网格", "第10网格"]),
    ]


@pytest.mark.django_db
def test_a_grouped_filter_still_selects_and_validates(clerk, grids, other_org):
    url = reverse("disputes:dispute_list")
    picked = grids["第10网格"]
    select = grid_select(clerk.get(url, {"grid": picked.pk}).content.decode())
    assert re.search(rf'<option value="{picked.pk}" selected>第10网格</option>', select)
    elsewhere = GridFactory(organization=other_org, community=CommunityFactory(organization=other_org))
    assert "筛选条件有误" in clerk.get(url, {"grid": elsewhere.pk}).content.decode()


@pytest.mark.django_db
def test_the_grid_list_is_in_natural_order(town_admin, grids):
    html = town_admin.get(reverse("accounts:grid_list")).content.decode()
    assert re.findall(r"第\d+网格", html) == ["第1网格", "第2网格", "第10网格"]
