"""Figures of publicity/ (docs/figures.md, section publicity): three aggregate queries for all,
whatever the number of years asked for together."""

from core.figures import FigureDef, FigureValue, registry
from publicity.selectors import publicity_figures_of_years

EVENTS = "publicity:event_list"
GRIDS = "publicity:grid_summary"
YEAR = {"year": "{year}"}


@registry.provider(
    "publicity",
    [
        FigureDef("普法活动场次", "全年开展的普法活动场次", "场次", url_name=EVENTS, url_params=YEAR),
        FigureDef("普法参与人数", "全年普法活动参与人次", "人次", url_name=EVENTS, url_params=YEAR),
        FigureDef(
            "模拟法庭场次", "“模拟法庭”进社区场次", "场次", url_name=EVENTS, url_params={**YEAR, "kind": "mock_trial"}
        ),
        FigureDef(
            "模拟法庭参与人数",
            "“模拟法庭”累计参与群众人数",
            "人",
            url_name=EVENTS,
            url_params={**YEAR, "kind": "mock_trial"},
        ),
        FigureDef("法律明白人数", "年末在册的法律明白人", "人", url_name="publicity:liaison_list", url_params=YEAR),
        FigureDef("网格数", "全年有工作记录的居民网格数", "个", url_name=GRIDS, url_params=YEAR),
        FigureDef("入户走访户数", "网格员入户宣传走访户数", "户", url_name=GRIDS, url_params=YEAR),
        FigureDef("收集意见建议数", "收集群众反映的意见建议", "条", url_name=GRIDS, url_params=YEAR),
        FigureDef("排查问题数", "网格排查问题数", "条", url_name=GRIDS, url_params=YEAR),
        FigureDef("解决问题数", "网格解决问题数", "条", url_name=GRIDS, url_params=YEAR),
    ],
)
def compute(organization, year):
    return compute_years(organization, [year])[year]


def compute_years(organization, years) -> dict[int, dict[str, FigureValue]]:
    return {year: _year_values(data) for year, data in publicity_figures_of_years(organization, years).items()}


compute.many_years = compute_years


def _year_values(data: dict) -> dict[str, FigureValue]:
    events, grid = data["events"], data["grid"]
    return {
        "普法活动场次": FigureValue(events["count"]),
        "普法参与人数": FigureValue(events["people"]),
        "模拟法庭场次": FigureValue(events["mock_count"]),
        "模拟法庭参与人数": FigureValue(events["mock_participants"]),
        "法律明白人数": FigureValue(data["liaisons"]),
        "网格数": FigureValue(grid["grids"]),
        "入户走访户数": FigureValue(grid["households"]),
        "收集意见建议数": FigureValue(grid["suggested"]),
        "排查问题数": FigureValue(grid["found"]),
        "解决问题数": FigureValue(grid["solved"]),
    }
