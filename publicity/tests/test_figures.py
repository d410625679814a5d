import datetime

import pytest

from accounts.tests.factories import CommunityFactory, GridFactory
from core.figures import registry
from publicity.tests.factories import GridMonthlyEntryFactory, LegalEducationEventFactory, LegalLiaisonFactory

KEYS = [
    "普法活动场次",
    "普法参与人数",
    "模拟法庭场次",
    "模拟法庭参与人数",
    "法律明白人数",
    "网格数",
    "入户走访户数",
    "收集意见建议数",
    "排查问题数",
    "解决问题数",
]


def values(org, year=2023):
    return {k: f.value.value for k, f in registry.compute(org, year, apps=["publicity"]).items()}


def test_publicity_publishes_the_contract_keys():
    assert all(registry.get(k).app_label == "publicity" for k in KEYS)


@pytest.mark.django_db
def test_event_figures_follow_the_records(org, other_org):
    trial = LegalEducationEventFactory(organization=org, kind="mock_trial", participants=220)
    LegalEducationEventFactory(organization=org, kind="lecture", participants=35)
    LegalEducationEventFactory(organization=org, kind="mock_trial", participants=50, date=datetime.date(2022, 12, 31))
    LegalEducationEventFactory(organization=other_org, kind="mock_trial", participants=500)
    v = values(org)
    assert (v["普法活动场次"], v["普法参与人数"], v["模拟法庭场次"], v["模拟法庭参与人数"]) == (2, 255, 1, 220)
    trial.participants = 230
    trial.save()
    LegalEducationEventFactory(organization=org, kind="mock_trial", participants=200)
    v = values(org)
    assert (v["普法活动场次"], v["普法参与人数"], v["模拟法庭场次"], v["模拟法庭参与人数"]) == (3, 465, 2, 430)


@pytest.mark.django_db
def test_liaisons_counted_when_active_at_year_end(org):
    community = CommunityFactory(organization=org, name="双山社区")
    a = LegalLiaisonFactory(organization=org, community=community)
    LegalLiaisonFactory(organization=org, community=community, trained_on=datetime.date(2024, 1, 5))
    LegalLiaisonFactory(
        organization=org, community=community, status="withdrawn", left_on=datetime.date(2024, 3, 1)
    )  # withdrew after year end: counted for 2023
    assert values(org)["法律明白人数"] == 2
    a.status, a.left_on = "withdrawn", datetime.date(2023, 10, 1)
    a.save()
    assert values(org)["法律明白人数"] == 1
    assert values(org, 2024)["法律明白人数"] == 1


@pytest.mark.django_db
def test_grid_figures_follow_the_records(org):
    community = CommunityFactory(organization=org, name="双山社区")
    g1, g2 = GridFactory(community=community), GridFactory(community=community)
    e = GridMonthlyEntryFactory(
        grid=g1, month=1, households_visited=50, suggestions=1, problems_found=3, problems_solved=2
    )
    GridMonthlyEntryFactory(grid=g1, month=2, households_visited=40, suggestions=0, problems_found=1, problems_solved=1)
    GridMonthlyEntryFactory(grid=g2, month=1, households_visited=30, suggestions=2, problems_found=0, problems_solved=0)
    GridMonthlyEntryFactory(grid=g2, year=2022, month=12, households_visited=999)
    v = values(org)
    assert [v[k] for k in KEYS[5:]] == [2, 120, 3, 4, 3]
    e.problems_solved = 3
    e.save()
    e2 = GridMonthlyEntryFactory(grid=GridFactory(community=community), month=5, households_visited=10)
    v = values(org)
    assert [v[k] for k in KEYS[5:]] == [3, 130, 4, 6, 6]
    e2.delete()
    assert values(org)["网格数"] == 2


@pytest.mark.django_db
def test_each_figure_equals_the_list_behind_it(clerk, org):
    community = CommunityFactory(organization=org, name="双山社区")
    LegalEducationEventFactory(organization=org, kind="mock_trial", participants=220)
    LegalEducationEventFactory(organization=org, kind="lecture", participants=35)
    LegalLiaisonFactory(organization=org, community=community)
    GridMonthlyEntryFactory(grid=GridFactory(community=community), month=1, households_visited=77)
    figures = registry.compute(org, 2023, apps=["publicity"])
    checks = {
        "普法活动场次": "共 {} 场",
        "普法参与人数": "参与 {} 人次",
        "模拟法庭场次": "共 {} 场",
        "模拟法庭参与人数": "参与 {} 人次",
        "法律明白人数": "共 {} 人",
        "网格数": "共 {} 个网格",
        "入户走访户数": ">{}<",
    }
    for key, pattern in checks.items():
        html = clerk.get(figures[key].url).content.decode()
        assert pattern.format(figures[key].value.value) in html, key


@pytest.mark.django_db
def test_several_years_at_once_are_each_year_alone(org, django_assert_num_queries):
    """compute_years gives each year what that year alone gives, in the three queries of one year."""
    from publicity.figures import compute, compute_years

    community = CommunityFactory(organization=org, name="双山社区")
    LegalEducationEventFactory(organization=org, kind="mock_trial", participants=220)
    LegalEducationEventFactory(organization=org, kind="lecture", participants=50, date=datetime.date(2022, 12, 31))
    LegalLiaisonFactory(organization=org, community=community, trained_on=datetime.date(2022, 3, 1))
    LegalLiaisonFactory(organization=org, community=community, trained_on=datetime.date(2023, 3, 1))
    grid = GridFactory(community=community)
    GridMonthlyEntryFactory(grid=grid, year=2022, month=12, households_visited=999)
    with django_assert_num_queries(3):
        together = compute_years(org, [2023, 2022])
    assert sorted(together) == [2022, 2023]
    for year in (2022, 2023):
        assert together[year] == compute(org, year), year
    assert [together[2022][k].value for k in KEYS[:7]] == [1, 50, 0, 0, 1, 1, 999]
    assert [together[2023][k].value for k in KEYS[:7]] == [1, 220, 1, 220, 2, 0, 0]
