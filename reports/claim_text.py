"""The text side of the claim check (reports.claims): sentences, clauses, subjects and the
words that make a figure a claim. Pure functions of text; claims.Checker reads a report with them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property

from reports.placeholders import Figure, find_placeholders

SENTENCE_RE = re.compile(r"[^。！？；!?;\n]+")
CLAUSE_RE = re.compile(r"[^，,、：:（）()]+")
DIGITS_RE = re.compile(r"\d+")
YEAR_RE = re.compile(r"(?<!\d)\d{4}(?=年)")
CLAUSE_SEPARATORS = "，,、：:（）()"
MASK = "\ufffc"  # stands in for a placeholder's characters, so positions stay aligned

# The litigation app's counts of replies/answers not on time (litigation/figures.py).
LATE_COUNTS = {"复议": "复议逾期答复数", "应诉": "应诉逾期答辩数"}

KIND_LABELS = {
    "count": "数字与记录不符",
    "rate": "比率与记录不符",
    "timely": "“及时”与记录不符",
    "year": "年份与报告年度不符",
    "stale": "照抄上年报告",
}

# Words between a subject and its number: 行政复议共有3件, 调解成功率达到98%.
FILLER = "共有为达到计了是合累总"
MAX_GAP = 4
SUBJECT_END = "均都已全由被中和及"  # words that may follow a subject typed after its number
SUBJECT_SUFFIXES = ("案件数", "人次", "人数", "户数", "场次", "件数", "数")
# After the number and unit: an approximation the records cannot contradict.
APPROXIMATE_AFTER = ("余", "多", "万", "千", "百", "亿", "以上", "以下", "左右", "上下", "来")
# A sentence with any of these speaks of another period or of part of the year, not of the
# year's total (a change typed between subject and number already breaks the subject match).
OTHER_PERIOD_WORDS = (
    "去年",
    "上年",
    "上一年",
    "前年",
    "同比",
    "环比",
    "较上",
    "比上",
    "以来",
    "历年",
    "累计至",
    "分别",
    "月",
    "季度",
    "半年",
    "截至",
    "截止",
)
# “今年…较2022年增长”: another year named in a comparison is no copied 今年.
COMPARISON_WORDS = (*OTHER_PERIOD_WORDS, "较", "比", "增长", "下降", "减少", "增加", "提高", "降低")
THIS_YEAR_WORDS = ("今年", "本年", "当年", "全年", "年内")
UNIVERSAL_WORDS = ("全部", "均", "都", "一律", "100%", "100％", "百分之百")
NOT_UNIVERSAL_BEFORE = "平人户日月年"  # 平均、人均、户均… are averages, not “all”
NEGATIONS = "未不没非无"
TIMELY_WORDS = ("及时", "按时", "按期", "如期")
LATE_ADMISSIONS = ("逾期", "超期", "延期", "延迟", "迟延")
RANGE_BEFORE = "—–-－～~至到"
TARGET_AFTER = ("前", "底", "末", "以前", "之前", "内", "—", "–", "-", "－", "～", "~", "至")
QUOTE_LENGTH = 160


@dataclass
class Finding:
    """One claim in the text that the records contradict."""

    kind: str
    section: object  # ReportSection
    sentence: str  # the sentence as typed (cut around the claim when very long)
    claim: str  # the words that make the claim, e.g. “行政复议0件”
    message: str  # what the records say, in Chinese
    figure: Figure | None = None
    fingerprint: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def url(self) -> str:
        return self.figure.url if self.figure is not None else ""

    @property
    def figure_text(self) -> str:
        """The figure as the records give it: 行政复议案件数 3件; 调解成功率 98.35%（775/788）."""
        figure = self.figure
        if figure is None:
            return ""
        if figure.value is None:
            return f"{figure.key}：无数据"
        if figure.kind == "rate":
            return f"{figure.key}：{_plain(figure.value)}%（{figure.numerator}/{figure.denominator}）"
        return f"{figure.key}：{_plain(figure.value)}{figure.unit}"

    @property
    def summary(self) -> str:
        return f"{self.kind_label}：“{self.claim}”——{self.message}"


@dataclass
class PreviousReport:
    """The organisation's previous report: its sentences, and its figures when needed."""

    year: int
    texts: list[str]
    load_figures: Callable[[], dict[str, Figure]]
    _figures: dict[str, Figure] | None = field(default=None, repr=False)

    @property
    def figures(self) -> dict[str, Figure]:
        if self._figures is None:
            self._figures = self.load_figures()
        return self._figures

    def sentences(self) -> set[str]:
        found: set[str] = set()
        for text in self.texts:
            for match in SENTENCE_RE.finditer(text or ""):
                squashed = _squash(match.group())
                if len(squashed) >= 8:
                    found.add(squashed)
        return found


# ---------------------------------------------------------------- helpers


def _squash(text: str) -> str:
    return "".join(text.split())


def _plain(value) -> str:
    value = Decimal(str(value))
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace("．", "."))
    except InvalidOperation:
        return None


def mask_placeholders(text: str) -> tuple[str, list]:
    """The text with each placeholder blanked out (same length), and the placeholders."""
    placeholders = find_placeholders(text)
    if not placeholders:
        return text, []
    parts, last = [], 0
    for ph in placeholders:
        parts.append(text[last : ph.start])
        parts.append(MASK * (ph.end - ph.start))
        last = ph.end
    parts.append(text[last:])
    return "".join(parts), placeholders


def _inside_titles(text: str) -> bytearray:
    """1 at each position inside 《…》 (a document's title names its own years)."""
    inside = bytearray(len(text))
    depth = 0
    for i, ch in enumerate(text):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth = max(depth - 1, 0)
        elif depth:
            inside[i] = 1
    return inside


def _aliases(name: str) -> set[str]:
    names = {name}
    for suffix in SUBJECT_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            names.add(name[: -len(suffix)])
    return names


def _short_label(figure: Figure) -> str:
    label = figure.label or ""
    if len(label) > 12 or any(c in label for c in "÷（）()、，/"):
        return ""
    return label


@dataclass
class Subjects:
    """Words that name a figure in running text."""

    by_alias: dict[str, str]
    longest: int
    units: set[str]
    stems: dict[str, str]  # what a rate measures (持证, 败诉) → the rate's key

    @classmethod
    def of(cls, figures: dict[str, Figure]) -> Subjects:
        owners: dict[str, set[str]] = {}
        stems: dict[str, set[str]] = {}
        for key, figure in figures.items():
            if figure.kind not in ("count", "amount", "rate") or figure.value is None:
                continue
            for name in filter(None, (key, _short_label(figure))):
                for alias in _aliases(name):
                    owners.setdefault(alias, set()).add(key)
                if figure.kind == "rate" and name.endswith("率") and len(name) >= 3:
                    stems.setdefault(name[:-1], set()).add(key)
        # A word two figures share names neither: the records cannot tell which is meant.
        by_alias = {alias: next(iter(keys)) for alias, keys in owners.items() if len(keys) == 1}
        units = {figures[key].unit for key in by_alias.values() if figures[key].unit and figures[key].kind != "rate"}
        return cls(
            by_alias=by_alias,
            longest=max((len(a) for a in by_alias), default=0),
            units=units,
            stems={stem: next(iter(keys)) for stem, keys in stems.items() if len(keys) == 1},
        )

    def ending(self, text: str) -> tuple[str, str] | None:
        """(key, subject) of the longest subject `text` ends with."""
        for length in range(min(len(text), self.longest), 1, -1):
            key = self.by_alias.get(text[-length:])
            if key is not None:
                return key, text[-length:]
        return None

    def starting(self, text: str) -> tuple[str, str] | None:
        """(key, subject) of the longest subject `text` starts with, when the subject ends
        there: in “1件行政复议答复” the thing counted is the 答复, not the 行政复议."""
        for length in range(min(len(text), self.longest), 1, -1):
            key = self.by_alias.get(text[:length])
            if key is not None:
                following = text[length : length + 1]
                if following and following.isalnum() and following not in SUBJECT_END:
                    return None
                return key, text[:length]
        return None


# ---------------------------------------------------------------- one sentence


@dataclass
class Sentence:
    section: object
    raw: str
    masked: str
    start: int  # offset in the field's text
    keys: set[str]  # placeholders in the sentence
    in_plans: bool
    titles: bytearray  # of the whole field
    index: int  # the sentence's number in the report, for remembering what was flagged

    @cached_property
    def squashed(self) -> str:
        return _squash(self.raw)

    def quote(self, at: int = 0) -> str:
        raw = self.raw.strip()
        if len(raw) <= QUOTE_LENGTH:
            return raw
        begin = max(0, min(at - QUOTE_LENGTH // 3, len(raw) - QUOTE_LENGTH))
        return (
            ("…" if begin else "")
            + raw[begin : begin + QUOTE_LENGTH]
            + ("…" if begin + QUOTE_LENGTH < len(raw) else "")
        )
