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


@pytest.mark.django_db
def test_an_xlsx_import_shows_on_the_next_page(org, clerk, assert_fresh):
    """A bulk path: yearly values imported from a spreadsheet."""
    from django.urls import reverse

    from indicators.tests.test_indicators import upload

    year = timezone.localdate().year
    IndicatorDefinitionFactory(organization=org, key="孵化基地注册企业数")

    def write():
        response = clerk.post(
            reverse("indicators:import"), {"file": upload([[year, "孵化基地注册企业数", 199, "", "台账"]])}
        )
        assert response.status_code == 302, response.content.decode()[-2000:]

    assert_fresh(org, year, "孵化基地注册企业数", write)
