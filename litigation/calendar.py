"""Statutory deadlines of 行政复议 and 行政应诉 — the one place where periods are counted.

Two ways of counting, both with the starting day not counted (民事诉讼法第八十五条,
applied through 行政诉讼法第一百零一条 and 行政复议法第八十八条第一款):

- working days (工作日): 行政复议法（2023修订）第八十八条第二款 — the 3/5/7/10-day periods
  of that law exclude 法定休假日. The official calendar (the `chinesecalendar` package:
  State Council holiday notices, including 调休 make-up Saturdays/Sundays) says which
  days are worked.
- calendar days (日/月): every other period. When the last day is a 法定休假日 (a holiday
  or an ordinary weekend that is not a make-up working day) the period ends on the
  first working day after it (民事诉讼法第八十五条第三款). Months end on the same-numbered
  day, or the month's last day when there is none (民法典第二百零二条).

The holiday data of the package covers whole years only (2004 … the last published
notice). A day beyond it is counted as a working day when it is Monday–Friday — the
best guess until the State Council publishes that year's notice — and the result says
so (`estimated`), so the page can warn that the date may move.

Everything here is pure (dates in, dates out) so it is tested without a database.
"""

from __future__ import annotations

import bisect
import calendar as _stdlib_calendar
import datetime
import functools
from dataclasses import dataclass

import chinese_calendar

from core.formfields import RECORD_DATE_MAX, RECORD_DATE_MIN

# A period is never longer than this many days; a longer loop means a bug or bad input.
_MAX_SPAN_DAYS = 3 * 366


# --- days -------------------------------------------------------------------


def _check_date(value, name: str = "date") -> datetime.date:
    if isinstance(value, datetime.datetime):
        # A timestamp is not a day in law; callers must say which local day they mean.
        raise TypeError(f"{name} 必须是日期（date），不能是日期时间（datetime）")
    if not isinstance(value, datetime.date):
        raise TypeError(f"{name} 必须是日期（date），收到 {type(value).__name__}")
    return value


def _check_count(value, name: str = "days") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} 必须是整数")
    if value < 0:
        raise ValueError(f"{name} 不能为负数")
    if value > _MAX_SPAN_DAYS:
        raise ValueError(f"{name} 超出允许范围")
    return value


@functools.lru_cache(maxsize=16384)
def _official_workday(day: datetime.date) -> bool | None:
    """The official calendar's answer for `day`; None when its data does not cover the year.

    Memoised (a pure function of the day): chinese_calendar scans its whole holiday table on
    every call (its _validate_date takes min() and max() of the keys), so the deadlines of a
    year's cases cost ~0.3 s per figure computation at district scale (BENCHMARKS.md).
    """
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def is_covered(day: datetime.date) -> bool:
    """Whether the official holiday data covers `day`'s year."""
    _check_date(day, "day")
    return _official_workday(day) is not None


def covered_years() -> tuple[int, int]:
    """First and last year of the official holiday data (for the page's warning)."""
    from chinese_calendar.constants import holidays

    years = [d.year for d in holidays]
    return min(years), max(years)


def is_workday(day: datetime.date) -> bool:
    """A day staff work: official calendar (with 调休), or Mon–Fri beyond its data."""
    _check_date(day, "day")
    official = _official_workday(day)
    return day.weekday() < 5 if official is None else official


def add_working_days(start: datetime.date, count: int) -> tuple[datetime.date, bool]:
    """The `count`-th working day after `start` (start not counted), and whether estimated."""
    _check_date(start, "start")
    _check_count(count, "count")
    day, seen, estimated = start, 0, False
    while seen < count:
        day += datetime.timedelta(days=1)
        estimated = estimated or not is_covered(day)
        if is_workday(day):
            seen += 1
    return day, estimated


def roll_to_workday(day: datetime.date) -> tuple[datetime.date, bool]:
    """民事诉讼法第八十五条第三款: a period ending on a 法定休假日 ends on the next working day."""
    _check_date(day, "day")
    estimated = not is_covered(day)
    while not is_workday(day):
        day += datetime.timedelta(days=1)
        estimated = estimated or not is_covered(day)
    return day, estimated


def add_days(start: datetime.date, count: int) -> tuple[datetime.date, bool]:
    """`count` calendar days after `start` (start not counted), rolled past holidays."""
    _check_date(start, "start")
    _check_count(count, "count")
    return roll_to_workday(start + datetime.timedelta(days=count))


def add_months(start: datetime.date, months: int) -> tuple[datetime.date, bool]:
    """`months` months after `start`: the same-numbered day (or month end), rolled past holidays."""
    _check_date(start, "start")
    _check_count(months, "months")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return roll_to_workday(datetime.date(year, month, min(start.day, last)))


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]; negative when end is before start (days overdue).

    Counted in closed form (weekdays, corrected by the official calendar's exceptions)
    rather than day by day: a case left open for years — an old 复议 imported without
    its reply date — is overdue by thousands of days, and the deadlines page must still
    say by how many.
    """
    _check_date(start, "start")
    _check_date(end, "end")
    if end < start:
        return -working_days_between(end, start)
    return _working_days_through(end) - _working_days_through(start)


def _weekdays_through(day: datetime.date) -> int:
    # Ordinal 1 (0001-01-01) is a Monday, so every block of 7 ordinals holds 5 weekdays.
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@functools.lru_cache(maxsize=1)
def _official_exceptions() -> tuple[list[datetime.date], list[int]]:
    """Days where the official calendar differs from Mon–Fri (holidays on weekdays: -1,
    调休 weekend working days: +1), sorted, with the running sum of the differences."""
    from chinese_calendar.constants import holidays, workdays

    days, running, total = [], [], 0
    for day in sorted(set(holidays) | set(workdays)):
        difference = int(is_workday(day)) - int(day.weekday() < 5)
        if difference:
            total += difference
            days.append(day)
            running.append(total)
    return days, running


def _working_days_through(day: datetime.date) -> int:
    """Working days from the start of the calendar up to and including `day` (as is_workday counts)."""
    days, running = _official_exceptions()
    index = bisect.bisect_right(days, day)
    return _weekdays_through(day) + (running[index - 1] if index else 0)


# --- deadlines ----------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """One statutory due date with the rule it comes from."""

    label: str  # 答复期限 / 决定期限 / 答辩期限 / 审理期限 / 上诉期限
    due: datetime.date
    basis: str  # 「复议法第48条·10个工作日」 — shown on the badge
    working_days: bool  # days left are counted in working days
    estimated: bool = False  # part of the period lies beyond the official holiday data
    # Whose act the deadline is for: the town's own document, or the authority's/court's.
    ours: bool = True

    def status(self, done_on: datetime.date | None, today: datetime.date) -> DeadlineStatus:
        return DeadlineStatus.evaluate(self, done_on, today)

    def days_left(self, today: datetime.date) -> int:
        if self.working_days:
            return working_days_between(today, self.due)
        return (self.due - today).days


@dataclass(frozen=True)
class DeadlineStatus:
    """按期 / 逾期 / 未到期 for one deadline and the date the act was done (if any)."""

    code: str  # on_time | late | pending | overdue | waived (no longer owed)
    text: str  # 按期（提前3日） / 逾期2日 / 剩余5个工作日 / 今日到期 / 已逾期3个工作日
    css: str  # Bootstrap contextual colour
    days_left: int | None = None

    @property
    def is_open(self) -> bool:
        return self.code in ("pending", "overdue")

    @classmethod
    def evaluate(cls, deadline: Deadline, done_on: datetime.date | None, today: datetime.date) -> DeadlineStatus:
        _check_date(today, "today")
        unit = "个工作日" if deadline.working_days else "日"
        if done_on is not None:
            _check_date(done_on, "done_on")
            if done_on <= deadline.due:
                return cls("on_time", "按期", "success")
            late = (
                working_days_between(deadline.due, done_on) if deadline.working_days else (done_on - deadline.due).days
            )
            return cls("late", f"逾期{late}{unit}", "danger")
        left = deadline.days_left(today)
        if today > deadline.due:
            return cls("overdue", f"已逾期{max(-left, 1)}{unit}", "danger", left)
        if today == deadline.due:
            return cls("pending", "今日到期", "warning", 0)
        css = "warning" if left <= 3 else "info"
        return cls("pending", f"剩余{left}{unit}", css, left)


# --- the rules ------------------------------------------------------------------
# Each function returns None when the date it starts from is not known yet, or is not a
# usable day: one outside the range forms accept (a typing error such as 9999-12-31 saved
# before forms were bounded) would overflow the date arithmetic and break every page
# listing the case, so it gets no deadline instead.


def _known(day: datetime.date | None) -> bool:
    return day is not None and RECORD_DATE_MIN <= day <= RECORD_DATE_MAX


LAW_2023 = "2023"  # 行政复议法（2023修订）, in force 2024-01-01
LAW_2017 = "2017"  # 行政复议法（1999年制定，2009、2017年修正）
NEW_LAW_FROM = datetime.date(2024, 1, 1)


def applicable_reconsideration_law(accepted_on: datetime.date) -> str:
    """行政复议法（2023修订）第九十条: in force 2024-01-01; cases accepted before it stay under the old law (不溯及既往)."""
    _check_date(accepted_on, "accepted_on")
    return LAW_2023 if accepted_on >= NEW_LAW_FROM else LAW_2017


def reconsideration_reply_deadline(
    *, received_on: datetime.date | None, simple: bool, law: str = LAW_2023
) -> Deadline | None:
    if not _known(received_on):
        return None
    if law == LAW_2017:
        # 原行政复议法第二十三条: 十日内, calendar days (第四十条 → 民事诉讼法 on periods).
        due, estimated = add_days(received_on, 10)
        return Deadline("答复期限", due, "原复议法第23条·10日", False, estimated)
    if simple:
        # 行政复议法（2023修订）第五十四条 + 第八十八条: 五日 = 5 working days.
        due, estimated = add_working_days(received_on, 5)
        return Deadline("答复期限", due, "复议法第54条·5个工作日", True, estimated)
    # 行政复议法（2023修订）第四十八条 + 第八十八条: 十日 = 10 working days.
    due, estimated = add_working_days(received_on, 10)
    return Deadline("答复期限", due, "复议法第48条·10个工作日", True, estimated)


def reconsideration_decision_deadline(
    *, accepted_on: datetime.date | None, simple: bool, extension_days: int = 0, law: str = LAW_2023
) -> Deadline | None:
    if not _known(accepted_on):
        return None
    _check_count(extension_days, "extension_days")
    if extension_days > 30:
        raise ValueError("延长期限最多不超过三十日")
    if simple and law == LAW_2023:
        # 行政复议法（2023修订）第六十二条第二款: 简易程序 30 days, no extension.
        due, estimated = add_days(accepted_on, 30)
        return Deadline("决定期限", due, "复议法第62条·30日", False, estimated, ours=False)
    # 第六十二条第一款 (原法第三十一条): 60 days, extendable once by at most 30 days. The
    # extension runs on from the original 60th day; only the final day is rolled forward.
    due, estimated = add_days(accepted_on, 60 + extension_days)
    article = "复议法第62条" if law == LAW_2023 else "原复议法第31条"
    basis = f"{article}·60日" + (f"+延长{extension_days}日" if extension_days else "")
    return Deadline("决定期限", due, basis, False, estimated, ours=False)


def litigation_answer_deadline(*, received_on: datetime.date | None, instance: str = "1") -> Deadline | None:
    if not _known(received_on):
        return None
    due, estimated = add_days(received_on, 15)
    if instance == "2":
        # Second instance: 答辩状 within 15 days of receiving the appeal copy (民事诉讼法第一百七十四条,
        # applied through 行政诉讼法第一百零一条).
        return Deadline("答辩期限", due, "民诉法第174条·15日", False, estimated)
    # 行政诉讼法第六十七条: 答辩状 and evidence within 15 days of receiving the complaint copy.
    return Deadline("答辩期限", due, "行诉法第67条·15日", False, estimated)


def litigation_judgment_deadline(*, filed_on: datetime.date | None, instance: str, simple: bool) -> Deadline | None:
    """The court's 审限. instance: "1" 一审, "2" 二审, "R" 再审 (再审 follows the original
    instance's procedure and has no period of its own, so None)."""
    if not _known(filed_on) or instance not in ("1", "2"):
        return None
    if instance == "2":
        # 行政诉讼法第八十八条: second instance within 3 months of receiving the appeal.
        due, estimated = add_months(filed_on, 3)
        return Deadline("审理期限", due, "行诉法第88条·3个月", False, estimated, ours=False)
    if simple:
        # 行政诉讼法第八十三条: 简易程序 within 45 days of 立案.
        due, estimated = add_days(filed_on, 45)
        return Deadline("审理期限", due, "行诉法第83条·45日", False, estimated, ours=False)
    # 行政诉讼法第八十一条: first instance within 6 months of 立案.
    due, estimated = add_months(filed_on, 6)
    return Deadline("审理期限", due, "行诉法第81条·6个月", False, estimated, ours=False)


def litigation_appeal_deadline(*, served_on: datetime.date | None, ruling: bool) -> Deadline | None:
    if not _known(served_on):
        return None
    # 行政诉讼法第八十五条: appeal within 15 days of service of a judgment, 10 days of a ruling.
    days = 10 if ruling else 15
    due, estimated = add_days(served_on, days)
    return Deadline("上诉期限", due, f"行诉法第85条·{days}日", False, estimated)
