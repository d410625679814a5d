import datetime

import pytest

from enforcement.tests.factories import CategoryFactory, CertificateFactory, OfficerFactory

TODAY = datetime.date.today()


@pytest.fixture
def urban(org):
    return CategoryFactory(organization=org, name="城市管理")


@pytest.fixture
def safety(org):
    return CategoryFactory(organization=org, name="安全生产")


@pytest.fixture
def officer(org, other_department):
    return OfficerFactory(organization=org, department=other_department, name="陈立军")


@pytest.fixture
def certificate(officer, urban):
    """A 行政执法证 valid today and for long after (not in the alert window)."""
    return CertificateFactory(
        officer=officer,
        number="50010420230001",
        issued_on=TODAY - datetime.timedelta(days=365),
        expires_on=TODAY + datetime.timedelta(days=4 * 365),
        categories=[urban],
    )


@pytest.fixture
def foreign_officer(other_org):
    return OfficerFactory(organization=other_org, name="外镇人员")


@pytest.fixture
def foreign_certificate(foreign_officer):
    return CertificateFactory(officer=foreign_officer, number="50010420239999")
