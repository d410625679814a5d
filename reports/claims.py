"""Claims typed in a report's words, checked against the records (issue #17).

Numbers staff insert as placeholders (【行政复议案件数】) come from the records and
cannot disagree with them. What staff type in words can. This module reads the
outline's headings and texts, sentence by sentence, and flags what the figures
(core.figures registry, read through reports.selectors) contradict:

- count:  digits typed next to a figure's subject — “行政复议0件” while the records hold
          3. A subject is a figure's key or short label, with its “数/人数/案件数…”
          suffix or without it (行政复议案件数 → 行政复议案件, 行政复议); the unit typed
          after the digits must be the figure's unit (件).
- rate:   a percentage typed after a rate's name (“调解成功率达100%”, “98%以上”), and
          “全部/均/都/100%” said of what a rate measures (“执法人员均持证上岗” against
          持证率; “均未败诉” against 败诉率).
- timely: “及时/按时/按期” said of 行政复议答复 or 行政应诉答辩 while a reply or an answer
          was late (the litigation figures 复议逾期答复数 / 应诉逾期答辩数).
- year:   a year after the report's year outside the plans for next year (“2024年共调解…”
          in the 2023 report), or “今年/本年” in the same sentence as another year.
- stale:  a sentence copied unchanged from the previous year's report, speaking of this
          year or giving a number, about a figure whose value has changed since.

What the records cannot judge is left alone: approximate numbers (约、余、多、以上、万),
sentences comparing periods (去年、同比、增长、以来、分别…) or naming a month or another
year, subjects no figure names, figures without data. A finding must be fixed, or
acknowledged with a reason (ClaimAcknowledgement, audited), before 送审.

Hostile text: a section may hold 20,000 characters. Every regex here is a single
character class or a fixed-length run (no nested quantifier, nothing to backtrack),
and every look-around is bounded by the longest subject, so the scan is linear.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cached_property

from reports.choices import RequiredContent
from reports.contents import subtree
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


class Checker:
    def __init__(self, report, figures: dict[str, Figure], previous: PreviousReport | None):
        self.year = report.year
        self.figures = figures
        self.subjects = Subjects.of(figures)
        self.previous = previous
        self.previous_sentences = previous.sentences() if previous is not None else set()
        self.findings: dict[str, Finding] = {}
        self.judged: set[tuple[int, str]] = set()  # (sentence, figure key) already flagged
        self.seen: set[tuple] = set()
        self.sentences = 0

    def other_period(self, s: Sentence) -> bool:
        """The sentence compares periods, names part of the year, or names another year."""
        if any(word in s.masked for word in OTHER_PERIOD_WORDS):
            return True
        return any(int(m.group()) != self.year for m in YEAR_RE.finditer(s.masked))

    def add(self, kind: str, sentence: Sentence, claim: str, message: str, figure: Figure | None, at: int = 0):
        key = figure.key if figure is not None else ""
        claim = claim if len(claim) <= 60 else claim[:60] + "…"
        if (kind, key, claim, sentence.index) in self.seen:
            return  # the same claim repeated in one sentence
        self.seen.add((kind, key, claim, sentence.index))
        self.judged.add((sentence.index, key))
        value = "" if figure is None else str(figure.value)
        basis = "\x1f".join((kind, key, claim, sentence.squashed, value))
        fingerprint = hashlib.sha256(basis.encode()).hexdigest()
        self.findings.setdefault(
            fingerprint,
            Finding(kind, sentence.section, sentence.quote(at), claim, message, figure, fingerprint),
        )

    # -- count and rate typed as digits

    def numbers(self, s: Sentence) -> None:
        if self.subjects.longest == 0 or self.other_period(s):
            return
        text = s.masked
        reach = self.subjects.longest + MAX_GAP
        for match in DIGITS_RE.finditer(text):
            start, end = match.span()
            before = text[start - 1] if start else ""
            if before and (before in ".．" or before.isascii() and before.isalpha()):
                continue  # the decimals of a number already read, or a code like APP2
            if end + 1 < len(text) and text[end] in ".．" and text[end + 1].isdigit():
                end = DIGITS_RE.match(text, end + 1).end()
            number = _decimal(text[start:end])
            if number is None or text.startswith("年", end):
                continue  # years are the year check's
            # The subject typed before the number: 行政复议(共有)3件.
            window = text[max(0, start - reach) : start]
            window = window[max(window.rfind(c) for c in CLAUSE_SEPARATORS) + 1 :]
            core = window.rstrip(FILLER)
            found = self.subjects.ending(core) if len(window) - len(core) <= MAX_GAP else None
            lead = ""
            if found is not None:
                key, alias = found
                lead = text[start - len(window) + len(core) - len(alias) : start]
            after = text[end : end + self.subjects.longest + 8]
            if after[:1] in ("%", "％"):
                if found is not None and self.figures[key].kind == "rate":
                    self.percent(s, lead, number, after, key, start)
                continue
            if found is None:
                found = self.subject_after(after)  # or after it: 3件行政复议案件
                if found is None:
                    continue
                key, unit = found[0], found[1]
                claim = text[start:end] + unit + found[2]
            else:
                unit = self.figures[key].unit
                if self.figures[key].kind == "rate" or not unit or not after.startswith(unit):
                    continue
                claim = lead + text[start:end] + unit
            if after[len(unit) :].startswith(APPROXIMATE_AFTER):
                continue  # 40余件, 9万余户: the records cannot contradict a rounded number
            figure = self.figures[key]
            actual = Decimal(str(figure.value))
            if number != actual:
                self.add(
                    "count",
                    s,
                    claim,
                    f"记录中{figure.key}为{_plain(actual)}{figure.unit}，文中写{_plain(number)}{figure.unit}。",
                    figure,
                    start,
                )

    def subject_after(self, after: str) -> tuple[str, str, str] | None:
        """“3件行政复议案件”: the unit after the number, then the subject."""
        for unit in self.subjects.units:
            if after.startswith(unit):
                found = self.subjects.starting(after[len(unit) :])
                if found is not None and self.figures[found[0]].unit == unit:
                    return found[0], unit, found[1]
        return None

    def percent(self, s: Sentence, lead: str, number: Decimal, after: str, key: str, at: int) -> None:
        figure = self.figures[key]
        actual = Decimal(str(figure.value))
        at_least = after[1:].startswith("以上")
        places = -number.as_tuple().exponent if number.as_tuple().exponent < 0 else 0
        step = Decimal(1).scaleb(-places)
        if at_least:
            holds = actual >= number
        else:
            holds = number in (actual.quantize(step, ROUND_HALF_UP), actual.quantize(step, ROUND_FLOOR))
        if not holds:
            claim = f"{lead}{_plain(number)}%" + ("以上" if at_least else "")
            self.add(
                "rate",
                s,
                claim,
                f"记录中{figure.key}为{_plain(actual)}%（{figure.numerator}/{figure.denominator}）。",
                figure,
                at,
            )

    # -- “全部/均/100%” said of what a rate measures

    def universals(self, s: Sentence) -> None:
        if not self.subjects.stems or self.other_period(s):
            return
        for match in CLAUSE_RE.finditer(s.masked):
            clause = match.group()
            if not self._says_all(clause):
                continue
            stripped = clause
            for word in UNIVERSAL_WORDS:
                stripped = stripped.replace(word, "")
            for stem, key in self.subjects.stems.items():
                at = stripped.find(stem)
                if at < 0 or (s.index, key) in self.judged:
                    continue
                figure = self.figures[key]
                actual = Decimal(str(figure.value))
                none = at > 0 and stripped[at - 1] in NEGATIONS  # 均未败诉: the rate is claimed 0
                claimed = Decimal(0) if none else Decimal(100)
                if actual != claimed:
                    self.add(
                        "rate",
                        s,
                        clause.strip(),
                        f"文中称{'无一' if none else '全部'}{stem}，记录中{figure.key}为{_plain(actual)}%"
                        f"（{figure.numerator}/{figure.denominator}）。",
                        figure,
                        match.start(),
                    )

    @staticmethod
    def _says_all(clause: str) -> bool:
        for word in UNIVERSAL_WORDS:
            at = clause.find(word)
            while at >= 0:
                previous = clause[max(0, at - 2) : at]
                averaged = word == "均" and clause[at - 1 : at] in tuple(NOT_UNIVERSAL_BEFORE)
                if not averaged and not any(c in NEGATIONS for c in previous):
                    return True
                at = clause.find(word, at + 1)
        return False

    # -- “均及时提交了答复书、答辩状”

    def timeliness(self, s: Sentence) -> None:
        text = s.masked
        if self._admits_lateness(text) or self.other_period(s):
            return
        at = self._timely_at(text)
        if at < 0:
            return
        subjects = []
        if "复议" in text and ("答复" in text or "提交" in text):
            subjects.append("复议")
        if any(w in text for w in ("应诉", "诉讼", "答辩")) and ("答辩" in text or "提交" in text):
            subjects.append("应诉")
        for subject in subjects:
            figure = self.figures.get(LATE_COUNTS[subject])
            if figure is None or not figure.value:
                continue
            clause_end = min((i for i in (text.find(c, at) for c in "，,") if i >= 0), default=len(text))
            clause_start = max(text.rfind(c, 0, at) for c in "，,") + 1
            what = "行政复议答复" if subject == "复议" else "行政应诉答辩状"
            self.add(
                "timely",
                s,
                text[clause_start:clause_end].strip(),
                f"文中称按时/及时提交，但记录中有{_plain(figure.value)}件{what}逾期提交或逾期未提交。",
                figure,
                at,
            )

    @staticmethod
    def _admits_lateness(text: str) -> bool:
        """“有1件答复逾期” admits it; “无一逾期”, “未逾期” do not."""
        for word in LATE_ADMISSIONS:
            at = text.find(word)
            while at >= 0:
                if not any(c in NEGATIONS for c in text[max(0, at - 2) : at]):
                    return True
                at = text.find(word, at + 1)
        return False

    @staticmethod
    def _timely_at(text: str) -> int:
        for word in TIMELY_WORDS:
            at = text.find(word)
            while at >= 0:
                before = text[max(0, at - 2) : at]
                after = text[at + len(word) : at + len(word) + 4]
                if not any(c in NEGATIONS for c in before) and "率" not in after:
                    return at
                at = text.find(word, at + 1)
        return -1

    # -- years

    def years(self, s: Sentence) -> None:
        text = s.masked
        this_year = any(word in text for word in THIS_YEAR_WORDS[:3]) and not any(w in text for w in COMPARISON_WORDS)
        for match in YEAR_RE.finditer(text):
            year = int(match.group())
            start = match.start()
            if not 1949 <= year <= 2100 or year == self.year or s.titles[s.start + start]:
                continue
            if text[start - 1 : start] in tuple(RANGE_BEFORE) or text.startswith(TARGET_AFTER, match.end() + 1):
                continue  # 2021—2025年, 到2025年, 2025年前: a span or a target, not a claim
            claim = text[max(0, start - 2) : match.end() + 1].lstrip("，,。")
            if year > self.year and not s.in_plans:
                self.add(
                    "year",
                    s,
                    claim,
                    f"本报告是{self.year}年度报告，文中写“{year}年”，是报告年度之后的年份。"
                    "除下一年度工作安排外，报告只应写本年度已发生的情况。",
                    None,
                    start,
                )
            elif this_year:
                self.add(
                    "year",
                    s,
                    claim,
                    f"同一句中写“今年/本年”又写“{year}年”，而本报告是{self.year}年度报告（可能是照抄其他年份的文字）。",
                    None,
                    start,
                )

    # -- copied unchanged from last year's report

    def stale(self, s: Sentence) -> None:
        if not self.previous_sentences or s.squashed not in self.previous_sentences:
            return
        text = s.masked
        if not (any(word in text for word in THIS_YEAR_WORDS) or DIGITS_RE.search(text)):
            return
        keys = {key for alias, key in self.subjects.by_alias.items() if alias in text}
        for key in sorted(keys - s.keys):
            if (s.index, key) in self.judged:
                continue
            figure, old = self.figures[key], self.previous.figures.get(key)
            if old is None or old.value is None or figure.value is None:
                continue
            if Decimal(str(old.value)) != Decimal(str(figure.value)):
                unit = "%" if figure.kind == "rate" else figure.unit
                self.add(
                    "stale",
                    s,
                    s.raw.strip()[:40] + ("…" if len(s.raw.strip()) > 40 else ""),
                    f"本句与{self.previous.year}年报告中的句子完全相同，但{figure.key}已由"
                    f"{_plain(old.value)}{unit}变为{_plain(figure.value)}{unit}，请按{self.year}年的情况改写。",
                    figure,
                )

    # -- the whole outline

    def run(self, sections: list) -> list[Finding]:
        in_plans: set[int] = set()
        for index, section in enumerate(sections):
            if section.required_content == RequiredContent.PLANS:
                in_plans |= {id(entry) for entry in subtree(sections, index)}
        for section in sections:
            for text in (section.heading, section.text):
                if text:
                    self.field(section, text, id(section) in in_plans)
        return list(self.findings.values())

    def field(self, section, text: str, in_plans: bool) -> None:
        masked, placeholders = mask_placeholders(text)
        titles = _inside_titles(masked)
        pending = iter(placeholders)
        upcoming = next(pending, None)
        for match in SENTENCE_RE.finditer(masked):
            start, end = match.span()
            keys = set()
            while upcoming is not None and upcoming.start < end:
                if upcoming.start >= start:
                    keys.add(upcoming.key)
                upcoming = next(pending, None)
            self.sentences += 1
            sentence = Sentence(section, text[start:end], match.group(), start, keys, in_plans, titles, self.sentences)
            self.numbers(sentence)
            self.universals(sentence)
            self.timeliness(sentence)
            self.years(sentence)
            self.stale(sentence)


def find_claims(
    report, sections: list, figures: dict[str, Figure], previous: PreviousReport | None = None
) -> list[Finding]:
    """Every claim in the outline's words that the figures contradict, in outline order."""
    return Checker(report, figures, previous).run(sections)


# ---------------------------------------------------------------- reads for pages and services


def previous_context(report) -> PreviousReport | None:
    """The organisation's latest earlier report: its published text and figures when it was
    published (what it said), else its current outline and that year's live figures."""
    from reports.selectors import frozen_figures, live_figures, previous_report

    previous = previous_report(report.organization, report.year)
    if previous is None:
        return None
    revision = previous.revisions.order_by("-number").first()
    if revision is not None:
        texts = [str(entry.get(name, "")) for entry in revision.outline for name in ("heading", "text")]
        return PreviousReport(previous.year, texts, lambda: frozen_figures(revision))
    texts = [text for section in previous.sections.all() for text in (section.heading, section.text)]
    return PreviousReport(previous.year, texts, lambda: live_figures(report.organization, previous.year))


def report_claims(report, sections: list | None = None, figures: dict[str, Figure] | None = None) -> list[Finding]:
    from reports.selectors import live_figures, report_sections

    sections = report_sections(report) if sections is None else sections
    figures = live_figures(report.organization, report.year) if figures is None else figures
    return find_claims(report, sections, figures, previous_context(report))


def acknowledgements(report) -> dict:
    """fingerprint → ClaimAcknowledgement of the report."""
    return {ack.fingerprint: ack for ack in report.claim_acknowledgements.select_related("acknowledged_by")}


def unacknowledged(report, findings: list[Finding]) -> list[Finding]:
    acknowledged = set(report.claim_acknowledgements.values_list("fingerprint", flat=True))
    return [finding for finding in findings if finding.fingerprint not in acknowledged]
