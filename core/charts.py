"""Charts drawn on the server as SVG, for the dashboard (inline in the page) and for a PDF.

One renderer for both (DOMAIN.md, "Front-end assets offline"): the browser gets the SVG
inline, WeasyPrint embeds the same SVG as vector text (use `svg_data_uri()` for an
`<img>` there). Nothing is fetched from elsewhere and nothing runs: no script, no
`<style>` element (presentation attributes only, so even a strict CSP draws it), labels
in Chinese with Noto Sans CJK SC (fonts-noto-cjk) and the usual Windows/macOS fonts after
it for a browser on a staff PC. Each mark carries a `<title>`, which a browser shows as
its tooltip without any script.

The four shapes the portal needs (grouped monthly columns, a monthly rate line, ranked
horizontal bars, a donut) are written here as SVG markup. They were drawn with pygal
until issue 22 measured it: 4–8 ms per chart in its configuration machinery and ~15 KB
of markup each (a cold dashboard's five charts: 25–40 ms of a 150 ms budget); the same
charts written directly take well under a millisecond and 2–4 KB.

Every function takes plain Python data (labels and numbers), never a model or a figure,
and returns markup that is safe to put in a template: every label goes through
`django.utils.html.escape`.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
# The portal's sober palette: government red first, then steel blue, gold, green, grey.
PALETTE = ("#a61b1b", "#2f5d8a", "#d49a1a", "#4f8a5b", "#7a5c9e", "#c4622d", "#3f8f9a", "#8c8c8c", "#b3475d", "#6b7d2a")
MONTH_LABELS = [f"{m}月" for m in range(1, 13)]
NO_DATA = "暂无数据"

# 15 px like the rest of the labels: a phone draws a dashboard chart at 560 of its 700 px
# (dashboard.css), and 15 × 0.8 is the portal's 12-px floor.
FONT_SIZE = 15
TITLE_SIZE = 18
TEXT = "#333333"
GRID = "#d9d9d9"
AXIS = "#8c8c8c"
MARGIN = 12
LEGEND_ROW = 24

Number = int | float | Decimal | None


# --- numbers and axes ---------------------------------------------------------------------
def _number(value: Number) -> float | None:
    if value is None:
        return None
    return float(value)


def count_axis(values, *, most_ticks: int = 6) -> list[int]:
    """Whole-number ticks from 0 for a count axis (never 0, 0.5, 1, 1.5 … — half a dispute).
    A step of 1, 2, 5, 10, 20, 50 … keeps at most `most_ticks` + 1 ticks, and the last tick
    is at or above the largest value."""
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


def rate_axis(values) -> list[int]:
    """Percent ticks from a little below the lowest value to 100, so that 97 % and 99 % do not
    look the same: a step of 1, 2, 5, 10, 20 … keeping at most 11 ticks. A rate above 100 (a
    miscount upstream) raises the top rather than leaving its dot off the chart."""
    known = [float(v) for v in values if v is not None]
    high = max(100, math.ceil(max(known, default=100)))
    low = min(max(0, int((min(known, default=0) - 1) // 5 * 5)), high - 5)
    step = next(m * 10**e for e in range(12) for m in (1, 2, 5) if (high - low) / (m * 10**e) <= 10)
    low -= low % step
    ticks = list(range(low, high + 1, step))
    return ticks if ticks[-1] >= high else [*ticks, ticks[-1] + step]


def _count(value) -> str:
    return f"{value:,.0f}" if value is not None else ""


def _percent(value) -> str:
    return f"{value:g}%"


def text_width(text, size: int = FONT_SIZE) -> float:
    """Roughly how wide a label is drawn: a Chinese character is 1 em, a Latin one ~0.6 em."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in str(text))


def _fmt(value: float) -> str:
    """Coordinates with at most one decimal: shorter markup, no visible difference."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


# --- markup -------------------------------------------------------------------------------
def _text(
    x, y, text, *, anchor: str = "middle", size: int | None = None, fill: str | None = None, css: str = ""
) -> str:
    attributes = f' x="{_fmt(x)}" y="{_fmt(y)}"'
    if css:
        attributes = f' class="{css}"' + attributes
    if anchor != "start":
        attributes += f' text-anchor="{anchor}"'
    if size:
        attributes += f' font-size="{size}"'
    if fill:
        attributes += f' fill="{fill}"'
    return f"<text{attributes}>{escape(text)}</text>"


def _svg(title: str, width: int, height: int, parts: Iterable[str], *, explicit_size: bool) -> SafeString:
    """The chart's root. Without an explicit size it has only a viewBox and scales to its
    container: one drawing fits a 1366-px screen and a 390-px phone."""
    size = f' width="{width}" height="{height}"' if explicit_size else ""
    return mark_safe(  # noqa: S308 — every label below went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"{size} role="img" '
        f'aria-label="{escape(title)}" font-family="{escape(FONT_FAMILY)}" font-size="{FONT_SIZE}" fill="{TEXT}">'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>{"".join(parts)}</svg>'
    )


def _heading(title: str, width: int, show_title: bool) -> tuple[list[str], float]:
    """The drawn title, when asked for (a PDF; the dashboard's card has its own), and the
    y where the plot may start."""
    if not show_title:
        return [], MARGIN
    return [_text(width / 2, MARGIN + TITLE_SIZE, title, size=TITLE_SIZE, fill="#222222")], MARGIN + TITLE_SIZE + 14


def _legend(entries: Sequence[tuple[str, str]], width: int, bottom: float, columns: int) -> tuple[list[str], float]:
    """Coloured squares and names in `columns` columns under the plot; returns the markup and
    the y where it starts (the plot ends above it)."""
    if not entries:
        return [], bottom
    rows = math.ceil(len(entries) / columns)
    top = bottom - rows * LEGEND_ROW
    column_width = (width - 2 * MARGIN) / columns
    parts = ['<g class="legend">']
    for index, (name, color) in enumerate(entries):
        x = MARGIN + (index % columns) * column_width
        y = top + (index // columns) * LEGEND_ROW
        parts.append(f'<rect x="{_fmt(x)}" y="{_fmt(y + 5)}" width="12" height="12" fill="{color}"/>')
        parts.append(_text(x + 18, y + 16, name, anchor="start"))
    parts.append("</g>")
    return parts, top - 4


def _no_data(title: str, width: int, height: int, explicit_size: bool, show_title: bool) -> SafeString:
    parts, top = _heading(title, width, show_title)
    parts.append(_text(width / 2, (top + height) / 2, NO_DATA, fill="#5c6370"))
    return _svg(title, width, height, parts, explicit_size=explicit_size)


@dataclass
class _MonthFrame:
    """What both monthly charts share, drawn: the series (twelve values each) and their colours,
    the heading and the value guides with their labels and the month names, the legend."""

    values: dict[str, list[float | None]]
    colors: dict[str, str]
    parts: list[str]  # heading and guides; the chart adds its marks
    legend: list[str]
    left: float  # the plot's left edge
    bottom: float  # its baseline
    step: float  # the width of a month
    y_of: Callable[[float], float]


def _month_frame(title, series, axis, label, *, width: int, height: int, show_title: bool) -> _MonthFrame | None:
    """The frame of a monthly chart on `axis` (its ticks from the values), ticks written by
    `label`; None when no month has a value."""
    values = {name: [_number(v) for v in list(numbers)[:12]] for name, numbers in series.items()}
    if not any(v is not None for numbers in values.values() for v in numbers):
        return None
    colors = {name: PALETTE[index % len(PALETTE)] for index, name in enumerate(values)}
    parts, top = _heading(title, width, show_title)
    legend, legend_top = _legend(list(colors.items()), width, height - MARGIN, 4)
    bottom, top = legend_top - 30, top + 8
    ticks = axis(v for numbers in values.values() for v in numbers)
    left = MARGIN + max(text_width(label(t)) for t in ticks) + 8
    right = width - MARGIN
    low, high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return bottom - (value - low) / ((high - low) or 1) * (bottom - top)

    parts.append('<g class="axis">')
    for tick in ticks:
        y = y_of(tick)
        stroke = f'stroke="{AXIS}"' if tick == low else f'stroke="{GRID}" stroke-dasharray="4 3"'
        parts.append(f'<path d="M{_fmt(left)} {_fmt(y)}H{_fmt(right)}" {stroke}/>')
        parts.append(_text(left - 6, y + 5, label(tick), anchor="end", css="tick"))
    step = (right - left) / 12
    for index, month in enumerate(MONTH_LABELS):
        parts.append(_text(left + step * (index + 0.5), bottom + 20, month))
    parts.append("</g>")
    return _MonthFrame(values, colors, parts, legend, left, bottom, step, y_of)


# --- the four shapes ------------------------------------------------------------------------
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
    frame = _month_frame(title, series, count_axis, _count, width=width, height=height, show_title=show_title)
    if frame is None:
        return _no_data(title, width, height, explicit_size, show_title)
    parts, step = frame.parts, frame.step
    bar = step * 0.8 / len(frame.values)
    for offset, (name, numbers) in enumerate(frame.values.items()):
        parts.append(f'<g class="series" fill="{frame.colors[name]}">')
        for month, value in enumerate(numbers):
            if value is None or value <= 0:  # nothing to stand up (a count is never below 0)
                continue
            x = frame.left + step * month + step * 0.1 + bar * offset
            y = frame.y_of(value)
            parts.append(
                f'<rect x="{_fmt(x + 1)}" y="{_fmt(y)}" width="{_fmt(bar - 2)}" height="{_fmt(frame.bottom - y)}" rx="2">'
                f"<title>{escape(name)} {month + 1}月：{_count(value)}</title></rect>"
            )
        parts.append("</g>")
    return _svg(title, width, height, parts + frame.legend, explicit_size=explicit_size)


def monthly_rate(
    title: str,
    series: Mapping[str, Sequence[Number]],
    *,
    width: int = 700,
    height: int = 360,
    explicit_size: bool = False,
    show_title: bool = False,
) -> SafeString:
    """A percentage per month (e.g. 调解成功率), a month without one left as a gap in the line.
    The axis starts a little below the lowest month, not at 0 (rate_axis)."""
    frame = _month_frame(title, series, rate_axis, _percent, width=width, height=height, show_title=show_title)
    if frame is None:
        return _no_data(title, width, height, explicit_size, show_title)
    parts, step = frame.parts, frame.step
    for name, numbers in frame.values.items():
        points = [(frame.left + step * (m + 0.5), frame.y_of(v), m, v) for m, v in enumerate(numbers) if v is not None]
        path, previous = [], None
        for x, y, month, _ in points:
            path.append(f"{'L' if previous == month - 1 else 'M'}{_fmt(x)} {_fmt(y)}")
            previous = month
        color = frame.colors[name]
        parts.append(f'<g class="series" fill="{color}">')
        parts.append(f'<path d="{"".join(path)}" fill="none" stroke="{color}" stroke-width="2.5"/>')
        parts += [
            f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4"><title>{escape(name)} {month + 1}月：{_percent(v)}</title></circle>'
            for x, y, month, v in points
        ]
        parts.append("</g>")
    return _svg(title, width, height, parts + frame.legend, explicit_size=explicit_size)


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
    """Horizontal bars, largest on top (categories, communities), each with its count; the tail
    beyond `limit` is summed into 其他, last, so a long list stays readable."""
    items = sorted(((str(k), max(_number(v) or 0, 0)) for k, v in data.items()), key=lambda kv: (-kv[1], kv[0]))
    if len(items) > limit:
        head, tail = items[: limit - 1], items[limit - 1 :]
        items = head + [(other_label, sum(v for _, v in tail))]
    height = height or max(220, 60 + 34 * len(items))
    if not items:
        return _no_data(title, width, height, explicit_size, show_title)
    parts, top = _heading(title, width, show_title)
    # A long name is cut at a third of the width; its <title> keeps it whole.
    room = (width - 2 * MARGIN) / 3
    names = [_fit(name, room) for name, _ in items]
    left = MARGIN + max(text_width(name) for name in names) + 10
    right = width - MARGIN - 10
    bottom = height - MARGIN - 26
    ticks = count_axis(v for _, v in items)

    def x_of(value: float) -> float:
        return left + value / ticks[-1] * (right - left)

    parts.append('<g class="axis">')
    for tick in ticks:
        x = x_of(tick)
        stroke = f'stroke="{AXIS}"' if tick == 0 else f'stroke="{GRID}" stroke-dasharray="4 3"'
        parts.append(f'<path d="M{_fmt(x)} {_fmt(top)}V{_fmt(bottom)}" {stroke}/>')
        parts.append(_text(x, bottom + 20, _count(tick), css="tick"))
    parts.append("</g>")
    row = (bottom - top) / len(items)
    parts.append(f'<g class="series" fill="{PALETTE[0]}">')
    for index, ((name, value), shown) in enumerate(zip(items, names, strict=True)):
        middle = top + row * (index + 0.5)
        parts.append(_text(left - 6, middle + 5, shown, anchor="end", fill=TEXT))
        end = x_of(value)
        label = _count(value)
        parts.append(
            f'<rect x="{_fmt(left)}" y="{_fmt(middle - row * 0.35)}" width="{_fmt(end - left)}" '
            f'height="{_fmt(row * 0.7)}" rx="2"><title>{escape(name)}：{label}</title></rect>'
        )
        # The count inside the bar's end when it fits, else just after it.
        if end - left >= text_width(label) + 12:
            parts.append(_text(end - 6, middle + 5, label, anchor="end", fill="#ffffff"))
        else:
            parts.append(_text(end + 4, middle + 5, label, anchor="start", fill=TEXT))
    parts.append("</g>")
    return _svg(title, width, height, parts, explicit_size=explicit_size)


def _fit(name: str, room: float) -> str:
    if text_width(name) <= room:
        return name
    while name and text_width(name + "…") > room:
        name = name[:-1]
    return name + "…"


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
    """Shares of a whole (certificates by status, goals by status): a ring from twelve o'clock,
    clockwise, each share's count on it and "name count" in the legend."""
    palette = tuple(colors) if colors else PALETTE
    slices = [
        (str(name), max(_number(value) or 0, 0), palette[i % len(palette)])
        for i, (name, value) in enumerate(data.items())
    ]
    total = sum(value for _, value, _ in slices)
    if total <= 0:
        return _no_data(title, width, height, explicit_size, show_title)
    parts, top = _heading(title, width, show_title)
    legend, legend_top = _legend(
        [(f"{name} {_count(value)}", color) for name, value, color in slices], width, height - MARGIN, 2
    )
    outer = (legend_top - top - 8) / 2
    inner = outer * 0.55
    cx, cy = width / 2, top + outer
    parts.append('<g class="series">')
    start = 0.0
    for name, value, color in slices:
        if value <= 0:
            continue
        share = value / total
        tip = f"<title>{escape(name)}：{_count(value)}（{share:.0%}）</title>"
        parts.append(f'<path d="{_ring(cx, cy, outer, inner, start, start + share)}" fill="{color}">{tip}</path>')
        if share >= 0.04:
            angle = (start + share / 2) * 2 * math.pi
            radius = (outer + inner) / 2
            x, y = cx + radius * math.sin(angle), cy - radius * math.cos(angle)
            parts.append(_text(x, y + 5, _count(value), fill=_ink(color)))
        start += share
    parts.append("</g>")
    return _svg(title, width, height, parts + legend, explicit_size=explicit_size)


def _ring(cx: float, cy: float, outer: float, inner: float, start: float, end: float) -> str:
    """The path of a ring segment between two fractions of a turn (0 = twelve o'clock)."""
    if end - start >= 0.9999:  # a whole ring: two half arcs each way (one arc cannot close a circle)
        return (
            f"M{_fmt(cx)} {_fmt(cy - outer)}A{_fmt(outer)} {_fmt(outer)} 0 1 1 {_fmt(cx)} {_fmt(cy + outer)}"
            f"A{_fmt(outer)} {_fmt(outer)} 0 1 1 {_fmt(cx)} {_fmt(cy - outer)}Z"
            f"M{_fmt(cx)} {_fmt(cy - inner)}A{_fmt(inner)} {_fmt(inner)} 0 1 0 {_fmt(cx)} {_fmt(cy + inner)}"
            f"A{_fmt(inner)} {_fmt(inner)} 0 1 0 {_fmt(cx)} {_fmt(cy - inner)}Z"
        )

    def point(radius: float, fraction: float) -> str:
        angle = fraction * 2 * math.pi
        return f"{_fmt(cx + radius * math.sin(angle))} {_fmt(cy - radius * math.cos(angle))}"

    large = 1 if end - start > 0.5 else 0
    return (
        f"M{point(outer, start)}A{_fmt(outer)} {_fmt(outer)} 0 {large} 1 {point(outer, end)}"
        f"L{point(inner, end)}A{_fmt(inner)} {_fmt(inner)} 0 {large} 0 {point(inner, start)}Z"
    )


def _ink(color: str) -> str:
    """White on a dark share, near-black on a light one (WCAG relative luminance)."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#ffffff" if luminance < 0.3 else "#222222"


# --- helpers for the callers ------------------------------------------------------------------
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
