"""The district's pages cost the same number of queries for 2 towns as for 10.

With the figures cached (as in production after the first view of the day), /district/
reads: session, user, the towns (1), the picker's towns (1), the figure tokens (1), the
reports (1) — each once whatever the number of towns (district/selectors.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Organization
from accounts.tests.factories import OrganizationFactory
from enforcement.tests.factories import OfficerFactory
from reports.tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db


def fill(town):
    OfficerFactory(organization=town)
    AnnualReportFactory(organization=town, year=2023)


def add_towns(district, count):
    for i in range(count):
        fill(OrganizationFactory(name=f"压测镇{i}", parent=district))


def queries(client, url) -> int:
    client.get(url)  # figures computed and cached
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["district:compare", "district:reports", "district:export"])
def test_query_count_does_not_grow_with_the_towns(district_client, district, org, other_org, settings, name):
    settings.FIGURE_CACHE_SECONDS = 3600
    fill(org)
    fill(other_org)
    url = reverse(name) + "?year=2023"
    two = queries(district_client, url)  # 八桥镇 and 跳磴镇
    add_towns(district, 8)
    assert Organization.objects.filter(parent=district).count() == 10
    ten = queries(district_client, url)
    assert ten == two, f"{two} queries for 2 towns, {ten} for 10"
