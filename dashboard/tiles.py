"""The KPI tiles of the dashboard: which figure keys, in which groups, and how a
tile shows a figure of this year beside last year's.

A tile only names keys of docs/figures.md. A key no app has registered yet
shows "—" (尚未接入), so the dashboard works while the data apps are built, and
each tile lights up when its app lands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.figures import ResolvedFigure

UP, DOWN = "up", "down"  # which direction is good news


@dataclass(frozen=True)
class TileSpec:
    key: str
    label: str = ""  # defaults to the key
    # Rates: the figures whose lists hold the numerator and denominator records,
    # and how to call them ("按期答复 3 / 应答复 3").
    numerator_key: str = ""
    numerator_label: str = "分子"
    denominator_key: str = ""
    denominator_label: str = "分母"
    # "已完成目标数 of 目标任务数": the whole the value is a part of.
    of_key: str = ""
    # Keys shown small under the value ("执法人员 12 人").
    extra_keys: tuple[str, ...] = ()
    better: str = ""  # UP / DOWN / "" (neutral: more cases is neither good nor bad)
    warn_when_positive: bool = False  # 即将到期, 超期未结, 滞后: highlight when > 0


@dataclass(frozen=True)
class TileGroup:
    title: str
    icon: str
    tiles: tuple[TileSpec, ...]


# Order and widths make rows on a wide screen: 2 + 3 tiles, 6 tiles, 3 + 2 tiles.
GROUPS = (
    TileGroup(
        "行政执法",
        "person-badge",
        (
            TileSpec("持证人数", extra_keys=("执法人员数", "持证率"), better=UP),
            TileSpec("即将到期证件数", label="即将到期证件", better=DOWN, warn_when_positive=True),
        ),
    ),
    TileGroup(
        "矛盾纠纷调解",
        "people",
        (
            TileSpec("调解纠纷数", label="受理纠纷", extra_keys=("调结纠纷数",)),
            TileSpec(
                "调解成功率",
                # The rate's own parts (per the district's rule, docs/figures.md "调解成功率").
                numerator_key="调解成功率分子",
                numerator_label="调解成功",
                denominator_key="调解成功率分母",
                denominator_label="调结",
                better=UP,
            ),
            TileSpec("超期未结纠纷数", label="超30日未结纠纷", better=DOWN, warn_when_positive=True),
        ),
    ),
    TileGroup(
        "行政复议 · 行政应诉",
        "bank",
        (
            TileSpec("行政复议案件数", label="行政复议案件", extra_keys=("行政复议审结数",)),
            TileSpec("行政应诉案件数", label="行政应诉案件", extra_keys=("行政应诉审结数",)),
            TileSpec("复议按期答复率", numerator_label="按期答复", denominator_label="应答复", better=UP),
            TileSpec(
                "负责人出庭应诉率",
                numerator_key="负责人出庭应诉案件数",
                numerator_label="负责人出庭",
                denominator_key="开庭审理案件数",
                denominator_label="开庭",
                better=UP,
            ),
            TileSpec(
                "复议被纠错率",
                numerator_label="被纠错",
                denominator_key="行政复议审结数",
                denominator_label="审结",
                better=DOWN,
            ),
            TileSpec(
                "败诉率",
                numerator_label="终审败诉",
                # Not 行政应诉审结数 (every 审级's judgments): each lawsuit once, at its final judgment.
                denominator_label="终审结案",
                better=DOWN,
            ),
        ),
    ),
    TileGroup(
        "普法宣传 · 法律明白人",
        "megaphone",
        (
            TileSpec("普法活动场次", extra_keys=("模拟法庭场次",), better=UP),
            TileSpec("普法参与人数", better=UP),
            TileSpec("法律明白人数", better=UP),
        ),
    ),
    TileGroup(
        "目标任务",
        "flag",
        (
            TileSpec("已完成目标数", label="已完成目标", of_key="目标任务数", better=UP),
            TileSpec("滞后目标数", label="滞后目标", better=DOWN, warn_when_positive=True),
        ),
    ),
)


def tile_keys() -> set[str]:
    keys = set()
    for group in GROUPS:
        for spec in group.tiles:
            keys.update(k for k in (spec.key, spec.numerator_key, spec.denominator_key, spec.of_key) if k)
            keys.update(spec.extra_keys)
    return keys


def format_number(value) -> str:
    """12345 → "12,345"; 98.50 → "98.5"; None → "—"."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value.normalize():,f}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}"


def format_value(figure: ResolvedFigure | None) -> str:
    if figure is None or figure.value.value is None:
        return "—"
    text = format_number(figure.value.value)
    return f"{text}%" if figure.definition.kind == "rate" else text


@dataclass
class Part:
    """A number of a tile with the list behind it (numerator, denominator, "of" …)."""

    label: str
    text: str
    url: str = ""
    unit: str = ""
    role: str = ""


@dataclass
class Tile:
    spec: TileSpec
    label: str
    registered: bool
    value_text: str = "—"
    unit: str = ""
    url: str = ""
    description: str = ""
    is_rate: bool = False
    numerator: Part | None = None
    denominator: Part | None = None
    of: Part | None = None
    progress: float | None = None  # % for the "of" bar
    extras: list[Part] = field(default_factory=list)

    @property
    def parts(self) -> list[Part]:
        return [p for p in (self.numerator, self.denominator) if p is not None]

    previous_text: str = ""
    delta_text: str = ""
    delta_tone: str = "muted"  # good / bad / muted
    delta_icon: str = ""
    warn: bool = False


def _part(figures: dict, key: str, label: str, fallback_url: str, text=None) -> Part:
    figure = figures.get(key)
    url = figure.url if figure is not None else ""
    if text is None:
        text = format_value(figure)
    unit = figure.definition.unit if figure is not None and figure.definition.kind != "rate" else ""
    return Part(label=label, text=text, url=url or fallback_url, unit=unit)


def _delta(spec: TileSpec, current: ResolvedFigure, previous: ResolvedFigure | None, tile: Tile) -> None:
    now = current.value.value
    before = previous.value.value if previous is not None else None
    tile.previous_text = format_value(previous) if previous is not None else "—"
    if now is None or before is None:
        tile.delta_text = f"{_year_before(current)}年无可比数据" if before is None else ""
        return
    diff = Decimal(str(now)) - Decimal(str(before))
    if tile.is_rate:
        tile.delta_text = f"{_signed(diff)} 个百分点"
    else:
        text = _signed(diff)
        if before:
            text += f"（{_signed((diff * 100 / Decimal(str(before))).quantize(Decimal('0.1')))}%）"
        tile.delta_text = text
    if diff == 0:
        tile.delta_text = "与上年持平"
        tile.delta_icon = ""
        return
    tile.delta_icon = "arrow-up-short" if diff > 0 else "arrow-down-short"
    if spec.better:
        good = (diff > 0) == (spec.better == UP)
        tile.delta_tone = "good" if good else "bad"


def _year_before(figure: ResolvedFigure) -> int:
    return figure.year - 1


def _signed(value: Decimal) -> str:
    text = format_number(value)
    return text if value < 0 else f"+{text}"


def build_tile(spec: TileSpec, figures: dict, previous: dict) -> Tile:
    figure = figures.get(spec.key)
    label = spec.label or spec.key
    if figure is None:
        return Tile(spec=spec, label=label, registered=False, description="该指标尚未接入（相关模块上线后自动显示）")
    definition = figure.definition
    tile = Tile(
        spec=spec,
        label=label,
        registered=True,
        value_text=format_value(figure),
        unit="" if definition.kind == "rate" else definition.unit,
        url=figure.url,
        description=definition.description or definition.label,
        is_rate=definition.kind == "rate",
    )
    value = figure.value
    if tile.is_rate:
        tile.numerator = _part(
            figures, spec.numerator_key, spec.numerator_label, tile.url, text=format_number(value.numerator)
        )
        tile.numerator.role = "numerator"
        tile.denominator = _part(
            figures, spec.denominator_key, spec.denominator_label, tile.url, text=format_number(value.denominator)
        )
        tile.denominator.role = "denominator"
    if spec.of_key:
        whole = figures.get(spec.of_key)
        tile.of = _part(figures, spec.of_key, whole.definition.label if whole else spec.of_key, "")
        if whole is not None and whole.value.value and value.value is not None:
            tile.progress = min(100.0, float(value.value) * 100 / float(whole.value.value))
    for key in spec.extra_keys:
        extra = figures.get(key)
        if extra is not None:
            tile.extras.append(_part(figures, key, key.removesuffix("数"), ""))
    if spec.warn_when_positive and value.value:
        tile.warn = True
    _delta(spec, figure, previous.get(spec.key), tile)
    return tile


def build_groups(figures: dict, previous: dict) -> list[dict]:
    groups = []
    for group in GROUPS:
        built = [build_tile(spec, figures, previous) for spec in group.tiles]
        groups.append(
            {
                "title": group.title,
                "icon": group.icon,
                "tiles": built,
                "size": len(built),
                "registered": any(tile.registered for tile in built),
            }
        )
    return groups
