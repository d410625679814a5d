"""Figures of goals/ (docs/figures.md, section goals): two queries for all of them."""

from django.urls import reverse
from django.utils import timezone

from core.figures import FigureDef, FigureValue, registry
from goals import selectors


@registry.provider(
    "goals",
    [
        FigureDef("目标任务数", "年度目标任务数", "项", url_name="goals:goal_list", url_params={"year": "{year}"}),
        FigureDef(
            "已完成目标数",
            "已完成的年度目标任务数",
            "项",
            url_name="goals:goal_list",
            url_params={"year": "{year}", "status": "completed"},
        ),
        FigureDef(
            "目标完成率",
            "已完成目标数 ÷ 目标任务数",
            "%",
            url_name="goals:goal_list",
            url_params={"year": "{year}"},
            kind="rate",
        ),
        FigureDef(
            "滞后目标数",
            "超过完成时限仍未完成的目标任务数（以年末或今天为准）",
            "项",
            url_name="goals:goal_list",
            url_params={"year": "{year}", "overdue": "1"},
        ),
        FigureDef(
            "下一年度工作打算",
            "下一年度的目标任务（年度报告“下一年度主要安排”），items 为各项标题与内容",
            "项",
            url_name="goals:goal_list",
        ),
    ],
)
def compute(organization, year):
    return compute_years(organization, [year])[year]


def compute_years(organization, years) -> dict[int, dict[str, FigureValue]]:
    """The figures of several years (the dashboard's year and the one before) in two queries."""
    years = sorted(set(years))
    counts = selectors.goal_counts_of_years(organization, years, timezone.localdate())
    plans = selectors.next_year_plans_of_years(organization, years)
    return {year: _year_values(year, counts[year], plans[year]) for year in years}


compute.many_years = compute_years


def _year_values(year: int, counts: dict, plans: list) -> dict[str, FigureValue]:
    return {
        "目标任务数": FigureValue(counts["total"]),
        "已完成目标数": FigureValue(counts["completed"]),
        "目标完成率": FigureValue.rate(counts["completed"], counts["total"]),
        "滞后目标数": FigureValue(counts["overdue"]),
        "下一年度工作打算": FigureValue(
            len(plans),
            url=f"{reverse('goals:goal_list')}?year={year + 1}",
            items=[{"title": goal.title, "text": goal.description} for goal in plans],
        ),
    }
