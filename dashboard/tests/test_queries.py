"""The dashboard's query count is fixed: it does not grow with the records.

The fake providers make one query each, as a real provider makes a few
aggregate queries; one alert provider returns one alert per grid, so the alert
panel is checked at 10 and at 1,000 alerts too.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Community, Grid
from core.testing import count_queries
from dashboard.tests.conftest import APP_KEYS, demo_values

URL = reverse("dashboard:index")
HOME = reverse("core:home")
ALERTS = reverse("dashboard:alert_list")
PROVIDERS = len(APP_KEYS)  # 5 fake apps, one query each

# Every signed-in page: 1 session, 1 user (with organization and department),
# 2 the user's own and group permissions (has_perm, cached for the request),
# 1 the user's groups in the page's user menu, and 3 to save the session (the
# idle timeout refreshes it on every request: savepoint, update, release).
PAGE = 1 + 1 + 2 + 1 + 3
# The dashboard adds one query per provider and year (this year and last year:
# 2 × 5), 1 for the alert provider and 1 for the department names of the panel.
DASHBOARD_QUERIES = PAGE + 2 * PROVIDERS + 1 + 1
# A clerk's home page: the alert provider and the department names.
HOME_QUERIES = PAGE + 1 + 1


def make_grids(org, count: int) -> None:
    community = Community.objects.create(organization=org, name="双山社区")
    Grid.objects.bulk_create([Grid(organization=org, community=community, name=f"第{i}网格") for i in range(count)])


@pytest.fixture
def with_data(org, fake_figures, fake_alerts, today):
    demo_values(fake_figures, org, today.year)
    demo_values(fake_figures, org, today.year - 1)
    fake_alerts.per_grid = True
    return fake_figures


@pytest.mark.django_db
@pytest.mark.parametrize("grids", [10, 1000])
def test_dashboard_queries_are_pinned(leader, org, with_data, grids):
    make_grids(org, grids)
    count, sql = count_queries(leader, URL)
    assert count == DASHBOARD_QUERIES, "\n".join(sql)


@pytest.mark.django_db
@pytest.mark.parametrize("grids", [10, 1000])
def test_clerk_home_queries_are_pinned(clerk, org, with_data, grids):
    make_grids(org, grids)
    count, sql = count_queries(clerk, HOME)
    assert count == HOME_QUERIES, "\n".join(sql)


@pytest.mark.django_db
def test_alert_list_queries_do_not_grow(leader, org, with_data):
    make_grids(org, 10)
    few, _ = count_queries(leader, ALERTS)
    Grid.objects.bulk_create(
        [Grid(organization=org, community=Community.objects.get(), name=f"新{i}网格") for i in range(990)]
    )
    many, sql = count_queries(leader, ALERTS)
    assert few == many, "\n".join(sql)


@pytest.mark.django_db
def test_a_closed_year_is_served_from_the_cache(leader, org, with_data):
    make_grids(org, 10)
    first, _ = count_queries(leader, f"{URL}?year=2023")
    second, sql = count_queries(leader, f"{URL}?year=2023")
    # 2023 and 2022 are both closed: the second view calls no figure provider.
    assert first == DASHBOARD_QUERIES
    assert second == DASHBOARD_QUERIES - 2 * PROVIDERS, "\n".join(sql)
