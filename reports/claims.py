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
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from reports.choices import RequiredContent
from reports.claim_text import (
    APPROXIMATE_AFTER,
    CLAUSE_RE,
    CLAUSE_SEPARATORS,
    COMPARISON_WORDS,
    DIGITS_RE,
    FILLER,
    LATE_ADMISSIONS,
    LATE_COUNTS,
    MAX_GAP,
    NEGATIONS,
    NOT_UNIVERSAL_BEFORE,
    OTHER_PERIOD_WORDS,
    RANGE_BEFORE,
    SENTENCE_RE,
    TARGET_AFTER,
    THIS_YEAR_WORDS,
    TIMELY_WORDS,
    UNIVERSAL_WORDS,
    YEAR_RE,
    Finding,
    PreviousReport,
    Sentence,
    Subjects,
    _decimal,
    _inside_titles,
    _plain,
    mask_placeholders,
)
from reports.contents import subtree
from reports.placeholders import Figure


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
