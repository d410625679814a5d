"""core.charts: offline SVG that a CSP page and WeasyPrint both accept."""

import re

import pytest

from core import charts


@pytest.fixture(
    params=[
        lambda: charts.monthly_bars("纠纷受理月度对比", {"2023年": [1] * 12, "2022年": [2] * 12}),
        lambda: charts.monthly_rate("调解成功率月度走势", {"2023年": [98.5] * 11 + [None]}),
        lambda: charts.ranked_bars("纠纷类别分布", {"婚姻家庭": 300, "邻里纠纷": 288}),
        lambda: charts.donut("执法证件状态", {"有效": 9, "即将到期": 2}),
    ],
    ids=["monthly", "rate", "ranked", "donut"],
)
def svg(request):
    return request.param()


def test_no_script_no_external_reference(svg):
    assert "<script" not in svg
    assert "<?xml" not in svg  # inline in HTML
    urls = re.findall(r'(?:href|src)="([^"]*)"', svg)
    assert not [u for u in urls if u.startswith(("http", "//"))]
    assert "kozea.github.io" not in svg


def test_chinese_labels_and_font(svg):
    assert "Noto Sans CJK SC" in svg
    assert 'role="img"' in svg and "aria-label=" in svg


def test_it_scales_to_its_container(svg):
    root = svg[: svg.index(">")]
    assert "viewBox=" in root and " width=" not in root


def test_labels_are_escaped():
    svg = charts.ranked_bars("类别", {'<img src=x onerror="alert(1)">': 1})
    assert "<img" not in svg and "&lt;img" in svg


def test_ranked_bars_sum_the_tail_into_other():
    svg = charts.ranked_bars("社区", {f"社区{i}": 10 - i for i in range(10)} | {"小社区": 1}, limit=5)
    assert "其他" in svg and "社区9" not in svg


@pytest.mark.parametrize(
    ("key", "month"),
    [
        (1, 1),
        ("1", 1),
        ("01", 1),
        ("1月", 1),
        ("12月", 12),
        ("2023-03", 3),
        ("2023年3月", 3),
        ("13", None),
        ("x", None),
    ],
)
def test_month_of(key, month):
    assert charts.month_of(key) == month


def test_month_values():
    assert charts.month_values({"2月": 5, "12月": 7}) == [0, 5] + [0] * 9 + [7]
    assert charts.month_values(None) == [None] * 12


def test_data_uri_for_weasyprint():
    uri = charts.svg_data_uri(charts.donut("证件", {"有效": 1}))
    assert uri.startswith("data:image/svg+xml;base64,")


def test_weasyprint_draws_the_same_svg_for_the_report_pdf():
    weasyprint = pytest.importorskip("weasyprint")
    svg = charts.monthly_bars("纠纷受理月度对比", {"2023年": [60] * 12}, show_title=True, explicit_size=True)
    html = f'<html><body><img src="{charts.svg_data_uri(svg)}"><div>{charts.donut("证件", {"有效": 9})}</div></body></html>'
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


def test_the_same_data_is_drawn_once(monkeypatch):
    charts.donut.cache_clear()
    drawn = []
    real_render = charts.render
    monkeypatch.setattr(charts, "render", lambda chart, **kw: drawn.append(1) or real_render(chart, **kw))
    first = charts.donut("证件状态", {"有效": 9, "已注销": 2})
    assert charts.donut("证件状态", {"有效": 9, "已注销": 2}) == first and len(drawn) == 1
    # Any change of data, order, options or number type draws again.
    assert "有效 10" in charts.donut("证件状态", {"有效": 10, "已注销": 2}) and len(drawn) == 2
    charts.donut("证件状态", {"已注销": 2, "有效": 9})
    charts.donut("证件状态", {"有效": 9, "已注销": 2}, colors=("#000000",))
    charts.donut("证件状态", {"有效": 9.0, "已注销": 2})
    assert len(drawn) == 5


def test_the_memory_of_drawings_is_bounded(monkeypatch):
    monkeypatch.setattr(charts, "MEMO_SIZE", 3)
    charts.ranked_bars.cache_clear()
    for n in range(5):
        charts.ranked_bars("类别", {"邻里纠纷": n})
    assert charts.ranked_bars.cache_size() == 3


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        ([0], [0, 1]),
        ([3], [0, 1, 2, 3]),
        ([7], [0, 2, 4, 6, 8]),
        ([13, None], [0, 5, 10, 15]),
        ([137], [0, 50, 100, 150]),
    ],
)
def test_count_axis_is_whole_numbers_from_zero(values, ticks):
    assert charts.count_axis(values) == ticks


def axis_numbers(svg) -> list[str]:
    """The numeric tick labels of a pygal drawing's axes (the month and category labels left out)."""
    labels = re.findall(r'<g class="guides"><path[^>]*/><text[^>]*>([^<]+)</text>', str(svg))
    return [label for label in labels if re.fullmatch(r"[\d.,]+", label)]


@pytest.mark.parametrize(
    "draw",
    [
        lambda: charts.monthly_bars("纠纷受理月度对比", {"2023年": [1] + [0] * 11}),
        lambda: charts.ranked_bars("纠纷类别分布", {"婚姻家庭": 2, "邻里纠纷": 1}),
    ],
    ids=["monthly", "ranked"],
)
def test_counts_have_no_fractional_ticks(draw):
    """Left to pygal, 2 disputes get ticks at 0, 0.2, 0.4 … (shown as 0, 0, 0, 1, 1 …)."""
    numbers = axis_numbers(draw())
    assert len(numbers) >= 2, numbers
    assert all(label.replace(",", "").isdigit() for label in numbers), numbers
    values = [int(label.replace(",", "")) for label in numbers]
    assert values == sorted(set(values)), f"ticks repeat or are out of order: {numbers}"
