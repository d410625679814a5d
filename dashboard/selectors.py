"""What the dashboard and the home page read: figures of a year and current alerts.

Only the registries are read (core.figures.registry, core.alerts.alert_registry),
never a data app's models, so the dashboard works whichever apps are installed
and costs one provider call per app and year.
"""

from __future__ import annotations

import datetime

from django.urls import NoReverseMatch, reverse

from accounts.models import Department
from core import figure_cache
from core import report_deadline as report_deadline_rule
from core.alerts import Alert, alert_registry
from core.figures import ResolvedFigure

REPORT_CATEGORY = report_deadline_rule.REPORT_CATEGORY
# Where the reports app will list the annual reports (first name that resolves).
REPORT_URL_NAMES = ("reports:report_list", "reports:index", "reports:annualreport_list")


def figure_version(organization) -> str:
    """The token the town's figures are cached under (core.figure_cache): read once per page."""
    return figure_cache.token(organization.pk)


def year_figures(organization, year: int, *, version: str | None = None) -> dict[str, ResolvedFigure]:
    """Every registered figure of the organization's year: the one notion of "the figures
    of a year" (core.figure_cache), cached until a record of the town changes."""
    return figure_cache.year_figures(organization, year, version=version)


def years_figures(organization, years, *, version: str | None = None) -> dict[int, dict[str, ResolvedFigure]]:
    """year_figures() of several years at once (the dashboard's year and the one before)."""
    return figure_cache.years_figures(organization, years, version=version)


def year_charts(organization, year: int, figures: dict, previous: dict, *, version: str | None = None) -> list:
    """The charts of the year, drawn from its figures and cached under the same token."""
    from dashboard import charts

    return figure_cache.cached(
        organization.pk, year, lambda: charts.build(figures, previous, year), kind="charts", version=version
    )


def report_url() -> str:
    for name in REPORT_URL_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def report_deadline(year: int) -> datetime.date:
    """The last day to publish the report on `year` (core.report_deadline: 4月1日之前 = by 31 March)."""
    return report_deadline_rule.publication_deadline(year)


def report_deadline_alert(today: datetime.date) -> Alert | None:
    """The publication deadline from the date alone, for a deployment without the reports app.

    From 1 December the coming report is announced; until the deadline the report on last
    year is chased. After the deadline nothing is shown: whether the report went out is
    for the reports app to say.
    """
    year = today.year if today.month == 12 else today.year - 1
    if report_deadline_rule.is_overdue(year, today):
        return None
    return Alert(
        level=report_deadline_rule.alert_level(year, today),
        category=REPORT_CATEGORY,
        title=report_deadline_rule.alert_title(year),
        detail=f"{report_deadline_rule.countdown(year, today)}；公开前须经保密审查，并报送区委、区政府，抄送区委依法治区办。",
        due_date=report_deadline_rule.publication_deadline(year),
        url=report_url(),
        app_label="dashboard",
    )


def current_alerts(
    organization, *, today: datetime.date, department_id: int | None = None, version: str | None = None
) -> list[Alert]:
    """All alerts of the town (or of one department plus those for everyone), most urgent first.

    The data apps' alerts are kept like the figures, under the town's token (core.figure_cache:
    one cache read until a record of the town changes); `version` is that token when the page
    has read it already.

    The report deadline comes from the reports app when it is installed: it alone knows
    whether the report was published (and then raises nothing). The date-only stand-in
    is for a deployment without it.
    """
    alerts = alert_registry.narrow(figure_cache.town_alerts(organization, today, version=version), department_id)
    speaks = alert_registry.has_provider("reports") or any(a.category == REPORT_CATEGORY for a in alerts)
    if not speaks:
        deadline = report_deadline_alert(today)
        if deadline is not None:
            alerts.append(deadline)
            alerts.sort(key=lambda a: a.sort_key)
    return alerts


def department_names(organization) -> dict[int, str]:
    """For the 'which department' line of each alert: one query, whatever the alerts."""
    return dict(Department.objects.filter(organization=organization).order_by().values_list("pk", "name"))


def alert_summary(alerts: list[Alert]) -> dict[str, int]:
    summary = {"danger": 0, "warning": 0, "info": 0}
    for alert in alerts:
        summary[alert.level] = summary.get(alert.level, 0) + 1
    return summary
