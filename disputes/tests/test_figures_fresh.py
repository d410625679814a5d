"""No figure is ever stale (issue 22): a dispute registered (受理登记 service) is on the next page."""

import pytest
from django.urls import reverse
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


@pytest.mark.django_db
def test_a_concluded_dispute_leaves_the_alerts(org, community, category, clerk_user, assert_alerts_fresh):
    """The 纠纷超期 alerts are cached with the figures: concluding the dispute clears its alert."""
    import datetime

    from disputes.tests.factories import DisputeFactory

    today = timezone.localdate()
    dispute = DisputeFactory(
        organization=org, community=community, category=category, received_on=today - datetime.timedelta(days=40)
    )

    def write():
        services.dispute_conclude(
            dispute=dispute, result="terminated", concluded_on=today, outcome="申请人撤回申请", by=clerk_user
        )

    assert_alerts_fresh(write, dispute.serial, appears=False)


@pytest.mark.django_db
def test_an_xlsx_import_shows_on_the_next_page(org, community, grid, category, mediator, clerk, assert_fresh):
    """A bulk path: the rows are saved one by one and the import is audited once."""
    from disputes.tests.test_import import row, workbook

    today = timezone.localdate()

    def write():
        day = today.isoformat()
        response = clerk.post(
            reverse("disputes:dispute_import"),
            {"file": workbook(row(受理日期=day, 办结日期=day), row(受理日期=day, 办结日期=day))},
        )
        assert response.status_code == 302, response.content.decode()[-2000:]

    assert_fresh(org, today.year, "调解纠纷数", write)


@pytest.mark.django_db
def test_disputes_deleted_in_bulk_in_the_admin_leave_the_next_page(
    org, community, category, admin_client, assert_fresh
):
    """Django admin's 「删除所选」 deletes through the collector, one post_delete per row."""
    from disputes.models import Dispute
    from disputes.tests.factories import DisputeFactory

    today = timezone.localdate()
    doomed = [DisputeFactory(organization=org, community=community, category=category, received_on=today) for _ in "12"]
    DisputeFactory(organization=org, community=community, category=category, received_on=today)

    def write():
        response = admin_client.post(
            reverse("admin:disputes_dispute_changelist"),
            {"action": "delete_selected", "_selected_action": [d.pk for d in doomed], "post": "yes"},
        )
        assert response.status_code == 302
        assert Dispute.objects.filter(organization=org).count() == 1

    assert_fresh(org, today.year, "调解纠纷数", write)


@pytest.mark.django_db
def test_a_community_renamed_in_the_admin_shows_in_the_breakdown(
    org, community, category, town_admin, leader, settings
):
    """A 村（社区）'s name is part of 纠纷社区分布 (and of a dispute's alert): the town administrator
    renames it in the admin, and the dashboard's chart and the figures of the year show the new name."""
    from core import figure_cache
    from disputes.tests.factories import DisputeFactory

    settings.FIGURE_CACHE_SECONDS = 3600
    year = timezone.localdate().year
    DisputeFactory(organization=org, community=community, category=category, received_on=timezone.localdate())

    def seen():
        page = leader.get(reverse("dashboard:index")).content.decode()
        return figure_cache.year_figures(org, year)["纠纷社区分布"].value.breakdown, "双山新村社区" in page

    assert seen() == seen() == ({"双山社区": 1}, False)
    response = town_admin.post(
        reverse("admin:accounts_community_change", args=[community.pk]),
        {"organization": org.pk, "name": "双山新村社区", "kind": community.kind},
    )
    assert response.status_code == 302, response.context["adminform"].errors
    assert seen() == ({"双山新村社区": 1}, True)
