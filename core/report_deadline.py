"""When the 法治政府建设年度报告 must be public: one definition for the reports app, the
dashboard and anything else that tracks it (data apps never import reports, so it lives here).

《法治政府建设与责任落实督察工作规定》(2019): 地方各级政府 publish the previous year's report
through newspapers and websites 每年4月1日之前 (DOMAIN.md "The annual report"). Before 1 April
means on 31 March at the latest, so the deadline here is that last day, inclusive: a report
published on 31 March is on time, one published on 1 April is one day late.
"""

from __future__ import annotations

import datetime

from django.conf import settings

# The alert category every provider of this deadline uses.
REPORT_CATEGORY = "年度报告"


def publication_deadline(year: int) -> datetime.date:
    """The last day on which the report on `year` may be published (31 March of year + 1)."""
    return datetime.date(year + 1, 3, 31)


def deadline_text(year: int) -> str:
    """ "2026年3月31日" for the report on 2025; read with 前 ("须于2026年3月31日前公开")."""
    deadline = publication_deadline(year)
    return f"{deadline.year}年{deadline.month}月{deadline.day}日"


def days_left(year: int, today: datetime.date) -> int:
    """Days after today still open: 0 on the last day, negative once late."""
    return (publication_deadline(year) - today).days


def is_overdue(year: int, today: datetime.date) -> bool:
    return today > publication_deadline(year)


def warning_days() -> int:
    """Local practice, not law: how many days before the deadline the reminder becomes a warning."""
    return getattr(settings, "REPORT_DEADLINE_WARNING_DAYS", 30)


def alert_level(year: int, today: datetime.date) -> str:
    days = days_left(year, today)
    if days < 0:
        return "danger"
    return "warning" if days <= warning_days() else "info"


def countdown(year: int, today: datetime.date) -> str:
    days = days_left(year, today)
    if days > 0:
        return f"距公开期限还有{days}天"
    if days == 0:
        return "今天是公开期限的最后一天"
    return f"已超过公开期限{-days}天"


def alert_title(year: int) -> str:
    return f"{year}年法治政府建设年度报告须于{deadline_text(year)}前公开"


def years_to_chase(today: datetime.date) -> list[int]:
    """Reports whose publication is due or coming: last year's all year round (until it is
    published), and from 1 December this year's, whose deadline is four months away."""
    years = [today.year - 1]
    if today.month == 12:
        years.append(today.year)
    return years
