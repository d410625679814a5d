import datetime
from decimal import Decimal

import factory
from stdnum.cn import ric

from accounts.tests.factories import DepartmentFactory, OrganizationFactory
from enforcement.choices import CertificateKind
from enforcement.models import Certificate, EnforcementCategory, Exam, Officer, Training, TrainingAttendance


def make_id_number(n: int, male: bool = True) -> str:
    """A valid-checksum 身份证号 (大渡口区 area code), unique per n, with the right gender digit."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n * 37)
    sequence = 100 + (n % 400) * 2 + (1 if male else 0)
    body = f"500104{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def with_bad_checksum(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnforcementCategory
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"类别{n}")


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    organization = factory.SubFactory(OrganizationFactory)
    department = factory.LazyAttribute(
        lambda o: DepartmentFactory(organization=o.organization, name="综合行政执法大队")
    )
    name = factory.Sequence(lambda n: f"执法员{n}")
    gender = "male"
    id_number = factory.Sequence(lambda n: make_id_number(n + 1, male=True))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    position = "执法队员"


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate
        skip_postgeneration_save = True

    officer = factory.SubFactory(OfficerFactory)
    number = factory.Sequence(lambda n: f"5001049{n:07d}")
    kind = CertificateKind.ENFORCEMENT
    issued_on = datetime.date(2021, 1, 1)
    expires_on = datetime.date(2025, 12, 31)
    region = "大渡口区八桥镇"

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"执法培训{n}")
    start_on = datetime.date(2023, 5, 10)
    hours = Decimal("24")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingAttendance

    training = factory.SubFactory(TrainingFactory)
    officer = factory.SubFactory(OfficerFactory, organization=factory.SelfAttribute("..training.organization"))
    hours = factory.LazyAttribute(lambda o: o.training.hours)


class ExamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exam

    officer = factory.SubFactory(OfficerFactory)
    title = "2023年行政执法人员资格考试"
    exam_on = datetime.date(2023, 4, 20)
    score = Decimal("80")
    passed = True
