"""Working days and statutory periods — the one place where days are counted, for every app.

Which days are worked, in this order (the first that answers wins):

1. the State Council's yearly 放假安排 as entered by an administrator (`HolidaySchedule`,
   admin or `manage.py load_holiday_schedule`): days off and 调休 working days. It overrides
   everything below, and a year with an entered schedule is no longer an estimate;
2. the `chinesecalendar` package (the same notices, 2004 … its last published year);
3. beyond both, an estimate: the statutory holidays of 《全国年节及纪念日放假办法》
   (2024年修订，2025年1月1日起施行) 第二条 — 元旦 1/1; 春节 除夕 and 正月初一至初三; 清明 (the
   solar term); 劳动节 5/1–5/2; 端午 (五月初五); 中秋 (八月十五); 国庆 10/1–10/3 — plus the
   补假 of 第六条 (a holiday falling on a Saturday or Sunday is made up on a working day),
   and weekends. Lunar dates and 清明 come from `lunar_python` (6tail's lunar, MIT, pure
   Python, with the 24 solar terms). The 调休 of the year cannot be computed, so a date
   counted on this estimate says so (`estimated`) until the year's notice is entered.

Counting, with the starting day not counted (民事诉讼法第八十五条, applied through
行政诉讼法第一百零一条 and 行政复议法第八十八条第一款):

- working days (工作日): e.g. 行政复议法（2023修订）第八十八条第二款 — the 3/5/7/10-day
  periods of that law exclude 法定休假日;
- calendar days (日/月): when the last day is a 法定休假日 (a holiday, or a weekend that is
  not a 调休 working day) the period ends on the first working day after it (民事诉讼法
  第八十五条第三款). Months end on the same-numbered day, or the month's last day when there
  is none (民法典第二百零二条).

Apart from the schedule table (read once and kept for `RELOAD_SECONDS`), everything here
is pure — dates in, dates out — so it is tested without a database.
"""

from __future__ import annotations

import bisect
import calendar as _stdlib_calendar
import datetime
import functools
import math
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from chinese_calendar.constants import holidays as _OFFICIAL_HOLIDAYS
from chinese_calendar.constants import workdays as _OFFICIAL_WORKDAYS
from lunar_python import Lunar, Solar

# A period is never longer than this many days; a longer loop means a bug or bad input.
_MAX_SPAN_DAYS = 3 * 366

# What a page says next to a date computed on the estimate (issue #17).
ESTIMATE_NOTE = "按法定节日推算，待国务院放假安排公布后核对"

# How long a worker keeps the schedule table before reading it again. A save in the same
# process takes effect at once; the other workers see it within this time.
RELOAD_SECONDS = 60.0


# --- days -------------------------------------------------------------------


def check_date(value, name: str = "date") -> datetime.date:
    if isinstance(value, datetime.datetime):
        # A timestamp is not a day in law; callers must say which local day they mean.
        raise TypeError(f"{name} 必须是日期（date），不能是日期时间（datetime）")
    if not isinstance(value, datetime.date):
        raise TypeError(f"{name} 必须是日期（date），收到 {type(value).__name__}")
    return value


def check_count(value, name: str = "days") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} 必须是整数")
    if value < 0:
        raise ValueError(f"{name} 不能为负数")
    if value > _MAX_SPAN_DAYS:
        raise ValueError(f"{name} 超出允许范围")
    return value


def _official_workday(day: datetime.date) -> bool | None:
    """The package's answer for `day`; None when its data does not cover the year.

    Read from the package's own tables (`chinese_calendar.constants`) with its own rule — a
    listed 调休 working day works, a listed holiday does not, else Monday to Friday — rather
    than through `chinese_calendar.is_workday`, which scans its whole holiday table (min()
    and max() of the keys) on every call: a worker's first count over a year asked it 365
    times, ~20 ms of the first cold dashboard after a restart (issue 22). A test holds the two
    answers equal over every covered day.
    """
    first, last = covered_years()
    if not first <= day.year <= last:
        return None
    return day in _OFFICIAL_WORKDAYS or (day.weekday() < 5 and day not in _OFFICIAL_HOLIDAYS)


@functools.cache
def covered_years() -> tuple[int, int]:
    """First and last year of the package's holiday data."""
    years = [d.year for d in _OFFICIAL_HOLIDAYS]
    return min(years), max(years)


# --- the statutory holidays (estimate beyond the published notices) ---------------


def _solar(value: Solar) -> datetime.date:
    return datetime.date(value.getYear(), value.getMonth(), value.getDay())


def _lunar(year: int, month: int, day: int) -> datetime.date:
    return _solar(Lunar.fromYmd(year, month, day).getSolar())


def _qingming(year: int) -> datetime.date:
    # The solar term 清明 (sun at 15° ecliptic longitude), 4–6 April. The lunar year that
    # contains 15 April is lunar year `year`, so its solar-term table holds this year's 清明.
    day = _solar(Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"])
    assert day.year == year and day.month == 4, day
    return day


def _festivals(year: int) -> list[tuple[str, list[datetime.date]]]:
    """《全国年节及纪念日放假办法》（2024年修订）第二条: the days 全体公民放假 of `year`."""
    one = datetime.timedelta(days=1)
    new_year = _lunar(year, 1, 1)  # 正月初一, between 21 January and 20 February
    return [
        ("元旦", [datetime.date(year, 1, 1)]),
        ("春节", [new_year - one, new_year, new_year + one, new_year + 2 * one]),  # 除夕, 初一至初三
        ("清明节", [_qingming(year)]),
        ("劳动节", [datetime.date(year, 5, 1), datetime.date(year, 5, 2)]),
        ("端午节", [_lunar(year, 5, 5)]),
        ("中秋节", [_lunar(year, 8, 15)]),
        ("国庆节", [datetime.date(year, 10, d) for d in (1, 2, 3)]),
    ]


@functools.lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[datetime.date, str]:
    """The days off of `year` that the law itself fixes: {date: 节日名称}.

    A holiday on a Saturday or Sunday is made up on the first weekday after its block
    (放假办法第六条: 全体公民放假的假日，如果适逢周六、周日，应当在工作日补假); so is a
    holiday that coincides with another (中秋 on a 国庆 day, as in 2020, when the notice
    also gave one more day). The 调休 that the yearly notice adds are not law and are not
    here: the estimate can only be shorter than the real 放假安排, never longer.
    """
    off: dict[datetime.date, str] = {}
    owed: list[tuple[datetime.date, str]] = []
    for name, days in _festivals(year):
        for day in days:
            if day in off:
                owed.append((day, name))
            else:
                off[day] = name
    owed += [(day, name) for day, name in off.items() if day.weekday() >= 5]
    for anchor, name in sorted(owed):
        day = anchor + datetime.timedelta(days=1)
        while day in off or day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        off[day] = f"{name}（补假）"
    return dict(sorted(off.items()))


# --- the administrator's table of 放假安排 -------------------------------------------


@dataclass(frozen=True)
class _Schedule:
    days: dict = field(default_factory=dict)  # {date: True (调休上班) / False (放假)}
    years: frozenset = frozenset()  # years whose notice has been entered
    expires_at: float = 0.0


_schedule_cache: _Schedule | None = None


def _load_schedule() -> _Schedule:
    from django.db import DatabaseError

    from core.models import HolidayScheduleDay

    try:
        rows = list(HolidayScheduleDay.objects.values_list("schedule__year", "date", "kind"))
    except DatabaseError:
        # Before `migrate` has created the table (a fresh database): nothing entered yet.
        rows = []
    return _Schedule(
        days={day: kind == HolidayScheduleDay.Kind.WORK for _, day, kind in rows},
        years=frozenset(year for year, _, _ in rows),
        expires_at=time.monotonic() + RELOAD_SECONDS,
    )


def _schedule() -> _Schedule:
    global _schedule_cache
    cached = _schedule_cache
    if cached is None or time.monotonic() > cached.expires_at:
        cached = _schedule_cache = _load_schedule()
    return cached


def invalidate_schedule() -> None:
    """Forget the table: the next question reads it again."""
    global _schedule_cache
    _schedule_cache = None


def schedule_changed(**_signal_kwargs) -> None:
    """post_save/post_delete of the schedule's rows (connected in CoreConfig.ready)."""
    from django.db import transaction

    invalidate_schedule()
    # Read again once the change is committed, in case a page re-read it in the meantime.
    transaction.on_commit(invalidate_schedule)


def assume_empty_schedule() -> None:
    """For tests: the test database starts with no 放假安排 rows, so none is read until a
    row is saved (which invalidates). Keeps database-free tests free of the database."""
    global _schedule_cache
    _schedule_cache = _Schedule(expires_at=math.inf)


# --- the questions ----------------------------------------------------------------


def is_confirmed(day: datetime.date) -> bool:
    """Whether `day` is counted on a published 放假安排 (entered, or in the package)."""
    check_date(day, "day")
    schedule = _schedule()
    return day in schedule.days or day.year in schedule.years or _official_workday(day) is not None


def is_workday(day: datetime.date) -> bool:
    """A day staff work: the entered 放假安排, else the package, else the statutory estimate."""
    check_date(day, "day")
    schedule = _schedule()
    entered = schedule.days.get(day)
    if entered is not None:
        return entered
    official = _official_workday(day)
    if official is not None:
        return official
    if day.weekday() >= 5:
        return False
    # A year whose notice was entered lists all its days off: no estimate for it.
    return day.year in schedule.years or day not in statutory_holidays(day.year)


# --- counting periods ---------------------------------------------------------------
# The answers below are pure functions of their arguments and of the schedule table, so a
# worker keeps them, keyed by the table it read (a new table, read after a save or after
# RELOAD_SECONDS, starts afresh). The yearly figures and alerts count the same few hundred
# starting days (the days a document was received) again after every write of the town:
# counting ten working days day by day is ~40 calls, a remembered answer one dict lookup
# (BENCHMARKS.md, issue 22).
_MEMO_MAX = 50_000  # entries; ~60 bytes of key and value each, a few MiB at most
_memo: dict = {}
_memo_schedule: _Schedule | None = None


def _same_table(a: _Schedule | None, b: _Schedule) -> bool:
    """Whether two reads of the table hold the same days (compared once per read, not per question)."""
    return a is b or (a is not None and a.days == b.days and a.years == b.years)


def _remembered(kind: str, args: tuple, count_it):
    global _memo, _memo_schedule
    schedule = _schedule()
    if schedule is not _memo_schedule:
        if not _same_table(_memo_schedule, schedule):
            _memo = {}
        _memo_schedule = schedule
    if len(_memo) >= _MEMO_MAX:
        _memo = {}
    key = (kind, *args)
    found = _memo.get(key)
    if found is None:
        found = _memo[key] = count_it(*args)
    return found


def add_working_days(start: datetime.date, count: int) -> tuple[datetime.date, bool]:
    """The `count`-th working day after `start` (start not counted), and whether estimated."""
    check_date(start, "start")
    check_count(count, "count")
    return _remembered("working", (start, count), _count_working_days)


def _count_working_days(start: datetime.date, count: int) -> tuple[datetime.date, bool]:
    """Read off each year's list of working days (_year_table) while every year crossed is
    confirmed (the package's data or an entered notice): a bisection and an index, not a walk
    of ~1.4 days per working day. Across a year only estimated, day by day, to say so."""
    if count == 0:
        return start, False
    year, remaining = start.year, count
    index = bisect.bisect_right(_year_table(year).workdays, start)
    while _year_confirmed(year):
        workdays = _year_table(year).workdays
        if index + remaining <= len(workdays):
            return workdays[index + remaining - 1], False
        remaining -= len(workdays) - index
        year, index = year + 1, 0
    return _count_day_by_day(start, count)


def _year_confirmed(year: int) -> bool:
    """Every day of the year is confirmed: the package covers it or its notice was entered."""
    first, last = covered_years()
    return first <= year <= last or year in _schedule().years


def _count_day_by_day(start: datetime.date, count: int) -> tuple[datetime.date, bool]:
    day, seen, estimated = start, 0, False
    while seen < count:
        day += datetime.timedelta(days=1)
        estimated = estimated or not is_confirmed(day)
        if is_workday(day):
            seen += 1
    return day, estimated


def roll_to_workday(day: datetime.date) -> tuple[datetime.date, bool]:
    """民事诉讼法第八十五条第三款: a period ending on a 法定休假日 ends on the next working day."""
    check_date(day, "day")
    return _remembered("roll", (day,), _roll)


def _roll(day: datetime.date) -> tuple[datetime.date, bool]:
    estimated = not is_confirmed(day)
    while not is_workday(day):
        day += datetime.timedelta(days=1)
        estimated = estimated or not is_confirmed(day)
    return day, estimated


def add_days(start: datetime.date, count: int) -> tuple[datetime.date, bool]:
    """`count` calendar days after `start` (start not counted), rolled past holidays."""
    check_date(start, "start")
    check_count(count, "count")
    return roll_to_workday(start + datetime.timedelta(days=count))


def add_months(start: datetime.date, months: int) -> tuple[datetime.date, bool]:
    """`months` months after `start`: the same-numbered day (or month end), rolled past holidays."""
    check_date(start, "start")
    check_count(months, "months")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return roll_to_workday(datetime.date(year, month, min(start.day, last)))


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]; negative when end is before start (days overdue).

    Counted in closed form — weekdays, corrected by each year's exceptions (holidays on
    weekdays, 调休 weekends) — rather than day by day: a case left open for years (an old
    复议 imported without its reply date) is overdue by thousands of days, and the deadlines
    page must still say by how many.
    """
    check_date(start, "start")
    check_date(end, "end")
    if end < start:
        return -working_days_between(end, start)
    weekdays = _weekdays_through(end) - _weekdays_through(start)
    exceptions = _exceptions_through(end) - _exceptions_through(start)
    exceptions += sum(_year_table(year).total for year in range(start.year, end.year))
    return weekdays + exceptions


def _weekdays_through(day: datetime.date) -> int:
    # Ordinal 1 (0001-01-01) is a Monday, so every block of 7 ordinals holds 5 weekdays.
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


class _YearTable(NamedTuple):
    exceptions: list[datetime.date]  # where is_workday differs from Mon–Fri, sorted
    running: list[int]  # running sums of the exceptions (-1 a holiday on a weekday, +1 a 调休 weekend)
    total: int
    workdays: list[datetime.date]  # every working day of the year, sorted


# year → (the schedule it was computed on, its table)
_year_cache: dict[int, tuple[_Schedule, _YearTable]] = {}


def _year_table(year: int) -> _YearTable:
    """A year's working days and its exceptions to Mon–Fri, read in one pass over its days;
    recomputed when the 放假安排 table read again holds other days."""
    schedule = _schedule()
    hit = _year_cache.get(year)
    if hit is not None and _same_table(hit[0], schedule):
        if hit[0] is not schedule:
            _year_cache[year] = (schedule, hit[1])
        return hit[1]
    exceptions, running, total, workdays = [], [], 0, []
    day = datetime.date(year, 1, 1)
    while day.year == year:
        works = is_workday(day)
        if works:
            workdays.append(day)
        difference = int(works) - int(day.weekday() < 5)
        if difference:
            total += difference
            exceptions.append(day)
            running.append(total)
        day += datetime.timedelta(days=1)
    table = _YearTable(exceptions, running, total, workdays)
    _year_cache[year] = (schedule, table)
    return table


def _exceptions_through(day: datetime.date) -> int:
    """The sum of `day`'s year's exceptions up to and including `day`."""
    table = _year_table(day.year)
    index = bisect.bisect_right(table.exceptions, day)
    return table.running[index - 1] if index else 0


# --- deadlines ----------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """One statutory due date with the rule it comes from."""

    label: str  # 答复期限 / 决定期限 / 答辩期限 / 审理期限 / 上诉期限 / 司法确认申请期限
    due: datetime.date
    basis: str  # 「复议法第48条·10个工作日」 — shown on the badge
    working_days: bool  # days left are counted in working days
    estimated: bool = False  # counted on the statutory estimate, not on a published 放假安排
    # Whose act the deadline is for: the town's own document, or the authority's/court's.
    ours: bool = True

    @property
    def estimate_note(self) -> str:
        """「（按法定节日推算，待国务院放假安排公布后核对）」 when estimated, else empty."""
        return f"（{ESTIMATE_NOTE}）" if self.estimated else ""

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
        check_date(today, "today")
        unit = "个工作日" if deadline.working_days else "日"
        if done_on is not None:
            check_date(done_on, "done_on")
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
