"""The sign-in year look-up (core.year._years_per_ledger) against the 2023 demo: its one UNION
query gives, ledger by ledger, what reading each ledger's records one by one gives."""

import pytest

from accounts.models import Organization
from core import year as year_context

pytestmark = pytest.mark.django_db


def years_record_by_record(organization, this_year: int) -> list[list[int]]:
    per_ledger = []
    for model, (field, is_date) in year_context._record_models():
        values = {getattr(record, field) for record in model._default_manager.filter(organization=organization)}
        years = {value.year if is_date else value for value in values if value is not None}
        if kept := sorted(year for year in years if year <= this_year):
            per_ledger.append(kept)
    return sorted(per_ledger)


@pytest.mark.parametrize("this_year", [2026, 2023, 2022])
def test_one_query_gives_each_ledgers_years(demo_town, this_year, django_assert_num_queries):
    expected = years_record_by_record(demo_town, this_year)
    assert len(expected) >= 5 or this_year < 2023  # the demo fills most ledgers in 2023
    with django_assert_num_queries(1):
        found = year_context._years_per_ledger(demo_town, this_year)
    assert sorted(sorted(years) for years in found) == expected


def test_another_towns_records_are_not_read(demo_town):
    other = Organization.objects.create(name="跳磴镇", full_name="重庆市大渡口区跳磴镇人民政府", serial_prefix="跳磴")
    assert year_context._years_per_ledger(other, 2026) == []
    assert year_context.latest_record_year(other) is None
    assert year_context.latest_record_year(demo_town) == 2023
