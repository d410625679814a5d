import datetime

import factory

from accounts.tests.factories import OrganizationFactory
from goals.models import Goal, GoalArea, GoalUpdate


class GoalAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalArea
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"工作领域{n}")
    order = factory.Sequence(lambda n: n)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    organization = factory.SubFactory(OrganizationFactory)
    area = factory.LazyAttribute(lambda o: GoalAreaFactory(organization=o.organization))
    year = 2023
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"目标任务{n}")
    description = "具体内容"
    due_date = datetime.date(2023, 12, 31)
    status = Goal.Status.IN_PROGRESS
    progress = 50


class GoalUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalUpdate

    goal = factory.SubFactory(GoalFactory)
    organization = factory.LazyAttribute(lambda o: o.goal.organization)
    date = datetime.date(2023, 6, 30)
    text = "推进情况"
    reported_by = "周文"
