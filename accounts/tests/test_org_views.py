"""Permission matrix of the organisation pages (the pattern every app's views follow)."""

import pytest
from django.urls import reverse

from accounts.models import Grid
from accounts.tests.factories import CommunityFactory, GridFactory
from core.testing import count_queries


@pytest.fixture
def community(org):
    return CommunityFactory(organization=org, name="双山社区")


@pytest.fixture
def grid(community):
    return GridFactory(community=community, name="第1网格")


@pytest.mark.django_db
class TestGridEdit:
    def url(self, grid):
        return reverse("accounts:grid_edit", args=[grid.pk])

    def test_other_town_gets_404(self, other_town, grid):
        assert other_town.get(self.url(grid)).status_code == 404
        assert other_town.post(self.url(grid), {"name": "x"}).status_code == 404

    def test_leader_gets_403_on_write(self, leader, grid):
        assert leader.get(self.url(grid)).status_code == 403
        assert leader.post(self.url(grid), {"community": grid.community_id, "name": "改"}).status_code == 403
        grid.refresh_from_db()
        assert grid.name == "第1网格"

    def test_clerk_may_read_but_not_edit_the_org(self, clerk, grid):
        assert clerk.get(reverse("accounts:grid_list")).status_code == 200
        assert clerk.get(self.url(grid)).status_code == 403

    def test_admin_edits(self, town_admin, grid):
        response = town_admin.post(
            self.url(grid), {"community": grid.community_id, "name": "第一网格", "keeper": "王网格", "is_active": "on"}
        )
        assert response.status_code == 302
        grid.refresh_from_db()
        assert grid.name == "第一网格"

    def test_foreign_community_is_refused(self, town_admin, grid, other_org):
        foreign = CommunityFactory(organization=other_org, name="外镇社区")
        response = town_admin.post(self.url(grid), {"community": foreign.pk, "name": "第1网格", "is_active": "on"})
        assert response.status_code == 200
        assert "选择一个有效的选项" in response.content.decode()
        grid.refresh_from_db()
        assert grid.community_id != foreign.pk

    def test_duplicate_name_gets_chinese_error_and_saves_nothing(self, town_admin, grid, community):
        before = Grid.objects.count()
        response = town_admin.post(
            reverse("accounts:grid_add"), {"community": community.pk, "name": "第1网格", "is_active": "on"}
        )
        assert response.status_code == 200
        assert "已有同名网格" in response.content.decode()
        assert Grid.objects.count() == before


@pytest.mark.django_db
def test_lists_show_only_own_town(town_admin, grid, other_org):
    GridFactory(community=CommunityFactory(organization=other_org, name="外镇社区"), name="外镇网格")
    html = town_admin.get(reverse("accounts:grid_list")).content.decode()
    assert "第1网格" in html and "外镇网格" not in html


@pytest.mark.django_db
def test_grid_list_query_count_is_pinned_and_does_not_grow(town_admin, community):
    url = reverse("accounts:grid_list")
    GridFactory(community=community, name="网格0")
    few, _ = count_queries(town_admin, url)
    for i in range(1, 40):
        GridFactory(community=community, name=f"网格{i}")
    many, sql = count_queries(town_admin, url)
    # session, user, user's group perms, user perms, count, page (joined community),
    # communities for the filter, the user's groups in the header, session save
    assert few == many <= 11, "\n".join(sql)


@pytest.mark.django_db
def test_two_clerks_editing_the_same_record_do_not_lose_a_change(town_admin, grid):
    url = reverse("accounts:grid_edit", args=[grid.pk])
    page = town_admin.get(url)
    assert 'name="edit_version"' in page.content.decode()
    first = page.context["form"]
    second = town_admin.get(url).context["form"]
    base = {"community": grid.community_id, "is_active": "on"}
    assert (
        town_admin.post(url, {**base, "name": "甲改的", "edit_version": first.initial["edit_version"]}).status_code
        == 302
    )
    response = town_admin.post(url, {**base, "name": "乙改的", "edit_version": second.initial["edit_version"]})
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    grid.refresh_from_db()
    assert grid.name == "甲改的"


@pytest.mark.django_db
def test_duplicate_department_is_a_chinese_form_error_not_a_500(town_admin, department):
    from accounts.models import Department

    before = Department.objects.count()
    response = town_admin.post(reverse("accounts:department_add"), {"name": department.name, "kind": "station"})
    assert response.status_code == 200
    assert "本单位已有同名科室" in response.content.decode()
    assert Department.objects.count() == before
