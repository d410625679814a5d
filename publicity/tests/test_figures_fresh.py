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


@pytest.mark.django_db
def test_an_xlsx_import_of_grid_work_shows_on_the_next_page(org, clerk, assert_fresh):
    """A bulk path: 网格月度工作 imported from a spreadsheet."""
    from accounts.tests.factories import GridFactory
    from publicity.tests.test_import import URL, upload

    year = timezone.localdate().year
    community = CommunityFactory(organization=org, name="双山社区")
    GridFactory(community=community, organization=org, name="第1网格")

    def write():
        response = clerk.post(URL, {"file": upload([["双山社区", "第1网格", year, 1, 55, 1, 2, 2, ""]])})
        assert response.status_code == 302, response.content.decode()[-2000:]

    assert_fresh(org, year, "入户走访户数", write)
