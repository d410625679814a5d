"""The two deadlines a published report still has: 报送 (to the district) and 公开 (to the public).

- 公开: 《法治政府建设与责任落实督察工作规定》(2019) 第二十七条 — published 每年4月1日之前,
  i.e. by 31 March inclusive (core.report_deadline holds the one definition).
- 报送: the district sets it (usually 3月1日); `SubmissionDeadline` keeps each district's
  day, and 3月1日 is used where none is configured.

The report on year Y is due in year Y+1 for both.
"""

from __future__ import annotations

import datetime

from core import report_deadline

DEFAULT_SUBMISSION_MONTH = 3
DEFAULT_SUBMISSION_DAY = 1


def _district_id(organization) -> int | None:
    """The district a town reports to: its parent; a district reports for itself.
    Read from ids, so no query is spent on the parent row."""
    if organization is None:
        return None
    if organization.kind == "district":
        return organization.pk
    return organization.parent_id


def submission_month_day(organization) -> tuple[int, int]:
    """(month, day) of the district's 报送 deadline: one query, none for a town without a district."""
    from reports.models import SubmissionDeadline

    district_id = _district_id(organization)
    if district_id is not None:
        configured = SubmissionDeadline.objects.filter(organization_id=district_id).values_list("month", "day").first()
        if configured:
            return configured
    return DEFAULT_SUBMISSION_MONTH, DEFAULT_SUBMISSION_DAY


def submission_deadline(organization, year: int, *, month_day: tuple[int, int] | None = None) -> datetime.date:
    """The last day (inclusive) to send the report on `year` to 区委区政府 (`month_day`: the
    district's day read already, for several years at once)."""
    month, day = month_day or submission_month_day(organization)
    return datetime.date(year + 1, month, day)


def publication_deadline(year: int) -> datetime.date:
    """The last day (inclusive) to make the report on `year` public: 31 March of year + 1."""
    return report_deadline.publication_deadline(year)


def date_text(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
