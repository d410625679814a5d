import datetime

import pytest

from accounts.tests.factories import CommunityFactory, GridFactory
from disputes import choices as c
from disputes import services
from disputes.tests.factories import DisputeCategoryFactory, DisputeFactory, MediatorFactory, PartyFactory


@pytest.fixture
def community(org):
    return CommunityFactory(organization=org, name="双山社区")


@pytest.fixture
def grid(community):
    return GridFactory(community=community, organization=community.organization, name="第1网格")


@pytest.fixture
def category(org):
    return DisputeCategoryFactory(organization=org, name="邻里纠纷")


@pytest.fixture
def mediator(org):
    return MediatorFactory(organization=org, name="陈和平")


@pytest.fixture
def dispute(org, community, grid, category):
    return DisputeFactory(organization=org, community=community, grid=grid, category=category)


@pytest.fixture
def party(dispute):
    return PartyFactory(dispute=dispute)


@pytest.fixture
def mediating(dispute):
    return services.dispute_start_mediation(dispute=dispute, started_on=datetime.date(2023, 3, 2), by=None)


@pytest.fixture
def succeeded(mediating, party):
    return services.dispute_conclude(
        dispute=mediating,
        result=c.Status.SUCCEEDED,
        concluded_on=datetime.date(2023, 3, 10),
        outcome="双方达成协议",
        by=None,
    )


@pytest.fixture
def other_town_dispute(other_org):
    community = CommunityFactory(organization=other_org, name="外镇社区")
    category = DisputeCategoryFactory(organization=other_org, name="邻里纠纷")
    return DisputeFactory(organization=other_org, community=community, category=category)
