"""Alerts of the reports app: the previous year's report must be published before 1 April
(《法治政府建设与责任落实督察工作规定》(2019), DOMAIN.md "The annual report")."""

from __future__ import annotations

from django.urls import reverse

from core.alerts import Alert, alert_registry
from reports.choices import ReportStatus
from reports.models import AnnualReport, publication_deadline
from reports.selectors import deadline_warning_days


@alert_registry.provider("reports")
def report_alerts(organization, today) -> list[Alert]:
    year = today.year - 1
    deadline = publication_deadline(year)
    report = AnnualReport.objects.filter(organization=organization, year=year).only("pk", "status", "year").first()
    if report is not None and report.status == ReportStatus.PUBLISHED:
        return []
    days = (deadline - today).days
    if days < -275:
        return []  # long past: the next year's report is the one to chase
    level = "danger" if days < 0 else "warning" if days <= deadline_warning_days() else "info"
    deadline_text = f"{deadline.year}年{deadline.month}月{deadline.day}日前"
    if report is None:
        title, url = f"{year}年法治政府建设年度报告尚未起草", reverse("reports:report_add")
    else:
        title, url = f"{year}年法治政府建设年度报告尚未发布（{report.get_status_display()}）", report.get_absolute_url()
    detail = f"应于{deadline_text}公开发布" if days >= 0 else f"已超过公开期限{-days}天"
    return [Alert(level=level, category="年度报告", title=title, detail=detail, due_date=deadline, url=url)]
