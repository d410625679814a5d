import datetime

import pytest

from reports.alerts import report_alerts
from reports.choices import ReportStatus
from reports.tests.factories import AnnualReportFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "level"),
    [
        (datetime.date(2024, 1, 5), "info"),
        (datetime.date(2024, 3, 20), "warning"),
        (datetime.date(2024, 4, 2), "danger"),
    ],
)
def test_unpublished_report_is_chased(org, today, level):
    AnnualReportFactory(organization=org, year=2023)
    alerts = report_alerts(org, today)
    assert [a.level for a in alerts] == [level]
    assert "2023年" in alerts[0].title and alerts[0].due_date == datetime.date(2024, 4, 1)


@pytest.mark.django_db
def test_missing_report_is_chased(org):
    alerts = report_alerts(org, datetime.date(2024, 2, 1))
    assert alerts and "尚未起草" in alerts[0].title


@pytest.mark.django_db
def test_published_report_needs_nothing(org):
    AnnualReportFactory(organization=org, year=2023, status=ReportStatus.PUBLISHED)
    assert report_alerts(org, datetime.date(2024, 3, 20)) == []
