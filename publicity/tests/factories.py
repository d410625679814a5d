import datetime

import factory

from accounts.tests.factories import CommunityFactory, GridFactory, OrganizationFactory
from publicity.models import GridMonthlyEntry, LegalEducationEvent, LegalLiaison


class LegalEducationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalEducationEvent

    organization = factory.SubFactory(OrganizationFactory)
    date = datetime.date(2023, 5, 1)
    kind = LegalEducationEvent.Kind.CAMPAIGN
    title = factory.Sequence(lambda n: f"普法宣传活动{n}")
    participants = 100


class LegalLiaisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalLiaison

    organization = factory.SubFactory(OrganizationFactory)
    community = factory.LazyAttribute(lambda o: CommunityFactory(organization=o.organization, name="双山社区"))
    name = factory.Sequence(lambda n: f"明白人{n}")
    trained_on = datetime.date(2023, 2, 21)


class GridMonthlyEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GridMonthlyEntry

    grid = factory.SubFactory(GridFactory)
    organization = factory.LazyAttribute(lambda o: o.grid.organization)
    year = 2023
    month = factory.Sequence(lambda n: n % 12 + 1)
    households_visited = 50
    suggestions = 1
    problems_found = 2
    problems_solved = 2
