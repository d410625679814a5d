import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Organization
from accounts.tests.factories import OrganizationFactory
from reports import deadlines
from reports.models import SubmissionDeadline


@pytest.fixture
def district(db):
    return OrganizationFactory(name="大渡口区", full_name="重庆市大渡口区人民政府", kind=Organization.Kind.DISTRICT)


def test_submission_default_is_1_march_of_next_year(org):
    assert deadlines.submission_deadline(org, 2023) == datetime.date(2024, 3, 1)


def test_submission_uses_the_towns_district_deadline(org, other_org, district):
    org.parent = district
    org.save()
    SubmissionDeadline.objects.create(organization=district, month=2, day=15)
    assert deadlines.submission_deadline(org, 2023) == datetime.date(2024, 2, 15)
    # A town of another (unconfigured) district keeps the default.
    assert deadlines.submission_deadline(other_org, 2023) == datetime.date(2024, 3, 1)


def test_publication_deadline_is_31_march_inclusive():
    assert deadlines.publication_deadline(2023) == datetime.date(2024, 3, 31)


def test_submission_deadline_refuses_a_day_some_years_lack(district):
    row = SubmissionDeadline(organization=district, month=2, day=29)
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert "2月没有29日" in str(excinfo.value)


def test_submission_deadline_only_for_a_district(org):
    with pytest.raises(ValidationError) as excinfo:
        SubmissionDeadline(organization=org, month=3, day=1).full_clean()
    assert "只能为区县设置" in str(excinfo.value)
