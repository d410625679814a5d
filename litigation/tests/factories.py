import datetime

import factory

from accounts.tests.factories import DepartmentFactory, OrganizationFactory
from litigation.choices import HearingKind, LeaderRole, PartyKind
from litigation.models import Hearing, LitigationCase, ReconsiderationCase


class ReconsiderationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReconsiderationCase

    organization = factory.SubFactory(OrganizationFactory)
    case_number = factory.Sequence(lambda n: f"渡府复〔2024〕{n + 1}号")
    applicant_kind = PartyKind.PERSON
    applicant_name = "陈国华"
    respondent = factory.LazyAttribute(lambda o: o.organization.full_name)
    act_description = "责令限期拆除违法建设决定"
    accepted_on = datetime.date(2024, 3, 4)
    copy_received_on = datetime.date(2024, 3, 6)
    law = "2023"
    handling_department = factory.LazyAttribute(lambda o: DepartmentFactory(organization=o.organization, name="司法所"))


class LitigationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LitigationCase

    organization = factory.SubFactory(OrganizationFactory)
    case_number = factory.Sequence(lambda n: f"（2024）渝0104行初{n + 1}号")
    plaintiff_kind = PartyKind.PERSON
    plaintiff_name = "周德明"
    defendant = factory.LazyAttribute(lambda o: o.organization.full_name)
    cause = "行政强制（强制拆除违法建筑）"
    filed_on = datetime.date(2024, 3, 1)
    copy_received_on = datetime.date(2024, 3, 5)
    handling_department = factory.LazyAttribute(lambda o: DepartmentFactory(organization=o.organization, name="司法所"))


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    case = factory.SubFactory(LitigationCaseFactory)
    organization = factory.LazyAttribute(lambda o: o.case.organization)
    held_on = datetime.date(2024, 4, 18)
    kind = HearingKind.TRIAL
    leader_role = LeaderRole.PRINCIPAL
    leader_name = "王建平"
    leader_post = "镇长"
