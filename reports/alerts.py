"""Alerts of the reports app, for the three things a year's report still owes:

- 公开发布: published 4月1日之前, i.e. by 31 March (《法治政府建设与责任落实督察工作规定》(2019),
  DOMAIN.md "The annual report"; the one definition is core.report_deadline). Chased until
  the report is published in the portal, then until its public release is recorded.
- 报送区委区政府: by the district's own day (reports.deadlines, default 3月1日), until the
  date it was sent is recorded.

Every link goes to a page each role that sees alerts may open (the report, or the list
of reports when there is none yet): never to a form only one role may use.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from core import report_deadline
from core.alerts import Alert, alert_registry
from reports import deadlines
from reports.choices import ReportStatus
from reports.models import AnnualReport


def _level(due: datetime.date, today: datetime.date) -> str:
    days = (due - today).days
    if days < 0:
        return "danger"
    return "warning" if days <= report_deadline.warning_days() else "info"


def _countdown(due: datetime.date, today: datetime.date, what: str) -> str:
    days = (due - today).days
    if days > 0:
        return f"距{what}期限还有{days}天"
    if days == 0:
        return f"今天是{what}期限的最后一天"
    return f"已超过{what}期限{-days}天"


@alert_registry.provider("reports")
def report_alerts(organization, today) -> list[Alert]:
    years = report_deadline.years_to_chase(today)
    reports = {
        report.year: report
        for report in AnnualReport.objects.filter(organization=organization, year__in=years).only(
            "pk", "status", "year", "sent_to_district_on", "publicly_released_on"
        )
    }
    alerts = []
    submission_day = None  # the district's (month, day), read once for all the years chased
    for year in years:
        report = reports.get(year)
        url = report.get_absolute_url() if report is not None else reverse("reports:report_list")
        published_by = report_deadline.publication_deadline(year)
        if report is None or report.status != ReportStatus.PUBLISHED:
            if year == today.year:
                # December: the coming report, announced (its year is not over yet).
                title = report_deadline.alert_title(year)
            elif report is None:
                title = f"{year}年法治政府建设年度报告尚未起草"
            else:
                title = f"{year}年法治政府建设年度报告尚未发布（{report.get_status_display()}）"
            alerts.append(
                Alert(
                    level=report_deadline.alert_level(year, today),
                    category=report_deadline.REPORT_CATEGORY,
                    title=title,
                    detail=f"须于{report_deadline.deadline_text(year)}前公开发布；{report_deadline.countdown(year, today)}。",
                    due_date=published_by,
                    url=url,
                )
            )
        elif report.publicly_released_on is None:
            alerts.append(
                Alert(
                    level=report_deadline.alert_level(year, today),
                    category=report_deadline.REPORT_CATEGORY,
                    title=f"{year}年法治政府建设年度报告已发布，尚未登记向社会公开",
                    detail=f"须于{report_deadline.deadline_text(year)}前通过政府网站等向社会公开，"
                    f"公开后登记公开日期和地址；{report_deadline.countdown(year, today)}。",
                    due_date=published_by,
                    url=url,
                )
            )
        # From the day the report is chased at all (December of its year): the 报送 day
        # comes before 公开 (3月1日 by default, earlier where the district says so), so it
        # is never announced later than the 公开 deadline is.
        if report is None or report.sent_to_district_on is None:
            submission_day = submission_day or deadlines.submission_month_day(organization)
            due = deadlines.submission_deadline(organization, year, month_day=submission_day)
            alerts.append(
                Alert(
                    level=_level(due, today),
                    category=report_deadline.REPORT_CATEGORY,
                    title=f"{year}年法治政府建设年度报告尚未报送区委区政府",
                    detail=f"须于{deadlines.date_text(due)}前报送；{_countdown(due, today, '报送')}。",
                    due_date=due,
                    url=url,
                )
            )
    return alerts
