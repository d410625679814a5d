"""区级查看 reads every record of its own district's towns, and only those; personal data
stays masked unless the user also holds 个人信息查看; town users never reach 区级 pages."""

import pytest
from django.urls import reverse

from enforcement.tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

OFFICERS = reverse("enforcement:officer_list")


@pytest.fixture
def officers(org, other_org, far_town, district):
    return {
        "八桥": OfficerFactory(organization=org, name="八桥执法员"),
        "跳磴": OfficerFactory(organization=other_org, name="跳磴执法员"),
        "杨家坪": OfficerFactory(organization=far_town, name="杨家坪执法员"),
    }


def names(response) -> set[str]:
    assert response.status_code == 200
    return {o.name for o in response.context["object_list"]}


def test_district_user_reads_every_town_of_its_district(district_client, org, other_org, officers):
    assert names(district_client.get(OFFICERS, {"org": org.pk})) == {"八桥执法员"}
    assert names(district_client.get(OFFICERS, {"org": other_org.pk})) == {"跳磴执法员"}
    # A record of any of its towns opens directly, and that town becomes the one read.
    assert district_client.get(officers["八桥"].get_absolute_url()).status_code == 200
    assert names(district_client.get(OFFICERS)) == {"八桥执法员"}
    assert district_client.get(officers["跳磴"].get_absolute_url()).status_code == 200
    assert names(district_client.get(OFFICERS)) == {"跳磴执法员"}


def test_no_town_picked_shows_the_picker_not_a_town(district_client, officers):
    response = district_client.get(OFFICERS, {"org": "all"})
    assert names(response) == set()
    html = response.content.decode()
    assert "请选择镇街" in html and 'name="org"' in html


def test_another_districts_records_are_404(district_client, far_district_client, org, officers):
    assert district_client.get(officers["杨家坪"].get_absolute_url()).status_code == 404
    district_client.get(OFFICERS, {"org": org.pk})
    assert district_client.get(officers["杨家坪"].get_absolute_url()).status_code == 404
    assert names(far_district_client.get(OFFICERS, {"org": officers["杨家坪"].organization_id})) == {"杨家坪执法员"}
    assert far_district_client.get(officers["八桥"].get_absolute_url()).status_code == 404


def test_the_session_keeps_the_picked_town(district_client, org, officers):
    assert names(district_client.get(OFFICERS, {"org": org.pk})) == {"八桥执法员"}
    assert names(district_client.get(OFFICERS)) == {"八桥执法员"}
    assert names(district_client.get(OFFICERS, {"org": "all"})) == set()


def test_another_districts_town_cannot_be_picked(district_client, org, far_town, officers):
    district_client.get(OFFICERS, {"org": org.pk})
    assert district_client.get(OFFICERS, {"org": far_town.pk}).status_code == 404
    # Not kept: the town read before is still the one read.
    assert names(district_client.get(OFFICERS)) == {"八桥执法员"}
    # The district itself, or garbage that is not an id: the whole district, like ?org=all.
    assert names(district_client.get(OFFICERS, {"org": officers["八桥"].organization.parent_id})) == set()
    district_client.get(OFFICERS, {"org": org.pk})
    assert names(district_client.get(OFFICERS, {"org": "'; drop table"})) == set()


def test_town_users_org_parameter_is_ignored(leader, other_org, officers):
    assert names(leader.get(OFFICERS, {"org": other_org.pk})) == {"八桥执法员"}


def test_personal_data_masked_for_district_user(district_client, officers):
    officer = officers["八桥"]
    masked = officer.id_number[:6] + "********" + officer.id_number[-4:]
    for url in (
        f"{OFFICERS}?org={officer.organization_id}",
        officer.get_absolute_url(),
        officer.get_absolute_url() + "?show_personal=1",
    ):
        html = district_client.get(url).content.decode()
        assert officer.id_number not in html and masked in html, url
        assert officer.phone not in html, url


def test_district_user_with_personal_data_role_may_reveal(district_pii_client, officers):
    officer = officers["八桥"]
    html = district_pii_client.get(officer.get_absolute_url() + "?show_personal=1").content.decode()
    assert officer.id_number in html


def test_district_user_cannot_edit(district_client, officers):
    officer = officers["八桥"]
    url = reverse("enforcement:officer_edit", args=[officer.pk])
    assert district_client.get(url).status_code == 403
    assert district_client.post(url, {"name": "改名"}).status_code == 403
    officer.refresh_from_db()
    assert officer.name == "八桥执法员"


@pytest.mark.parametrize("name", ["district:compare", "district:reports", "district:export"])
def test_town_users_never_see_district_pages(leader, town_admin, clerk, name, district):
    for client in (leader, town_admin, clerk):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "无权访问" in response.content.decode()


def test_town_user_given_the_permission_by_mistake_is_still_refused(roles, leader_user, leader, district):
    from accounts.roles import DISTRICT_VIEWER

    leader_user.groups.add(roles[DISTRICT_VIEWER])
    assert leader.get(reverse("district:compare")).status_code == 403


@pytest.mark.parametrize("name", ["district:compare", "district:reports", "district:export"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_nav_link_only_for_district_users(district_client, leader, district):
    compare = reverse("district:compare")
    assert district_client.get(reverse("core:home"))["Location"] == compare
    assert f'href="{compare}"' in district_client.get(reverse("district:reports")).content.decode()
    assert f'href="{compare}"' not in leader.get(reverse("dashboard:index")).content.decode()


def test_other_district_compares_only_its_own_towns(far_district_client, far_town, org):
    rows = far_district_client.get(reverse("district:compare")).context["comparison"].rows
    assert [r.town.name for r in rows] == ["杨家坪街道"]


def test_a_picked_towns_dashboard_and_reports(district_client, district, org, other_org):
    from reports.tests.factories import AnnualReportFactory

    AnnualReportFactory(organization=org, year=2023)
    response = district_client.get(reverse("dashboard:index"), {"year": 2023, "org": org.pk})
    assert response.status_code == 200 and response.context["organization"] == org
    # The report list is the district's own reports, whatever town is picked: the towns'
    # are followed on /district/reports/ (and the list's 新建 button makes the district's).
    assert list(district_client.get(reverse("reports:report_list")).context["object_list"]) == []
    own = AnnualReportFactory(organization=district, year=2023)
    district_client.get(reverse("dashboard:index"), {"org": other_org.pk})
    assert list(district_client.get(reverse("reports:report_list")).context["object_list"]) == [own]
