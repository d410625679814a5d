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


@pytest.mark.django_db
def test_a_party_added_bumps_its_disputes_town(org, other_org, community, category):
    """A child record without a town of its own (当事人) bumps the town of its dispute."""
    from core import figure_cache
    from disputes.tests.factories import DisputeFactory, PartyFactory

    dispute = DisputeFactory(organization=org, community=community, category=category)
    mine, theirs = figure_cache.token(org.pk), figure_cache.token(other_org.pk)
    PartyFactory(dispute=dispute)
    assert figure_cache.token(org.pk) != mine and figure_cache.token(other_org.pk) == theirs
