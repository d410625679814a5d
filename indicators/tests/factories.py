import factory

from accounts.tests.factories import OrganizationFactory
from indicators.models import IndicatorDefinition, IndicatorValue


class IndicatorDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorDefinition
        django_get_or_create = ("organization", "key")

    organization = factory.SubFactory(OrganizationFactory)
    key = "孵化基地注册企业数"
    label = "青年创业孵化基地已注册企业数"
    unit = "家"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    definition = factory.SubFactory(IndicatorDefinitionFactory)
    organization = factory.LazyAttribute(lambda o: o.definition.organization)
    year = 2023
    value = 199
