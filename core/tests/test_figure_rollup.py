"""core.figure_rollup: a district's figures are its towns' added up (sums of numerators and
denominators, never an average of rates), each town read from its own cache entry."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Organization
from accounts.tests.factories import OrganizationFactory
from core import figure_cache
from core.figures import FigureDef, FigureValue, registry

# Per town: (件数, 成功, 办结, {类别: 件数}, 学时)
TOWN_DATA = {
    "甲镇": (788, 775, 788, {"婚姻家庭": 120, "邻里纠纷": 200}, Decimal("624")),
    "乙街道": (12, 6, 12, {"邻里纠纷": 5, "物业纠纷": 7}, Decimal("10.5")),
}


def fake_provider(organization, year):
    received, succeeded, concluded, by_category, hours = TOWN_DATA[organization.name]
    return {
        "件数": FigureValue(received, breakdown=by_category),
        "成功率": FigureValue.rate(succeeded, concluded),
        "学时": FigureValue(hours),
        "空": FigureValue(None),
    }


@pytest.fixture
def fake_registry():
    cache.clear()
    with registry.isolated() as fake:
        fake.register(
            "fake",
            [
                FigureDef("件数", "件数", "件"),
                FigureDef("成功率", "成功率", "%", kind="rate"),
                FigureDef("学时", "学时"),
            ]
            + [FigureDef("空", "空")],
            fake_provider,
        )
        yield fake
    cache.clear()


@pytest.fixture
def district(db):
    district = OrganizationFactory(name="某区", full_name="某区人民政府", kind=Organization.Kind.DISTRICT)
    for name in TOWN_DATA:
        OrganizationFactory(name=name, parent=district)
    return district


@pytest.mark.django_db
def test_district_figures_sum_the_towns_numerators_and_denominators(fake_registry, district):
    figures = figure_cache.year_figures(district, 2023)
    assert figures["件数"].value.value == 800
    rate = figures["成功率"].value
    assert (rate.numerator, rate.denominator) == (781, 800)
    # 781/800 = 97.63 %; the average of the towns' rates (98.35 % and 50 %) would be 74.18 %.
    assert rate.value == Decimal("97.63")
    assert figures["件数"].value.breakdown == {"婚姻家庭": 120, "邻里纠纷": 205, "物业纠纷": 7}
    assert figures["学时"].value.value == Decimal("634.5")
    assert figures["空"].value.value is None
    assert figures["件数"].definition.label == "件数"


@pytest.mark.django_db
def test_a_town_is_not_aggregated(fake_registry, district):
    town = Organization.objects.get(name="乙街道")
    assert figure_cache.year_figures(town, 2023)["件数"].value.value == 12


@pytest.mark.django_db
def test_a_write_in_one_town_shows_in_the_district_at_once(fake_registry, district):
    assert figure_cache.year_figures(district, 2023)["件数"].value.value == 800
    TOWN_DATA["乙街道"] = (13, *TOWN_DATA["乙街道"][1:])
    try:
        # Cached: the town's token has not changed, so the district still reads 800 …
        assert figure_cache.year_figures(district, 2023)["件数"].value.value == 800
        # … until a record of the town changes (every save bumps the town's token).
        figure_cache.bump(Organization.objects.get(name="乙街道").pk)
        assert figure_cache.year_figures(district, 2023)["件数"].value.value == 801
    finally:
        TOWN_DATA["乙街道"] = (12, *TOWN_DATA["乙街道"][1:])


@pytest.mark.django_db
def test_reading_a_district_costs_the_same_queries_for_2_or_10_towns(fake_registry, district):
    def queries_for(organization):
        figure_cache.year_figures(organization, 2023)  # warm the towns' cache entries
        with CaptureQueriesContext(connection) as captured:
            figure_cache.year_figures(organization, 2023)
        return len(captured)

    # 1 the district's towns, 2 their tokens (the locmem cache of the tests is no query).
    assert queries_for(district) == 2
    big = OrganizationFactory(name="大区", full_name="大区人民政府", kind=Organization.Kind.DISTRICT)
    for i in range(10):
        name = f"镇{i}"
        TOWN_DATA[name] = (i, i, i + 1, {}, Decimal(i))
        OrganizationFactory(name=name, parent=big)
    try:
        assert queries_for(big) == 2
        assert figure_cache.year_figures(big, 2023)["件数"].value.value == sum(range(10))
    finally:
        for i in range(10):
            TOWN_DATA.pop(f"镇{i}")


@pytest.mark.django_db
def test_a_district_without_towns_has_empty_figures(fake_registry):
    lone = OrganizationFactory(name="空区", full_name="空区人民政府", kind=Organization.Kind.DISTRICT)
    assert figure_cache.year_figures(lone, 2023) == {}
