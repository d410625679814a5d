"""The dashboard's charts, drawn by core.charts from the figures' breakdowns.

Each chart names the figure keys it reads (docs/figures.md). A chart whose
figures are not registered yet is returned with `svg=None`, and the page says
so instead of drawing an empty axis; one whose figures are all zero this year
carries `note` (EMPTY_NOTE), which the page shows in words instead.

Two charts read keys the contract does not list yet; they fall back to counts
that it does:
- 证件状态: the breakdown of `证件状态分布` if an app publishes it, else
  有效 (持证人数 − 即将到期证件数) / 即将到期 / 本年到期 / 本年注销吊销;
- 目标状态: the breakdown of `目标状态分布`, else 已完成 / 滞后 / 其他在办
  (目标任务数 − 已完成目标数 − 滞后目标数).
The success rate by month is drawn only when `调解成功率` carries a monthly
breakdown ({month: rate} or {month: {"numerator": n, "denominator": d}}).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core import charts


@dataclass
class Chart:
    key: str
    title: str
    svg: str | None
    url: str = ""
    note: str = ""
    wide: bool = False


EMPTY_NOTE = "本年度暂无记录，录入后这里将显示图表。"


def _all_zero(values) -> bool:
    return not any(v for v in values if v is not None)


def _empty(key: str, title: str, url: str = "", wide: bool = False) -> Chart:
    """A chart with nothing to draw says so in words rather than drawing empty axes."""
    return Chart(key, title, None, url=url, note=EMPTY_NOTE, wide=wide)


def _breakdown(figures: dict, key: str) -> dict | None:
    figure = figures.get(key)
    if figure is None:
        return None
    return figure.value.breakdown or {}


def _url(figures: dict, key: str) -> str:
    figure = figures.get(key)
    return figure.url if figure is not None else ""


def _value(figures: dict, key: str):
    figure = figures.get(key)
    return figure.value.value if figure is not None else None


def monthly_disputes(figures, previous, year) -> Chart:
    title = "纠纷受理月度对比"
    now, before = _breakdown(figures, "纠纷月度分布"), _breakdown(previous, "纠纷月度分布")
    if now is None:
        return Chart("纠纷月度分布", title, None, wide=True)
    series = {f"{year}年": charts.month_values(now)}
    if before is not None:
        series[f"{year - 1}年"] = charts.month_values(before)
    if _all_zero(v for values in series.values() for v in values):
        return _empty("纠纷月度分布", title, _url(figures, "纠纷月度分布"), wide=True)
    svg = charts.monthly_bars(title, series)
    return Chart("纠纷月度分布", title, svg, url=_url(figures, "纠纷月度分布"), wide=True)


def _rate(value) -> float | None:
    """A month's success rate: a percentage, or numerator/denominator."""
    if value is None:
        return None
    if isinstance(value, dict):
        numerator, denominator = value.get("numerator"), value.get("denominator")
    elif isinstance(value, list | tuple):
        numerator, denominator = value
    else:
        return float(value)
    if not denominator:
        return None
    return float((Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def monthly_success_rate(figures, previous, year) -> Chart | None:
    title = "调解成功率月度走势"
    figure = figures.get("调解成功率")
    if figure is None or not figure.value.breakdown:
        return None
    series = {f"{year}年": _monthly_rates(figure.value.breakdown)}
    before = previous.get("调解成功率")
    if before is not None and before.value.breakdown:
        series[f"{year - 1}年"] = _monthly_rates(before.value.breakdown)
    return Chart("调解成功率", title, charts.monthly_rate(title, series), url=figure.url, wide=True)


def _monthly_rates(breakdown: dict) -> list:
    values = [None] * 12
    for key, value in breakdown.items():
        month = charts.month_of(key)
        if month is not None:
            values[month - 1] = _rate(value)
    return values


def ranked(figures, key: str, title: str) -> Chart:
    data = _breakdown(figures, key)
    if data is None:
        return Chart(key, title, None)
    if _all_zero(data.values()):
        return _empty(key, title, _url(figures, key))
    return Chart(key, title, charts.ranked_bars(title, data), url=_url(figures, key))


def certificates(figures) -> Chart:
    title = "执法证件状态"
    data = _breakdown(figures, "证件状态分布")
    if not data:
        if "持证人数" not in figures:
            return Chart("持证人数", title, None)
        valid = _value(figures, "持证人数") or 0
        expiring = _value(figures, "即将到期证件数") or 0
        data = {
            "有效": max(valid - expiring, 0),
            "即将到期": expiring,
            "本年到期": _value(figures, "到期证件数") or 0,
            "本年注销吊销": _value(figures, "注销吊销证件数") or 0,
        }
    if _all_zero(data.values()):
        return _empty("持证人数", title, _url(figures, "持证人数"))
    svg = charts.donut(title, data, colors=("#4f8a5b", "#d49a1a", "#8c8c8c", "#a61b1b"))
    return Chart("持证人数", title, svg, url=_url(figures, "持证人数"))


def goals(figures) -> Chart:
    title = "目标任务完成情况"
    data = _breakdown(figures, "目标状态分布")
    if not data:
        if "目标任务数" not in figures:
            return Chart("目标任务数", title, None)
        total = _value(figures, "目标任务数") or 0
        done = _value(figures, "已完成目标数") or 0
        late = _value(figures, "滞后目标数") or 0
        data = {"已完成": done, "推进中": max(total - done - late, 0), "滞后": late}
    if _all_zero(data.values()):
        return _empty("目标任务数", title, _url(figures, "目标任务数"))
    svg = charts.donut(title, data, colors=("#4f8a5b", "#2f5d8a", "#a61b1b", "#8c8c8c"))
    return Chart("目标任务数", title, svg, url=_url(figures, "目标任务数"))


def build(figures: dict, previous: dict, year: int) -> list[Chart]:
    built = [
        monthly_disputes(figures, previous, year),
        monthly_success_rate(figures, previous, year),
        ranked(figures, "纠纷类别分布", "纠纷类别分布"),
        ranked(figures, "纠纷社区分布", "纠纷社区分布"),
        certificates(figures),
        goals(figures),
    ]
    return [chart for chart in built if chart is not None]
