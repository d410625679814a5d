"""Alerts of the reports app: a report must be published 4月1日之前, i.e. by 31 March
(《法治政府建设与责任落实督察工作规定》(2019), DOMAIN.md "The annual report"; the one
definition is core.report_deadline). A published report raises no alert."""

from __future__ import annotations

from django.urls import reverse

from core import report_deadline
from core.alerts import Alert, alert_registry
from reports.choices import ReportStatus
from reports.models import AnnualReport


@alert_registry.provider("reports")
def report_alerts(organization, today) -> list[Alert]:
    years = report_deadline.years_to_chase(today)
    reports = {
        report.year: report
        for report in AnnualReport.objects.filter(organization=organization, year__in=years).only(
            "pk", "status", "year"
        )
    }
    alerts = []
    for year in years:
        report = reports.get(year)
        if report is not None and report.status == ReportStatus.PUBLISHED:
            continue
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
                due_date=report_deadline.publication_deadline(year),
                url=report.get_absolute_url() if report is not None else reverse("reports:report_add"),
            )
        )
    return alerts
