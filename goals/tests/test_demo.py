"""The 2023 demo of goals, publicity and indicators reproduces the seed report's figures."""

import pytest
from django.core.management import call_command
from django.db.models import F

from core.figures import registry
from goals.models import Goal
from goals.seed_text import AREAS_2023, PLANS_2024
from publicity.models import GridMonthlyEntry

EXPECTED_2023 = {
    # goals: one per 一是/二是… item of section 一, all completed; section 二's four plans
    "目标任务数": 11,
    "已完成目标数": 11,
    "目标完成率": 100,
    "滞后目标数": 0,
    "下一年度工作打算": 4,
    # publicity: 模拟法庭 3 场次、600 余人; 法律明白人 48 人; 138 个网格 …
    "模拟法庭场次": 3,
    "模拟法庭参与人数": 630,
    "法律明白人数": 48,
    "网格数": 138,
    "入户走访户数": 91326,
    "收集意见建议数": 621,
    "排查问题数": 1440,
    "解决问题数": 1440,
    # indicators
    "孵化基地注册企业数": 199,
    "注册资金超千万企业数": 13,
    "注册资金超百万企业数": 37,
    "企业服务小队数": 12,
    "走访重点企业数": 55,
    "解决企业问题数": 43,
    "摸排中小微企业数": 222,
    "分中心负责人数": 1,
    "分中心工作人员数": 3,
}


@pytest.fixture
def demo(db, demo_town):
    return demo_town


def test_demo_reproduces_the_seed_figures(demo):
    figures = registry.compute(demo, 2023, apps=["goals", "publicity", "indicators"])
    assert {key: figures[key].value.value for key in EXPECTED_2023} == EXPECTED_2023
    assert figures["普法活动场次"].value.value > 3


def test_demo_goals_are_the_seed_items_verbatim(demo):
    items = registry.compute(demo, 2023, apps=["goals"])["下一年度工作打算"].value.items
    assert items == [{"title": t, "text": text} for t, text in PLANS_2024]
    assert items[0]["title"] == "深入开展普法宣传"
    goals = list(Goal.objects.filter(organization=demo, year=2023).select_related("area").order_by("order"))
    expected = [(area, title, rest) for area, entries in AREAS_2023 for title, rest in entries]
    assert [(g.area.name, g.title, g.description) for g in goals] == expected
    assert {g.area.name for g in goals} == {
        "强化组织领导，扎实推进法治政府建设",
        "提升依法行政水平，优化法治化营商环境",
        "自觉接受监督，确保行政权力运行规范透明高效",
        "完善基层治理体系，构建社会治理法治化格局",
    }
    assert all(g.status == "completed" and g.progress == 100 for g in goals)


def test_demo_grid_entries_cover_every_grid_and_month(demo):
    entries = GridMonthlyEntry.objects.filter(organization=demo, year=2023)
    assert entries.count() == 138 * 12
    assert entries.values("grid").distinct().count() == 138
    assert not entries.filter(problems_solved__gt=F("problems_found")).exists()


def test_demo_is_idempotent_and_deterministic(demo):
    def snapshot():
        return (
            list(Goal.objects.order_by("year", "order").values_list("title", "status", "progress")),
            list(
                GridMonthlyEntry.objects.order_by("grid_id", "month").values_list(
                    "grid_id", "month", "households_visited", "suggestions", "problems_found"
                )
            ),
        )

    first = snapshot()
    call_command("load_demo", "--quiet-logins", verbosity=0)
    assert snapshot() == first
