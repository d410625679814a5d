"""No figure is ever stale (issue 22): a 普法活动 entered through the portal is on the next page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import CommunityFactory
from publicity.tests.test_views import event_data


@pytest.mark.django_db
def test_an_event_entered_shows_on_the_next_page(org, clerk, assert_fresh):
    today = timezone.localdate()
    community = CommunityFactory(organization=org, name="双山社区")

    def write():
        response = clerk.post(reverse("publicity:event_add"), event_data(community, date=today.isoformat()))
        assert response.status_code == 302

    assert_fresh(org, today.year, "普法活动场次", write)
