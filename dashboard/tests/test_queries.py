"""The dashboard's query count is fixed: it does not grow with the records.

The fake providers make one query each, as a real provider makes a few
aggregate queries; one alert provider returns one alert per grid, so the alert
panel is checked at 10 and at 1,000 alerts too.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Community, Grid
from core import figure_cache
from core.testing import count_queries
from dashboard.tests.conftest import APP_KEYS, demo_values

URL = reverse("dashboard:index")
HOME = reverse("core:home")
ALERTS = reverse("dashboard:alert_list")
PROVIDERS = len(APP_KEYS)  # 5 fake apps, one query each

# Every signed-in page: 1 session, 1 user (with organization and department),
# 2 the user's own and group permissions (has_perm, cached for the request),
# 1 the user's groups in the page's user menu. The session is not written: its idle
# timeout is renewed at most once a minute (core.middleware.SessionRenewalMiddleware).
PAGE = 1 + 1 + 2 + 1
# The dashboard adds 1 for the town's figure version (core.figure_cache), 1 for the
# alert provider and 1 for the department names of the panel; the figures and charts of
# this year and last year come from the cache (with the database cache backend of a
# plain deployment, 3 cache reads more: two years' figures and the charts).
WARM_DASHBOARD_QUERIES = PAGE + 1 + 1 + 1
# After a write (a new version): one query per provider and year (2 × 5) more.
DASHBOARD_QUERIES = WARM_DASHBOARD_QUERIES + 2 * PROVIDERS
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
    figure_cache.token(org.pk)  # the town's version row exists, as after its first write
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
@pytest.mark.parametrize("year", ["", "?year=2023"])
def test_this_year_and_a_closed_year_are_served_from_the_cache(leader, org, with_data, year):
    make_grids(org, 10)
    first, _ = count_queries(leader, URL + year)
    second, sql = count_queries(leader, URL + year)
    # A year picked with ?year= is kept in the session: written on the first visit (savepoint,
    # update, release).
    assert first == DASHBOARD_QUERIES + (3 if year else 0)
    # Nothing was written in between: no figure provider is called, this year included.
    assert second == WARM_DASHBOARD_QUERIES, "\n".join(sql)


@pytest.mark.django_db
def test_the_warm_dashboard_of_this_year_queries(leader, org, with_data, django_assert_num_queries):
    make_grids(org, 1000)
    leader.get(URL)
    with django_assert_num_queries(WARM_DASHBOARD_QUERIES):
        # 1 session, 1 user with organization and department, 2 permissions (user's, groups'),
        # 1 core_figureversion: the town's token (the figures and charts of both years are
        #   cache hits under it),
        # 1 the fake alert provider (one per grid, 1,000 alerts),
        # 1 accounts_department: the panel's department names,
        # 1 the user's groups (user menu); no session save (renewed at most once a minute).
        response = leader.get(URL)
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_write_of_the_town_recomputes_and_another_towns_does_not(leader, org, other_org, with_data):
    make_grids(org, 10)
    count_queries(leader, URL)
    figure_cache.bump(other_org.pk)
    unchanged, _ = count_queries(leader, URL)
    figure_cache.bump(org.pk)
    recomputed, _ = count_queries(leader, URL)
    assert (unchanged, recomputed) == (WARM_DASHBOARD_QUERIES, DASHBOARD_QUERIES)
