"""Charts rendered on the server as SVG (pygal), for the dashboard and the report PDF.

One renderer for both (DOMAIN.md, "Front-end assets offline"): the browser gets
the SVG inline in the page, WeasyPrint embeds the same SVG as vector text (use
`svg_data_uri()` for an `<img>` there). Nothing is fetched from elsewhere:

- pygal's `js` list is emptied, so the SVG links no external script, and the
  config `<script>` pygal still writes into every chart is removed, because the
  portal's CSP forbids inline scripts (and a PDF needs none);
- labels are Chinese, drawn with Noto Sans CJK SC (fonts-noto-cjk), with the
  usual Windows/macOS fonts after it for a browser on a staff PC.

Every function takes plain Python data (labels and numbers), never a model or a
figure, and returns markup that is safe to put in a template: pygal builds the
SVG with lxml, which escapes every label.
"""

from __future__ import annotations

import base64
import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from decimal import Decimal

import pygal
from django.utils.safestring import SafeString, mark_safe
from lxml import etree
from pygal.style import Style

FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
# The portal's sober palette: government red first, then gold, steel blue, green, grey.
PALETTE = ("#a61b1b", "#2f5d8a", "#d49a1a", "#4f8a5b", "#7a5c9e", "#c4622d", "#3f8f9a", "#8c8c8c", "#b3475d", "#6b7d2a")
MONTH_LABELS = [f"{m}月" for m in range(1, 13)]

Number = int | float | Decimal | None


def chart_style(**overrides) -> Style:
    options = {
        "font_family": FONT_FAMILY,
        "background": "#ffffff",
        "plot_background": "#ffffff",
        "foreground": "#333333",
        "foreground_strong": "#222222",
        "foreground_subtle": "#e6e6e6",
        "colors": PALETTE,
        "opacity": ".9",
        "opacity_hover": "1",
        "title_font_size": 18,
        "label_font_size": 15,
        "major_label_font_size": 15,
        "legend_font_size": 15,
        # 15 like the labels: a phone draws a dashboard chart at 560 of its 700 px
        # (dashboard.css), and 15 × 0.8 is the portal's 12-px floor (14 came out at 11.2).
        "value_font_size": 15,
        "value_label_font_size": 15,
        "tooltip_font_size": 15,
    }
    options.update(overrides)
    return Style(**options)


def _config(width: int, height: int, explicit_size: bool, **extra) -> dict:
    config = {
        "js": [],  # no external script (pygal links kozea.github.io by default)
        "css": ["file://style.css", "file://graph.css"],
        "width": width,
        "height": height,
        # Without an explicit size the SVG has only a viewBox and scales to its
        # container: one chart fits a 1366 px screen and a 390 px phone.
        "explicit_size": explicit_size,
        "disable_xml_declaration": True,
        "style": chart_style(),
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 4,
        "truncate_legend": -1,
        "truncate_label": -1,
        "print_values": True,
        "margin": 12,
        "spacing": 10,
        "no_data_text": "暂无数据",
        # pygal measures text with Latin metrics; CJK labels are taller, so the
        # legend under the plot needs room or its last line is clipped.
        "margin_bottom": 28,
    }
    config.update(extra)
    return config


def _cjk_room(labels, font_size: int) -> int:
    """Extra px a column of labels needs: pygal sizes text as 0.6 em per
    character, a Chinese character is 1 em wide."""
    wide = max((sum(1 for ch in str(label) if ord(ch) > 0x2E80) for label in labels), default=0)
    return int(wide * 0.42 * font_size) + 4


def _number(value: Number) -> float | None:
    if value is None:
        return None
    return float(value)


def count_axis(values, *, most_ticks: int = 6) -> list[int]:
    """Whole-number ticks from 0 for a count axis: pygal would label 7 disputes with
    0, 0.5, 1, 1.5 … (half a dispute). A step of 1, 2, 5, 10, 20, 50 … keeps at most
    `most_ticks` + 1 ticks, and the last tick is at or above the largest value."""
    top = max((float(v) for v in values if v is not None), default=0)
    top = max(int(-(-top // 1)), 1)
    step = 1
    while top / step > most_ticks:
        for factor in (2, 5, 10):
            if top / (step * factor) <= most_ticks:
                step *= factor
                break
        else:
            step *= 10
    return list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))


def _count_format(value) -> str:
    return f"{value:,.0f}" if value is not None else ""


def _title(title: str, show_title: bool) -> dict:
    return {"title": title} if show_title else {}


MEMO_SIZE = 128


def _frozen(value):
    """A hashable copy of a chart's input (mappings keep their order: it is the legend's)."""
    if isinstance(value, Mapping):
        return ("map", tuple((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return ("seq", tuple(_frozen(item) for item in value))
    return (type(value).__name__, value)


def memoized(func):
    """The same data draws the same SVG. The dashboard redraws its charts on every visit
    while the figures behind them rarely change; pygal takes a few ms per chart, so each
    worker keeps the last MEMO_SIZE drawings (the functions are pure: plain data in, markup out)."""
    cache: OrderedDict = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            key = (_frozen(args), _frozen(tuple(sorted(kwargs.items()))))
            hash(key)
        except TypeError:  # an unhashable value: draw it, do not remember it
            return func(*args, **kwargs)
        with lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        svg = func(*args, **kwargs)
        with lock:
            cache[key] = svg
            while len(cache) > MEMO_SIZE:
                cache.popitem(last=False)
        return svg

    wrapper.cache_clear = cache.clear
    wrapper.cache_size = lambda: len(cache)
    return wrapper


def render(chart, *, label: str = "") -> SafeString:
    """The chart's SVG without scripts or comments, labelled for screen readers."""
    root = chart.render_tree()
    for script in root.iter("{http://www.w3.org/2000/svg}script", "script"):
        script.getparent().remove(script)
    for comment in root.xpath("//comment()"):
        comment.getparent().remove(comment)
    root.set("role", "img")
    if label:
        root.set("aria-label", label)
    return mark_safe(etree.tostring(root, encoding="unicode"))  # noqa: S308 — lxml escaped every text


def svg_data_uri(svg: str) -> str:
    """For an `<img src>` (WeasyPrint, or a page that prefers images to inline SVG)."""
    return "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode()).decode()


def month_values(breakdown: Mapping | None) -> list[Number]:
    """Twelve values, January first, from a monthly breakdown.

    Apps may key months as 1, "1", "1月", "01", "2023-01" or "2023年1月"; a month
    missing from the breakdown is 0, a breakdown that is None gives all None.
    """
    if breakdown is None:
        return [None] * 12
    values: list[Number] = [0] * 12
    for key, value in breakdown.items():
        month = month_of(key)
        if month is not None:
            values[month - 1] = value
    return values


def month_of(key) -> int | None:
    if isinstance(key, int):
        return key if 1 <= key <= 12 else None
    text = str(key).strip()
    match = re.fullmatch(r"(?:\d{4}\s*[-/年.]\s*)?0?(\d{1,2})\s*月?(?:份)?", text)
    if not match:
        return None
    month = int(match.group(1))
    return month if 1 <= month <= 12 else None


@memoized
def monthly_bars(
    title: str,
    series: Mapping[str, Sequence[Number]],
    *,
    width: int = 700,
    height: int = 360,
    explicit_size: bool = False,
    show_title: bool = False,
) -> SafeString:
    """Columns per month, one series per year (this year vs last): counts, on a whole-number axis."""
    chart = pygal.Bar(
        **_config(width, height, explicit_size, print_values=False),
        **_title(title, show_title),
        x_labels=MONTH_LABELS,
        rounded_bars=2,
        y_labels=count_axis(v for values in series.values() for v in values),
        value_formatter=_count_format,
    )
    for name, values in series.items():
        chart.add(name, [_number(v) for v in values])
    return render(chart, label=title)


@memoized
def monthly_rate(
    title: str,
    series: Mapping[str, Sequence[Number]],
    *,
    width: int = 700,
    height: int = 360,
    explicit_size: bool = False,
    show_title: bool = False,
) -> SafeString:
    """A percentage per month (e.g. 调解成功率). The axis starts a little below the
    lowest month, not at 0, so that 97 % and 99 % do not look the same."""
    known = [float(v) for values in series.values() for v in values if v is not None]
    low = max(0, int((min(known, default=0) - 1) // 5 * 5))
    chart = pygal.Line(
        **_config(width, height, explicit_size, print_values=False),
        **_title(title, show_title),
        x_labels=MONTH_LABELS,
        range=(low, 100),
        value_formatter=lambda v: f"{v:g}%",
        dots_size=4,
        stroke_style={"width": 3},
        allow_interruptions=True,
    )
    for name, values in series.items():
        chart.add(name, [_number(v) for v in values])
    return render(chart, label=title)


@memoized
def ranked_bars(
    title: str,
    data: Mapping[str, Number],
    *,
    limit: int = 10,
    other_label: str = "其他",
    width: int = 700,
    height: int | None = None,
    explicit_size: bool = False,
    show_title: bool = False,
) -> SafeString:
    """Horizontal bars, largest first (categories, communities); the tail beyond
    `limit` is summed into 其他 so a long list stays readable."""
    items = sorted(((k, v or 0) for k, v in data.items()), key=lambda kv: (-kv[1], str(kv[0])))
    if len(items) > limit:
        head, tail = items[: limit - 1], items[limit - 1 :]
        items = head + [(other_label, sum(v for _, v in tail))]
    # pygal draws the first label at the bottom: reverse so the largest is on top.
    items = list(reversed(items))
    height = height or max(220, 60 + 34 * len(items))
    labels = [str(k) for k, _ in items]
    chart = pygal.HorizontalBar(
        **_config(width, height, explicit_size, show_legend=False, margin_left=_cjk_room(labels, 15)),
        **_title(title, show_title),
        x_labels=labels,
        rounded_bars=2,
        show_y_guides=False,
        y_labels=count_axis(v for _, v in items),
        value_formatter=_count_format,
    )
    chart.add(title, [_number(v) for _, v in items])
    return render(chart, label=title)


@memoized
def donut(
    title: str,
    data: Mapping[str, Number],
    *,
    colors: Sequence[str] | None = None,
    width: int = 700,
    height: int = 340,
    explicit_size: bool = False,
    show_title: bool = False,
) -> SafeString:
    """Shares of a whole (certificates by status, goals by status)."""
    config = _config(width, height, explicit_size, legend_at_bottom_columns=2)
    if colors:
        config["style"] = chart_style(colors=tuple(colors))
    chart = pygal.Pie(**config, **_title(title, show_title), inner_radius=0.55)
    for label, value in data.items():
        chart.add(f"{label} {value or 0}", [_number(value) or 0])
    return render(chart, label=title)
