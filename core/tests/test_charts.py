"""core.charts: offline SVG that a CSP page and WeasyPrint both accept."""

import re

import pytest
from lxml import etree

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
    """The numeric tick labels of a drawing's value axis (the month and category labels left out)."""
    return re.findall(r'<text class="tick"[^>]*>([^<]+)</text>', str(svg))


@pytest.mark.parametrize(
    "draw",
    [
        lambda: charts.monthly_bars("纠纷受理月度对比", {"2023年": [1] + [0] * 11}),
        lambda: charts.ranked_bars("纠纷类别分布", {"婚姻家庭": 2, "邻里纠纷": 1}),
    ],
    ids=["monthly", "ranked"],
)
def test_counts_have_no_fractional_ticks(draw):
    """Left to a charting library, 2 disputes get ticks at 0, 0.2, 0.4 … (shown as 0, 0, 0, 1, 1 …)."""
    numbers = axis_numbers(draw())
    assert len(numbers) >= 2, numbers
    assert all(label.replace(",", "").isdigit() for label in numbers), numbers
    values = [int(label.replace(",", "")) for label in numbers]
    assert values == sorted(set(values)), f"ticks repeat or are out of order: {numbers}"


# --- the drawing itself: what a leader reads off each chart -----------------------------------
SVG = "{http://www.w3.org/2000/svg}"


def tree(svg):
    """The drawing as XML (it must be well-formed: WeasyPrint and an <img> reject anything else)."""
    return etree.fromstring(str(svg).encode())


def marks(svg, tag: str) -> dict[str, etree._Element]:
    """Each bar, dot or slice by its tooltip (<title>)."""
    return {
        mark.findtext(f"{SVG}title"): mark
        for mark in tree(svg).iter(f"{SVG}{tag}")
        if mark.find(f"{SVG}title") is not None
    }


def test_monthly_bars_are_as_tall_as_their_counts():
    svg = charts.monthly_bars("纠纷", {"2023年": [10, 20, 0] + [5] * 9, "2022年": [40] + [None] * 11})
    bars = marks(svg, "rect")
    height = {title: float(bar.get("height")) for title, bar in bars.items()}
    assert height["2023年 2月：20"] == pytest.approx(2 * height["2023年 1月：10"], abs=0.2)
    assert height["2022年 1月：40"] == pytest.approx(4 * height["2023年 1月：10"], abs=0.2)
    assert "2023年 3月：0" not in bars and not any(t.startswith("2022年 2月") for t in bars)
    # All bars stand on the same axis; last year's column is right of this year's in the same month.
    assert len({round(float(b.get("y")) + float(b.get("height")), 1) for b in bars.values()}) == 1
    assert float(bars["2022年 1月：40"].get("x")) > float(bars["2023年 1月：10"].get("x"))
    assert float(bars["2023年 2月：20"].get("x")) > float(bars["2022年 1月：40"].get("x"))
    fills = [g.get("fill") for g in tree(svg).iter(f"{SVG}g") if g.get("class") == "series"]
    assert fills == list(charts.PALETTE[:2])
    assert "2023年" in [t.text for t in tree(svg).iter(f"{SVG}text")]  # the legend


def test_a_rate_line_leaves_a_gap_for_a_month_without_a_rate():
    svg = charts.monthly_rate("调解成功率", {"2023年": [98, 97, None, 99] + [None] * 8})
    dots = marks(svg, "circle")
    assert sorted(dots) == ["2023年 1月：98%", "2023年 2月：97%", "2023年 4月：99%"]
    line = next(p.get("d") for p in tree(svg).iter(f"{SVG}path") if p.get("fill") == "none")
    assert line.count("M") == 2 and line.count("L") == 1
    # Higher rate, higher dot; the axis runs from a little below the lowest month to 100 %.
    assert float(dots["2023年 4月：99%"].get("cy")) < float(dots["2023年 1月：98%"].get("cy"))
    assert axis_numbers(svg)[0] == "95%" and axis_numbers(svg)[-1] == "100%"


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        ([98.5], [95, 96, 97, 98, 99, 100]),
        ([40, 99], [30, 40, 50, 60, 70, 80, 90, 100]),
        ([None], list(range(0, 101, 10))),
        ([99, 130], [95, 100, 105, 110, 115, 120, 125, 130]),
        ([10**6], list(range(999_995, 1_000_001))),
    ],
)
def test_rate_axis(values, ticks):
    assert charts.rate_axis(values) == ticks


def test_ranked_bars_largest_on_top_and_as_long_as_their_counts():
    name = "一个名字很长很长很长很长很长很长很长很长的社区居民委员会"
    svg = charts.ranked_bars("社区", {"小": 5, "大": 20, name: 10})
    bars = marks(svg, "rect")
    assert list(bars) == ["大：20", f"{name}：10", "小：5"]  # top to bottom
    tops = [float(bar.get("y")) for bar in bars.values()]
    assert tops == sorted(tops)
    width = {title: float(bar.get("width")) for title, bar in bars.items()}
    assert width["大：20"] == pytest.approx(4 * width["小：5"], abs=0.2)
    texts = [t.text for t in tree(svg).iter(f"{SVG}text")]
    assert name not in texts and any(t.endswith("…") and name.startswith(t[:-1]) for t in texts)


def test_donut_shares_follow_the_data():
    svg = charts.donut("证件", {"有效": 3, "即将到期": 1, "注销": 0}, colors=("#4f8a5b", "#d49a1a", "#8c8c8c"))
    slices = marks(svg, "path")
    assert list(slices) == ["有效：3（75%）", "即将到期：1（25%）"]  # a share of 0 draws nothing
    # Three quarters take the long way round (large-arc flag 1), a quarter the short one.
    assert " 0 1 1 " in slices["有效：3（75%）"].get("d") and " 0 0 1 " in slices["即将到期：1（25%）"].get("d")
    assert [s.get("fill") for s in slices.values()] == ["#4f8a5b", "#d49a1a"]
    texts = [t.text for t in tree(svg).iter(f"{SVG}text")]
    assert {"有效 3", "即将到期 1", "注销 0"} <= set(texts)  # the legend names every status, 0 included


def test_a_single_share_is_a_whole_ring():
    slices = marks(charts.donut("证件", {"有效": 9}), "path")
    assert list(slices) == ["有效：9（100%）"] and slices["有效：9（100%）"].get("d").count("A") == 4


@pytest.mark.parametrize(
    "draw",
    [
        lambda: charts.monthly_bars("纠纷", {"2023年": [None] * 12}),
        lambda: charts.monthly_rate("成功率", {}),
        lambda: charts.ranked_bars("类别", {}),
        lambda: charts.donut("证件", {"有效": 0}),
    ],
    ids=["monthly", "rate", "ranked", "donut"],
)
def test_nothing_to_draw_says_so(draw):
    svg = draw()
    assert [t.text for t in tree(svg).iter(f"{SVG}text")] == [charts.NO_DATA]


def test_every_name_is_escaped_in_marks_legend_and_label():
    hostile = '"><script>alert(1)</script>'
    for svg in (
        charts.monthly_bars(hostile, {hostile: [1] * 12}),
        charts.monthly_rate(hostile, {hostile: [99] * 12}),
        charts.ranked_bars(hostile, {hostile: 1}),
        charts.donut(hostile, {hostile: 1}),
    ):
        assert "<script" not in svg
        root = tree(svg)
        assert root.get("aria-label") == hostile
        assert any(hostile in (t.text or "") for t in root.iter(f"{SVG}text", f"{SVG}title"))


def test_a_title_is_drawn_only_when_asked():
    assert "纠纷受理" not in [t.text for t in tree(charts.donut("纠纷受理", {"有效": 1})).iter(f"{SVG}text")]
    assert "纠纷受理" in [
        t.text for t in tree(charts.donut("纠纷受理", {"有效": 1}, show_title=True)).iter(f"{SVG}text")
    ]


def test_odd_numbers_never_draw_outside_the_chart():
    """A negative count or a rate over 100 % (a miscount upstream) must not give a bar of negative
    size or a dot off the drawing."""
    bars = marks(charts.monthly_bars("纠纷", {"2023年": [-3, 5] + [0] * 10}), "rect")
    assert list(bars) == ["2023年 2月：5"]
    ranked = marks(charts.ranked_bars("类别", {"甲": -2, "乙": 4}), "rect")
    assert all(float(bar.get("width")) >= 0 for bar in ranked.values())
    assert list(marks(charts.donut("证件", {"有效": 3, "错": -1}), "path")) == ["有效：3（100%）"]
    svg = charts.monthly_rate("成功率", {"2023年": [120, 99] + [None] * 10})
    top = min(float(dot.get("cy")) for dot in marks(svg, "circle").values())
    assert top >= 0 and axis_numbers(svg)[-1] == "120%"
