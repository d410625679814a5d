"""District personas: 大渡口区 above 八桥镇 (org) and 跳磴镇 (other_org); 九龙坡区, another
district, above 杨家坪街道."""

import pytest
from django.test import Client

from accounts.models import Organization
from accounts.roles import DISTRICT_VIEWER, PERSONAL_DATA
from accounts.tests.factories import OrganizationFactory, UserFactory


@pytest.fixture
def district(org, other_org):
    district = OrganizationFactory(name="大渡口区", full_name="重庆市大渡口区人民政府", kind=Organization.Kind.DISTRICT)
    Organization.objects.filter(pk__in=[org.pk, other_org.pk]).update(parent=district)
    org.refresh_from_db()
    other_org.refresh_from_db()
    return district


@pytest.fixture
def far_district(db):
    return OrganizationFactory(name="九龙坡区", full_name="重庆市九龙坡区人民政府", kind=Organization.Kind.DISTRICT)


@pytest.fixture
def far_town(far_district):
    return OrganizationFactory(
        name="杨家坪街道",
        full_name="重庆市九龙坡区杨家坪街道办事处",
        kind=Organization.Kind.SUBDISTRICT,
        parent=far_district,
    )


def _district_user(roles, organization, username, *role_names):
    user = UserFactory(username=username, organization=organization, department=None)
    user.groups.set([roles[name] for name in role_names])
    return user


@pytest.fixture
def district_user(roles, district):
    return _district_user(roles, district, "district", DISTRICT_VIEWER)


@pytest.fixture
def district_pii_user(roles, district):
    return _district_user(roles, district, "district_pii", DISTRICT_VIEWER, PERSONAL_DATA)


@pytest.fixture
def far_district_user(roles, far_district, far_town):
    return _district_user(roles, far_district, "jiulongpo", DISTRICT_VIEWER)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def district_client(district_user):
    return _client(district_user)


@pytest.fixture
def district_pii_client(district_pii_user):
    return _client(district_pii_user)


@pytest.fixture
def far_district_client(far_district_user):
    return _client(far_district_user)
