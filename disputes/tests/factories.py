import datetime

import factory

from accounts.tests.factories import CommunityFactory, GridFactory, OrganizationFactory
from disputes import choices as c
from disputes.models import Dispute, DisputeCategory, Mediator, Party
from disputes.services import allocate_serials

__all__ = ["CommunityFactory", "GridFactory", "OrganizationFactory"]


class DisputeCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisputeCategory
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(OrganizationFactory)
    name = "邻里纠纷"


class MediatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mediator
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"调解员{n}")
    unit = "八桥镇人民调解委员会"


class DisputeFactory(factory.django.DjangoModelFactory):
    """A dispute in status 受理 with a real serial number from the counter."""

    class Meta:
        model = Dispute

    organization = factory.SubFactory(OrganizationFactory)
    community = factory.SubFactory(
        CommunityFactory, organization=factory.SelfAttribute("..organization"), name="双山社区"
    )
    category = factory.SubFactory(DisputeCategoryFactory, organization=factory.SelfAttribute("..organization"))
    received_on = datetime.date(2023, 3, 1)
    summary = "楼上漏水致楼下天花板受损"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.year = obj.received_on.year
        [(obj.number, obj.serial)] = allocate_serials(organization=obj.organization, year=obj.year)
        obj.save()
        return obj


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    dispute = factory.SubFactory(DisputeFactory)
    role = c.PartyRole.APPLICANT
    name = "张三丰"
    id_number = "11010519491231002X"
    phone = "13812345678"
    address = "重庆市大渡口区八桥镇双山社区88号"
