"""The dashboard and the alert pages: who may see what, and that every number
on a tile is the registry's number with the registry's link."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import CommunityFactory, GridFactory
from core.figures import FigureDef, FigureValue, registry
from dashboard.tests.conftest import demo_values
from dashboard.tests.helpers import alert_titles, page, role, text, tile
from dashboard.tiles import GROUPS, format_value

URL = reverse("dashboard:index")
ALERTS = reverse("dashboard:alert_list")
HOME = reverse("core:home")


def login_url(url: str) -> str:
    return f"{reverse(settings.LOGIN_URL)}?next={url}"


@pytest.mark.django_db
class TestPermissions:
    def test_anonymous_is_sent_to_login(self, client):
        for url in (URL, ALERTS, HOME):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"] == login_url(url)

    def test_clerk_may_not_open_the_leaders_dashboard(self, clerk, fake_figures):
        assert clerk.get(URL).status_code == 403

    def test_clerk_lands_on_home_with_alerts_and_may_open_the_alert_list(self, clerk):
        response = clerk.get(HOME)
        assert response.status_code == 200
        assert "提醒事项" in response.content.decode()
        assert clerk.get(ALERTS).status_code == 200

    def test_leader_and_admin_see_the_dashboard(self, leader, town_admin, fake_figures):
        assert leader.get(URL).status_code == 200
        assert town_admin.get(URL).status_code == 200

    def test_leader_lands_on_the_dashboard(self, leader):
        response = leader.get(HOME)
        assert response.status_code == 302
        assert response["Location"] == URL

    def test_roles_hold_the_permission(self, leader_user, admin_user_town, clerk_user):
        assert leader_user.has_perm("dashboard.view_dashboard")
        assert admin_user_town.has_perm("dashboard.view_dashboard")
        assert not clerk_user.has_perm("dashboard.view_dashboard")

    def test_nav_shows_the_dashboard_to_leaders_only(self, leader, clerk):
        assert f'href="{URL}"' in leader.get(URL).content.decode()
        assert f'href="{URL}"' not in clerk.get(HOME).content.decode()

    def test_other_town_sees_only_its_own_figures(self, other_town, other_town_user, org, fake_figures, today):
        fake_figures.set(org, today.year, 调解纠纷数=788)
        fake_figures.set(other_town_user.organization, today.year, 调解纠纷数=41)
        doc = page(other_town.get(URL))
        assert text(role(tile(doc, "调解纠纷数"), "value")) == "41"
        asked = {org_pk for _, org_pk, _ in fake_figures.calls}
        assert asked == {other_town_user.organization.pk}


@pytest.mark.django_db
class TestTiles:
    YEAR = 2023

    @pytest.fixture
    def demo(self, org, fake_figures):
        demo_values(fake_figures, org, self.YEAR)
        demo_values(fake_figures, org, self.YEAR - 1)
        fake_figures.set(org, self.YEAR - 1, 调解纠纷数=742, 调解成功率=FigureValue.rate(726, 742))
        return fake_figures

    def test_each_tile_shows_the_registry_value_and_links_to_the_figures_list(self, leader, org, demo):
        doc = page(leader.get(f"{URL}?year={self.YEAR}"))
        figures = registry.compute(org, self.YEAR)
        keys = [spec.key for group in GROUPS for spec in group.tiles]
        assert len(keys) == 16
        for key in keys:
            element = tile(doc, key)
            value = role(element, "value")
            assert text(value) == format_value(figures[key]), key
            assert value.get("href") == figures[key].url, key
            assert urlencode({"year": self.YEAR, "figure": key}) in value.get("href")

    def test_the_demo_values_read_as_in_the_seed_report(self, leader, demo):
        doc = page(leader.get(f"{URL}?year={self.YEAR}"))
        assert text(role(tile(doc, "持证人数"), "value")) == "11"
        assert text(role(tile(doc, "行政复议案件数"), "value")) == "3"
        assert text(role(tile(doc, "行政应诉案件数"), "value")) == "6"
        assert text(role(tile(doc, "复议按期答复率"), "value")) == "100%"
        assert text(role(tile(doc, "调解纠纷数"), "value")) == "788"
        assert text(role(tile(doc, "调解成功率"), "value")) == "98.35%"
        assert text(role(tile(doc, "法律明白人数"), "value")) == "48"

    def test_a_rate_shows_numerator_and_denominator_each_linking_to_its_records(self, leader, org, demo):
        doc = page(leader.get(f"{URL}?year={self.YEAR}"))
        figures = registry.compute(org, self.YEAR)
        rate = tile(doc, "调解成功率")
        assert text(role(rate, "numerator")) == "775"
        assert text(role(rate, "denominator")) == "788"
        assert role(rate, "numerator").get("href") == figures["调解成功率分子"].url
        assert role(rate, "denominator").get("href") == figures["调解成功率分母"].url
        # Without a figure of its own, a part links to the rate's list.
        reply = tile(doc, "复议按期答复率")
        assert text(role(reply, "numerator")) == "3" and text(role(reply, "denominator")) == "3"
        assert role(reply, "numerator").get("href") == figures["复议按期答复率"].url

    def test_goals_show_completed_of_total(self, leader, org, demo):
        doc = page(leader.get(f"{URL}?year={self.YEAR}"))
        goals = tile(doc, "已完成目标数")
        assert text(role(goals, "value")) == "12"
        assert text(role(goals, "of")) == "15"
        assert role(goals, "of").get("href") == registry.compute(org, self.YEAR)["目标任务数"].url

    def test_comparison_with_the_previous_year(self, leader, demo):
        doc = page(leader.get(f"{URL}?year={self.YEAR}"))
        disputes = text(tile(doc, "调解纠纷数"))
        assert "2022年 742" in disputes and "+46（+6.2%）" in disputes
        rate = text(tile(doc, "调解成功率"))
        assert "2022年 97.84%" in rate and "+0.51 个百分点" in rate
        assert "与上年持平" in text(tile(doc, "复议按期答复率"))

    def test_good_and_bad_changes_are_coloured_by_meaning(self, leader, org, demo):
        demo.set(org, self.YEAR - 1, 败诉率=FigureValue.rate(0, 4), 超期未结纠纷数=5)
        demo.set(org, self.YEAR, 败诉率=FigureValue.rate(1, 5), 超期未结纠纷数=2)
        doc = page(leader.get(f"{URL}?year={self.YEAR}"))
        assert "dash-tone-bad" in tile(doc, "败诉率").xpath('.//div[contains(@class,"dash-tile-delta")]')[0].get(
            "class"
        )
        overdue = tile(doc, "超期未结纠纷数")
        assert "dash-tone-good" in overdue.xpath('.//div[contains(@class,"dash-tile-delta")]')[0].get("class")
        assert "dash-tile-warn" in overdue.get("class")

    def test_keys_not_registered_yet_show_a_dash(self, leader, org):
        from dashboard.tests.conftest import FakeFigures

        fake = FakeFigures()
        fake.install(apps=["disputes"])
        fake.set(org, self.YEAR, 调解纠纷数=788)
        doc = page(leader.get(f"{URL}?year={self.YEAR}"))
        assert text(role(tile(doc, "调解纠纷数"), "value")) == "788"
        missing = tile(doc, "持证人数")
        assert text(role(missing, "value")) == "—"
        assert role(missing, "value").get("href") is None
        assert "尚未接入" in text(missing)
        assert "模块尚未上线" in text(doc)

    def test_nothing_registered_still_renders(self, leader):
        response = leader.get(URL)
        assert response.status_code == 200
        assert "各业务模块尚未发布统计指标" in response.content.decode()

    def test_the_tiles_follow_a_record_change(self, leader, org, demo):
        assert text(role(tile(page(leader.get(f"{URL}?year={self.YEAR}")), "持证人数"), "value")) == "11"
        demo.set(org, self.YEAR, 持证人数=12)
        # The figures were cached; a saved record of the town replaces its version token.
        from core import figure_cache

        figure_cache.bump(org.pk)
        assert text(role(tile(page(leader.get(f"{URL}?year={self.YEAR}")), "持证人数"), "value")) == "12"


@pytest.mark.django_db
class TestYearSelector:
    def test_default_is_this_year_compared_with_last(self, leader, fake_figures, today):
        response = leader.get(URL)
        assert response.context["year"] == today.year
        assert {year for _, _, year in fake_figures.calls} == {today.year, today.year - 1}
        assert f'<option value="{today.year}" selected>' in response.content.decode()

    def test_a_chosen_year_is_compared_with_the_year_before(self, leader, fake_figures):
        response = leader.get(f"{URL}?year=2023")
        assert response.context["year"] == 2023
        assert {year for _, _, year in fake_figures.calls} == {2023, 2022}
        assert "2023年法治政府建设数据看板" in response.content.decode()

    @pytest.mark.parametrize("raw", ["abc", "1989", "3000", ""])
    def test_a_year_out_of_range_falls_back_to_the_session_year(self, leader, fake_figures, today, raw):
        assert leader.get(f"{URL}?year={raw}").context["year"] == today.year


@pytest.mark.django_db
def test_a_tile_link_leads_to_a_list_whose_count_equals_the_tile(leader, org):
    """The mechanism end to end with a real list: a figure counting the grids of a
    community links to the grid list filtered to that community."""
    community = CommunityFactory(organization=org, name="双山社区")
    other = CommunityFactory(organization=org, name="八桥社区")
    for i in range(7):
        GridFactory(community=community, name=f"第{i + 1}网格")
    GridFactory(community=other, name="第1网格")

    from accounts.models import Grid

    def compute(organization, year):
        count = Grid.objects.filter(organization=organization, community=community).count()
        return {"法律明白人数": FigureValue(count, url=f"{reverse('accounts:grid_list')}?community={community.pk}")}

    registry.register("publicity", [FigureDef("法律明白人数", "法律明白人数", "人")], compute)
    doc = page(leader.get(URL))
    value = role(tile(doc, "法律明白人数"), "value")
    assert text(value) == "7"
    listing = leader.get(value.get("href"))
    assert listing.status_code == 200
    assert listing.context["paginator"].count == 7


@pytest.mark.django_db
class TestCharts:
    def test_charts_are_inline_svg_without_script_or_external_reference(self, leader, org, fake_figures):
        demo_values(fake_figures, org, 2023)
        body = leader.get(f"{URL}?year=2023").content.decode()
        assert body.count("<svg") == 5  # monthly, categories, communities, certificates, goals
        doc = page(leader.get(f"{URL}?year=2023"))
        scripts = doc.xpath("//script")
        assert scripts and all(s.get("src", "").startswith("/static/") for s in scripts)
        for svg in doc.xpath('//*[local-name()="svg"]'):
            for element in svg.iter():
                for name, value in element.attrib.items():
                    if name.endswith("href") or name == "src":
                        assert not value.startswith(("http", "//")), value

    def test_chart_labels_are_escaped(self, leader, org, fake_figures):
        fake_figures.set(
            org, 2023, 纠纷类别分布=FigureValue(1, breakdown={"<script>alert(1)</script>": 1}), 调解纠纷数=1
        )
        body = leader.get(f"{URL}?year=2023").content.decode()
        assert "<script>alert(1)" not in body
        assert "&lt;script&gt;alert(1)" in body

    def test_the_success_rate_chart_appears_only_with_its_breakdown(self, leader, org, fake_figures, today):
        fake_figures.set(org, today.year, 调解成功率=FigureValue.rate(9, 10))
        assert "调解成功率月度走势" not in leader.get(URL).content.decode()
        fake_figures.set(
            org,
            today.year,
            调解成功率=FigureValue.rate(9, 10, breakdown={"1月": {"numerator": 4, "denominator": 5}, "2月": 100}),
        )
        assert "调解成功率月度走势" in leader.get(URL).content.decode()

    def test_a_chart_without_its_figures_says_so(self, leader):
        from dashboard.tests.conftest import FakeFigures

        FakeFigures().install(apps=["goals"])
        body = leader.get(URL).content.decode()
        assert "纠纷受理月度对比" in body
        assert "该图表的数据尚未接入" in body


@pytest.mark.django_db
class TestAlerts:
    def test_alerts_appear_and_disappear_with_the_providers_output(self, leader, clerk, org, fake_alerts, today):
        fake_alerts.add(org, level="danger", category="执法证", title="刘建国的执法证已过期", due_date=today)
        assert "刘建国的执法证已过期" in alert_titles(page(leader.get(URL)))
        assert "刘建国的执法证已过期" in alert_titles(page(clerk.get(HOME)))
        fake_alerts.clear()
        assert "刘建国的执法证已过期" not in alert_titles(page(leader.get(URL)))
        assert "刘建国的执法证已过期" not in alert_titles(page(clerk.get(HOME)))

    def test_most_urgent_first(self, leader, org, fake_alerts, today):
        day = datetime.timedelta(days=1)
        fake_alerts.add(org, level="info", title="回访", due_date=today)
        fake_alerts.add(org, level="warning", title="临期晚", due_date=today + 5 * day)
        fake_alerts.add(org, level="danger", title="逾期", due_date=today - day)
        fake_alerts.add(org, level="warning", title="临期早", due_date=today + 2 * day)
        titles = [t for t in alert_titles(page(leader.get(URL))) if t in {"回访", "临期晚", "逾期", "临期早"}]
        assert titles == ["逾期", "临期早", "临期晚", "回访"]

    def test_leader_sees_the_town_clerk_their_department(
        self, leader, clerk, clerk_other_dept, org, department, other_department, fake_alerts
    ):
        fake_alerts.add(org, title="司法所的提醒", department_id=department.pk)
        fake_alerts.add(org, title="执法大队的提醒", department_id=other_department.pk)
        fake_alerts.add(org, title="全镇的提醒", department_id=None)
        assert {"司法所的提醒", "执法大队的提醒", "全镇的提醒"} <= set(alert_titles(page(leader.get(URL))))
        mine = set(alert_titles(page(clerk.get(HOME))))
        assert {"司法所的提醒", "全镇的提醒"} <= mine and "执法大队的提醒" not in mine
        theirs = set(alert_titles(page(clerk_other_dept.get(ALERTS))))
        assert {"执法大队的提醒", "全镇的提醒"} <= theirs and "司法所的提醒" not in theirs

    def test_leader_sees_which_department_an_alert_is_for(self, leader, org, department, fake_alerts):
        fake_alerts.add(org, title="司法所的提醒", department_id=department.pk)
        assert "司法所" in text(page(leader.get(URL)).xpath('//li[contains(@class,"dash-alert ")]')[0])

    def test_other_towns_alerts_stay_there(self, other_town, org, fake_alerts):
        fake_alerts.add(org, title="八桥镇的提醒")
        assert "八桥镇的提醒" not in alert_titles(page(other_town.get(ALERTS)))

    def test_the_panel_shows_the_most_urgent_few_and_links_to_all(self, leader, org, fake_alerts, today):
        for i in range(20):
            fake_alerts.add(org, level="warning", title=f"提醒{i:02d}", due_date=today + datetime.timedelta(days=i))
        doc = page(leader.get(URL))
        assert len(alert_titles(doc)) == 8
        assert "查看全部" in text(doc) and str(len(fake_alerts.alerts)) in text(doc)
        listing = page(leader.get(ALERTS))
        assert sum(1 for t in alert_titles(listing) if t.startswith("提醒")) == 20

    def test_the_alert_list_filters_by_level_and_category(self, leader, org, fake_alerts, today):
        fake_alerts.add(org, level="danger", category="执法证", title="过期证件")
        fake_alerts.add(org, level="warning", category="复议答复", title="答复临期")
        assert alert_titles(page(leader.get(f"{ALERTS}?level=danger"))) == ["过期证件"]
        assert alert_titles(page(leader.get(f"{ALERTS}?category=复议答复"))) == ["答复临期"]

    def test_an_unknown_level_or_category_shows_every_alert(self, leader, org, fake_alerts, today):
        fake_alerts.add(org, level="danger", category="执法证", title="过期证件")
        every = alert_titles(page(leader.get(ALERTS)))
        assert "过期证件" in every
        for query in ("level=x", "category=" + "x" * 5000, "level=%00"):
            response = leader.get(f"{ALERTS}?{query}")
            assert response.status_code == 200
            assert alert_titles(page(response)) == every
            assert "x" * 100 not in response.content.decode()  # nothing typed is echoed back

    def test_due_dates_read_in_days(self, leader, org, fake_alerts, today):
        fake_alerts.add(org, level="danger", title="逾期三天", due_date=today - datetime.timedelta(days=3))
        fake_alerts.add(org, level="warning", title="还有两天", due_date=today + datetime.timedelta(days=2))
        body = text(page(leader.get(URL)))
        assert "已逾期3天" in body and "还剩2天" in body

    def test_the_annual_report_deadline_shows_in_the_first_quarter(self, leader, clerk, monkeypatch):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2024, 3, 20))
        expected = "2023年法治政府建设年度报告须于2024年3月31日前公开"
        assert expected in alert_titles(page(leader.get(URL)))
        assert expected in alert_titles(page(clerk.get(HOME)))
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2024, 6, 1))
        assert not [t for t in alert_titles(page(leader.get(URL))) if "年度报告" in t]

    def test_the_reports_apps_own_alert_replaces_the_date_only_one(self, leader, org, fake_alerts, monkeypatch):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2024, 3, 20))
        fake_alerts.add(org, level="info", category="年度报告", title="2023年度报告已发布")
        titles = alert_titles(page(leader.get(URL)))
        assert "2023年度报告已发布" in titles
        assert not [t for t in titles if "须于" in t]

    def test_a_published_and_released_report_raises_no_deadline_alert(self, leader, clerk, org, monkeypatch):
        # With the reports app answering, its word stands: the date-only "须于…公开" stand-in
        # must not come back because a published report raises nothing.
        from core.alerts import alert_registry
        from reports.alerts import report_alerts
        from reports.choices import ReportStatus
        from reports.tests.factories import AnnualReportFactory

        alert_registry.register("reports", report_alerts)
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 3, 20))
        report = AnnualReportFactory(organization=org, year=2025)
        titles = alert_titles(page(leader.get(URL)))
        assert "2025年法治政府建设年度报告尚未发布（起草）" in titles
        # Published, sent to the district and released to the public: nothing left to chase.
        report.status = ReportStatus.PUBLISHED
        report.sent_to_district_on = datetime.date(2026, 2, 27)
        report.publicly_released_on = datetime.date(2026, 3, 2)
        report.save()
        for response in (leader.get(URL), clerk.get(HOME)):
            assert not [t for t in alert_titles(page(response)) if "年度报告" in t]

    def test_the_dashboard_shows_the_chosen_years_report_deadline(self, leader, fake_figures):
        assert "须于2024年3月31日前向社会公开" in text(page(leader.get(f"{URL}?year=2023")))


@pytest.mark.django_db
def test_a_superuser_without_a_town_stays_on_home(client):
    from accounts.tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True, organization=None, department=None)
    client.force_login(root)
    response = client.get(HOME)
    assert response.status_code == 200
    assert "alert-panel-title" not in response.content.decode()


@pytest.mark.django_db
def test_home_offers_the_alert_list_among_the_quick_links(clerk):
    assert f'href="{ALERTS}"' in clerk.get(HOME).content.decode()
