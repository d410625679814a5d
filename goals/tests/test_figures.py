import datetime

import pytest

from core.alerts import alert_registry
from core.figures import registry
from goals.models import Goal
from goals.tests.factories import GoalAreaFactory, GoalFactory

KEYS = ["目标任务数", "已完成目标数", "目标完成率", "滞后目标数", "下一年度工作打算"]


def figures(org, year=2023):
    return registry.compute(org, year, apps=["goals"])


def test_goals_publish_the_contract_keys():
    for key in KEYS:
        assert registry.get(key) is not None and registry.get(key).app_label == "goals"


@pytest.mark.django_db
def test_figures_follow_the_records(org):
    area = GoalAreaFactory(organization=org, name="领域", order=1)
    a = GoalFactory(organization=org, area=area, status="completed", progress=100)
    b = GoalFactory(organization=org, area=area, due_date=datetime.date(2023, 6, 30))
    f = figures(org)
    assert f["目标任务数"].value.value == 2
    assert f["已完成目标数"].value.value == 1
    assert f["目标完成率"].value.value == 50
    assert f["滞后目标数"].value.value == 1  # b is past due; a is completed
    b.status, b.progress = "completed", 100
    b.save()
    a.delete()
    f = figures(org)
    assert (f["目标任务数"].value.value, f["已完成目标数"].value.value, f["滞后目标数"].value.value) == (1, 1, 0)
    assert f["目标完成率"].value.value == 100


@pytest.mark.django_db
def test_overdue_counts_goals_due_by_year_end_not_completed(org):
    area = GoalAreaFactory(organization=org, name="领域", order=1)
    GoalFactory(organization=org, area=area, due_date=datetime.date(2023, 12, 31), status="in_progress")
    GoalFactory(organization=org, area=area, due_date=None)
    GoalFactory(organization=org, area=area, due_date=datetime.date(2023, 5, 1), status="completed", progress=100)
    assert figures(org)["滞后目标数"].value.value == 1
    assert figures(org)["滞后目标数"].url.endswith("?year=2023&overdue=1")


@pytest.mark.django_db
def test_next_year_plans_are_items_in_order(org, other_org):
    area1 = GoalAreaFactory(organization=org, name="甲", order=1)
    area2 = GoalAreaFactory(organization=org, name="乙", order=2)
    GoalFactory(organization=org, area=area2, year=2024, order=1, title="深入开展普法宣传", description="积极开展。")
    GoalFactory(organization=org, area=area1, year=2024, order=2, title="深入推进全民普法", description="全面贯彻。")
    GoalFactory(organization=other_org, year=2024, title="外镇打算")
    plan = figures(org)["下一年度工作打算"]
    assert plan.value.value == 2
    assert plan.value.items == [
        {"title": "深入开展普法宣传", "text": "积极开展。"},
        {"title": "深入推进全民普法", "text": "全面贯彻。"},
    ]
    assert plan.url.endswith("?year=2024")
    Goal.objects.filter(title="深入推进全民普法").update(order=0)
    assert figures(org)["下一年度工作打算"].value.items[0]["title"] == "深入推进全民普法"


@pytest.mark.django_db
def test_figure_count_equals_the_list_behind_it(clerk, org):
    area = GoalAreaFactory(organization=org, name="领域", order=1)
    GoalFactory(organization=org, area=area, due_date=datetime.date(2023, 3, 1))
    GoalFactory(organization=org, area=area, status="completed", progress=100)
    for key in ["目标任务数", "已完成目标数", "滞后目标数"]:
        fig = figures(org)[key]
        html = clerk.get(fig.url).content.decode()
        assert f"共 {fig.value.value} 项" in html, key


@pytest.mark.django_db
def test_alerts_for_overdue_and_due_soon_goals(org, department):
    area = GoalAreaFactory(organization=org, name="领域", order=1)
    today = datetime.date(2024, 3, 1)
    GoalFactory(organization=org, area=area, title="逾期", department=department, due_date=datetime.date(2024, 2, 1))
    GoalFactory(organization=org, area=area, title="将到期", due_date=datetime.date(2024, 3, 10))
    GoalFactory(organization=org, area=area, title="已完成", status="completed", progress=100, due_date=today)
    alerts = [a for a in alert_registry.collect(org, today) if a.app_label == "goals"]
    assert [(a.level, a.title) for a in alerts] == [
        ("danger", "目标任务逾期：逾期"),
        ("warning", "目标任务即将到期：将到期"),
    ]
    assert alerts[0].department_id == department.pk and "已逾期 29 天" in alerts[0].detail


@pytest.mark.django_db
def test_several_years_at_once_are_each_year_alone(org, django_assert_num_queries):
    """compute_years (the dashboard's year and the one before) gives each year what that year
    alone gives, in the two queries one year takes: nothing counted in the wrong year."""
    from goals.figures import compute, compute_years

    area = GoalAreaFactory(organization=org, name="领域", order=1)
    GoalFactory(organization=org, area=area, year=2022, status="completed", progress=100)
    GoalFactory(organization=org, area=area, year=2022, due_date=datetime.date(2022, 6, 30))
    GoalFactory(
        organization=org, area=area, year=2023, due_date=datetime.date(2023, 6, 30), status="completed", progress=100
    )
    GoalFactory(organization=org, area=area, year=2024, order=1, title="二〇二四年打算")
    with django_assert_num_queries(2):
        together = compute_years(org, [2023, 2022])
    assert sorted(together) == [2022, 2023]
    for year in (2022, 2023):
        assert together[year] == compute(org, year), year
    assert together[2022]["滞后目标数"].value == 1 and together[2023]["滞后目标数"].value == 0
    assert together[2022]["下一年度工作打算"].items[0]["title"] != "二〇二四年打算"
    assert [item["title"] for item in together[2023]["下一年度工作打算"].items] == ["二〇二四年打算"]
