"""No figure is ever stale (issue 22): a dispute registered (受理登记 service) is on the next page."""

import pytest
from django.utils import timezone

from disputes import services


@pytest.mark.django_db
def test_a_registered_dispute_shows_on_the_next_page(org, community, category, clerk_user, assert_fresh):
    today = timezone.localdate()

    def write():
        services.dispute_register(
            organization=org,
            by=clerk_user,
            fields={"received_on": today, "community": community, "category": category, "summary": "邻里漏水"},
        )

    assert_fresh(org, today.year, "调解纠纷数", write)
