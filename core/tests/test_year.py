"""One year context (core.year): picked anywhere, remembered for the session, the default everywhere."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import year as year_context

DASHBOARD = reverse("dashboard:index")


def selected_header_year(response) -> int:
    """The year the header's picker shows as chosen."""
    html = response.content.decode()
    picker = html[html.index('id="portal-year"') :]
    return int(re.search(r'<option value="(\d+)" selected>', picker).group(1))


@pytest.mark.django_db
class TestMemory:
    def test_a_year_picked_on_one_page_is_the_default_on_the_others(self, leader):
        assert leader.get(f"{DASHBOARD}?year=2022").context["year"] == 2022
        # Another page, no ?year=: the header's picker shows the remembered year ...
        assert selected_header_year(leader.get(reverse("dashboard:alert_list"))) == 2022
        # ... and a year picked there is the dashboard's default on the next visit.
        leader.get(reverse("dashboard:alert_list") + "?year=2021")
        assert leader.get(DASHBOARD).context["year"] == 2021

    def test_each_session_has_its_own_year(self, leader, leader_user):
        leader.get(f"{DASHBOARD}?year=2021")
        other = Client()
        other.force_login(leader_user)
        assert other.get(DASHBOARD).context["year"] != 2021

    @pytest.mark.parametrize("raw", ["abc", "3000", "", "9" * 30, "-1"])
    def test_a_bad_year_keeps_the_remembered_one(self, leader, raw):
        leader.get(f"{DASHBOARD}?year=2022")
        assert leader.get(f"{DASHBOARD}?year={raw}").context["year"] == 2022

    def test_the_choices_are_contiguous_and_include_an_old_chosen_year(self, leader):
        this_year = timezone.localdate().year
        response = leader.get(f"{DASHBOARD}?year=2012")
        assert response.context["year"] == 2012
        assert response.context["years"] == list(range(this_year, 2011, -1))
        assert selected_header_year(response) == 2012

    def test_next_year_may_be_picked_and_is_offered(self, leader):
        next_year = timezone.localdate().year + 1
        response = leader.get(f"{DASHBOARD}?year={next_year}")
        assert response.context["years"][0] == next_year

    def test_a_form_page_has_no_header_picker(self, clerk):
        # Reloading a form to switch the year would lose what was typed.
        assert 'id="portal-year"' not in clerk.get(reverse("password_change")).content.decode()


@pytest.mark.django_db(transaction=True)
class TestFreshInstall:
    def test_the_demo_opens_on_2023_and_shows_the_banner(self):
        from accounts.models import User

        call_command("load_demo", "--quiet-logins", verbosity=0)
        client = Client()
        client.force_login(User.objects.get(username="leader"))
        response = client.get(DASHBOARD)
        assert response.context["year"] == 2023
        html = response.content.decode()
        assert "演示数据" in html and 'class="portal-demo-banner"' in html
        assert selected_header_year(client.get(reverse("dashboard:alert_list"))) == 2023
        # The district's users read the demo's towns: their pages say it is demo data too.
        district = Client()
        district.force_login(User.objects.get(username="district"))
        html = district.get(reverse("district:compare"), {"year": 2023}).content.decode()
        assert 'class="portal-demo-banner"' in html and "大渡口区2023年演示数据" in html

    def test_a_town_without_records_opens_on_this_year_without_banner(self, leader):
        response = leader.get(DASHBOARD)
        assert response.context["year"] == timezone.localdate().year
        assert 'class="portal-demo-banner"' not in response.content.decode()


@pytest.mark.django_db
def test_latest_year_is_where_most_ledgers_have_records(org, monkeypatch):
    """A few live records of this year do not make it the default; most ledgers do."""
    monkeypatch.setattr(year_context, "_today", lambda: datetime.date(2026, 5, 1))
    per_model = {"a": {2023, 2026}, "b": {2023, 2024}, "c": {2023}, "d": {2022}}
    monkeypatch.setattr(year_context, "_years_per_ledger", lambda *args: [y for y in per_model.values() if y])
    assert year_context.latest_record_year(org) == 2023
    per_model.update(b={2023, 2026}, c={2026})
    assert year_context.latest_record_year(org) == 2026
    per_model.clear()
    assert year_context.latest_record_year(org) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "context_year"),
    [
        ("indicators:yearly", "year"),
        ("publicity:grid_summary", "year"),
        ("reports:figure_list", "year"),
        ("enforcement:officer_list", "hours_year"),
        ("goals:goal_list", "year"),
    ],
)
def test_year_keyed_pages_open_on_the_year_picked_on_the_dashboard(town_admin, url_name, context_year):
    town_admin.get(DASHBOARD, {"year": 2021})
    response = town_admin.get(reverse(url_name))
    assert response.status_code == 200
    assert response.context[context_year] == 2021
    if "years" in response.context:
        assert 2021 in response.context["years"]


@pytest.mark.django_db
def test_the_carry_over_starts_from_the_picked_year(clerk):
    clerk.get(DASHBOARD, {"year": 2021})
    response = clerk.get(reverse("goals:carry_over"))
    assert response.status_code == 200
    assert response.context["form"].initial["year"] == 2021


@pytest.mark.django_db
def test_the_goal_list_opens_on_the_headers_year_before_any_pick(org, clerk_user):
    """Goals of 2023 and the plans for 2024; disputes and events of 2023: the session starts
    on 2023, and so does the goal list (it used to open on 2024, its latest year, under a
    header showing 2023)."""
    from disputes.tests.factories import DisputeFactory
    from goals.tests.factories import GoalFactory
    from publicity.tests.factories import LegalEducationEventFactory

    GoalFactory(organization=org, year=2023)
    GoalFactory(organization=org, year=2024)
    DisputeFactory(organization=org)
    LegalEducationEventFactory(organization=org)
    client = Client()
    client.force_login(clerk_user)  # the sign-in default is computed now, from these records
    response = client.get(reverse("goals:goal_list"))
    assert response.context["year"] == 2023 == selected_header_year(response)


@pytest.mark.django_db
def test_the_goal_year_tabs_are_contiguous_and_include_the_chosen_year(clerk, org):
    from goals.tests.factories import GoalFactory

    GoalFactory(organization=org, year=2021)
    GoalFactory(organization=org, year=2024)
    assert clerk.get(reverse("goals:goal_list"), {"year": 2023}).context["years"] == [2024, 2023, 2022, 2021]
    assert clerk.get(reverse("goals:goal_list"), {"year": 2019}).context["years"] == [
        2024,
        2023,
        2022,
        2021,
        2020,
        2019,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["goals:goal_add", "publicity:entry_add", "reports:report_add"])
def test_new_records_of_a_year_start_on_the_picked_year(clerk, url_name):
    clerk.get(DASHBOARD, {"year": 2021})
    response = clerk.get(reverse(url_name))
    assert response.status_code == 200
    assert response.context["form"].initial["year"] == 2021
    # A link's own ?year= (the goal list's 新增 of the year it shows) still wins.
    assert clerk.get(reverse(url_name), {"year": 2022}).context["form"].initial["year"] == 2022


@pytest.mark.django_db
def test_a_new_report_does_not_start_on_a_year_that_has_one(clerk, org):
    from reports.models import AnnualReport

    AnnualReport.objects.create(organization=org, year=2021)
    clerk.get(DASHBOARD, {"year": 2021})
    assert clerk.get(reverse("reports:report_add")).context["form"].initial["year"] == timezone.localdate().year - 1
