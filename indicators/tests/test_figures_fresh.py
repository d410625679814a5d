"""No figure is ever stale (issue 22): a yearly value saved (service) is in the next report."""

import pytest
from django.utils import timezone

from indicators.services import indicator_values_save
from indicators.tests.factories import IndicatorDefinitionFactory


@pytest.mark.django_db
def test_a_saved_value_shows_on_the_next_page(org, clerk_user, assert_fresh):
    year = timezone.localdate().year
    IndicatorDefinitionFactory(organization=org, key="孵化基地注册企业数")

    def write():
        indicator_values_save(organization=org, year=year, values={"孵化基地注册企业数": {"value": 199}}, by=clerk_user)

    assert_fresh(org, year, "孵化基地注册企业数", write)
