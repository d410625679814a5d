"""The placeholder syntax staff type into a report's narrative.

    【持证人数】            → 11
    【调解成功率|以上】      → 98%以上      (floored to a whole percent)
    【入户走访户数|万余】    → 9万余        (floored to 万)
    【模拟法庭参与人数|余】  → 600余        (floored to the leading digit: 630 → 600, 43 → 40)
    【年度】/【下一年度】    → 2023 / 2024  (the report's year, so a copied report names its own)

The separator may be typed half-width | or full-width ｜ (Chinese IMEs give the
latter). Plain numbers carry no thousands separators (the seed writes 1440, not
1,440); rates carry their % sign. An unknown key or format is a validation error
naming it — a typo must never reach a published report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from core import figures as core_figures

# Only the brackets are searched for with a regex: a one-character class cannot
# backtrack. The old single pattern 【\s*(key+?)\s*(?:[|｜]\s*(fmt*?)\s*)?】 tried
# every split of a run of spaces after an unclosed 【 — cubic time, 30 KB took
# minutes (issue #16). What lies between two brackets is split by hand below.
BRACKET_RE = re.compile(r"[【】]")
SEPARATORS = "|｜"

# Keys every report knows without a data app: the report's own year and its neighbours.
YEAR_KEYS = {
    "年度": ("报告年度", 0),
    "下一年度": ("报告年度的下一年", 1),
    "上一年度": ("报告年度的上一年", -1),
}

FORMATS = {
    "": "原样输出，不加千分位（如 1440；比率带%，如 98.35%）",
    "以上": "向下取整后加“以上”（比率：98%以上）",
    "余": "按最高位向下取整后加“余”（630→600余，43→40余）",
    "万余": "以万为单位向下取整后加“万余”（91326→9万余；不足一万时同“余”）",
    "万": "以万为单位保留一位小数（91326→9.1万）",
    "整数": "向下取整（比率：98%）",
    "分子": "比率的分子（如调解成功数）",
    "分母": "比率的分母（如调结纠纷数）",
}


@dataclass
class Placeholder:
    raw: str
    key: str
    fmt: str
    start: int
    end: int


@dataclass
class Figure:
    """One figure as the report sees it — live from the registry or frozen in a revision."""

    key: str
    label: str = ""
    unit: str = ""
    kind: str = "count"
    value: Decimal | int | None = None
    numerator: int | None = None
    denominator: int | None = None
    items: list = field(default_factory=list)
    url: str = ""
    app_label: str = ""

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "unit": self.unit,
            "kind": self.kind,
            "value": None if self.value is None else str(self.value),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "items": self.items or [],
            "url": self.url,
            "app_label": self.app_label,
        }

    @classmethod
    def from_json(cls, data: dict) -> Figure:
        value = data.get("value")
        return cls(
            key=data["key"],
            label=data.get("label", ""),
            unit=data.get("unit", ""),
            kind=data.get("kind", "count"),
            value=None if value is None else Decimal(value),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            items=data.get("items") or [],
            url=data.get("url", ""),
            app_label=data.get("app_label", ""),
        )

    @property
    def display(self) -> str:
        """The plain rendering, for pages (“无数据” when there is nothing to show)."""
        return "无数据" if self.value is None else format_figure(self, "")


@dataclass
class Problem:
    """A placeholder that cannot be resolved; `blocking` ones stop 送审 and 发布."""

    key: str
    message: str
    blocking: bool = True


def _key(part: str) -> str | None:
    """The key typed before the separator, as the old regex read it (None: not a placeholder).

    Spaces around it are dropped; a key never spans lines. A key of spaces alone
    stays a (never known, so reported) key, the last non-newline one: "【 】" is a typo to
    flag, not text to publish.
    """
    key = part.strip()
    if key:
        return None if "\n" in key else key
    return next((c for c in reversed(part) if c != "\n"), None)


def _placeholder(text: str, start: int, end: int) -> Placeholder | None:
    """The placeholder text[start:end] == 【…】 (no bracket inside), or None."""
    inner = text[start + 1 : end - 1]
    cut = min((i for i in (inner.find(s) for s in SEPARATORS) if i >= 0), default=-1)
    key = _key(inner if cut < 0 else inner[:cut])
    fmt = "" if cut < 0 else inner[cut + 1 :].strip()
    if key is None or "\n" in fmt:
        return None
    return Placeholder(raw=text[start:end], key=key, fmt=fmt, start=start, end=end)


def find_placeholders(text: str) -> list[Placeholder]:
    """Every 【key】 / 【key|format】 in `text`, in linear time whatever the text.

    A placeholder is a 【 followed by a 】 with no bracket between them, so only
    neighbouring brackets need looking at.
    """
    text = text or ""
    found: list[Placeholder] = []
    previous = None
    for match in BRACKET_RE.finditer(text):
        if previous is not None and text[previous] == "【" and match.group() == "】":
            placeholder = _placeholder(text, previous, match.end())
            if placeholder is not None:
                found.append(placeholder)
        previous = match.start()
    return found


def figure_registry() -> core_figures.FigureRegistry:
    # Looked up on each call (not imported by name) so tests can swap in a registry
    # holding a fake provider. Lives here, not in selectors, so that models.py may use
    # placeholders without an import cycle (models → placeholders → selectors → models).
    return core_figures.registry


def known_keys() -> set[str]:
    return {d.key for d in figure_registry().definitions()} | set(YEAR_KEYS)


def placeholder_errors(text: str, keys: set[str] | None = None) -> list[str]:
    """Chinese messages naming every unknown key or format in `text` (empty when all is well)."""
    keys = known_keys() if keys is None else keys
    errors: list[str] = []
    for ph in find_placeholders(text):
        if ph.key not in keys:
            errors.append(f"未知的指标占位符“{ph.raw}”：没有名为“{ph.key}”的指标，请从右侧指标列表中选择。")
        elif ph.fmt not in FORMATS:
            allowed = "、".join(f for f in FORMATS if f)
            errors.append(f"占位符“{ph.raw}”的格式“{ph.fmt}”无法识别，可用的格式：{allowed}。")
    unbalanced = (text or "").count("【") - (text or "").count("】")
    if unbalanced and not errors:
        errors.append("占位符的括号【】不成对，请检查。")
    return list(dict.fromkeys(errors))


def _plain_number(value) -> str:
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _floor(value) -> int:
    return int(Decimal(value).to_integral_value(rounding=ROUND_FLOOR))


def _leading_digit_floor(n: int) -> int:
    """630 → 600, 43 → 40, 1440 → 1000, 7 → 7."""
    if n < 10:
        return n
    magnitude = 10 ** (len(str(n)) - 1)
    return n // magnitude * magnitude


def format_figure(figure: Figure, fmt: str) -> str:
    """The text a placeholder becomes. `figure.value` must not be None."""
    if fmt == "分子":
        return "" if figure.numerator is None else str(figure.numerator)
    if fmt == "分母":
        return "" if figure.denominator is None else str(figure.denominator)
    value = figure.value
    percent = "%" if figure.kind == "rate" else ""
    if fmt == "":
        return _plain_number(value) + percent
    if fmt == "整数":
        return f"{_floor(value)}{percent}"
    if fmt == "以上":
        return f"{_floor(value)}{percent}以上"
    if fmt == "余":
        return f"{_leading_digit_floor(_floor(value))}{percent}余"
    if fmt == "万余":
        n = _floor(value)
        if n < 10000:
            return f"{_leading_digit_floor(n)}余"
        return f"{n // 10000}万余"
    if fmt == "万":
        tenth = (Decimal(value) / 10000).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
        return f"{_plain_number(tenth)}万"
    raise ValueError(fmt)


def resolve_text(text: str, figures: dict[str, Figure]) -> tuple[str, list[Problem]]:
    """Replace every placeholder; unresolvable ones stay visible as typed and are reported."""
    problems: list[Problem] = []
    out: list[str] = []
    last = 0
    for ph in find_placeholders(text):
        out.append(text[last : ph.start])
        last = ph.end
        figure = figures.get(ph.key)
        if figure is None:
            problems.append(Problem(ph.key, f"未知的指标占位符“{ph.raw}”。"))
            out.append(ph.raw)
        elif ph.fmt not in FORMATS:
            problems.append(Problem(ph.key, f"占位符“{ph.raw}”的格式“{ph.fmt}”无法识别。"))
            out.append(ph.raw)
        elif figure.value is None and ph.fmt not in ("分子", "分母"):
            problems.append(Problem(ph.key, f"指标“{ph.key}”当前无数据，占位符“{ph.raw}”无法填入数值。"))
            out.append(ph.raw)
        else:
            out.append(format_figure(figure, ph.fmt))
    out.append((text or "")[last:])
    return "".join(out), problems


def year_figures(year: int) -> dict[str, Figure]:
    return {
        key: Figure(key=key, label=label, kind="year", value=year + offset, app_label="reports")
        for key, (label, offset) in YEAR_KEYS.items()
    }
