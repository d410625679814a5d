import datetime

import pytest
from django.urls import reverse

from accounts.models import Organization
from accounts.tests.factories import OrganizationFactory
from reports.alerts import report_alerts
from reports.choices import ReportStatus
from reports.models import SubmissionDeadline
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
    AnnualReportFactory(organization=org, year=2023, sent_to_district_on=datetime.date(2024, 1, 3))
    alerts = report_alerts(org, today)
    assert [a.level for a in alerts] == [level]
    assert "2023年" in alerts[0].title and alerts[0].due_date == datetime.date(2024, 3, 31)


@pytest.mark.django_db
def test_missing_report_is_chased(org):
    alerts = report_alerts(org, datetime.date(2024, 2, 1))
    assert alerts and "尚未起草" in alerts[0].title
    # A leader sees this alert too but may not open 新建: the link is the list of reports.
    assert alerts[0].url == reverse("reports:report_list")


@pytest.mark.django_db
def test_published_sent_and_released_report_needs_nothing(org):
    AnnualReportFactory(
        organization=org,
        year=2023,
        status=ReportStatus.PUBLISHED,
        sent_to_district_on=datetime.date(2024, 2, 1),
        publicly_released_on=datetime.date(2024, 2, 2),
        public_url="https://www.ddk.gov.cn/bqz/2023.html",
    )
    assert report_alerts(org, datetime.date(2024, 3, 20)) == []


@pytest.mark.django_db
def test_published_report_is_chased_until_released(org):
    report = AnnualReportFactory(
        organization=org, year=2023, status=ReportStatus.PUBLISHED, sent_to_district_on=datetime.date(2024, 2, 1)
    )
    [alert] = report_alerts(org, datetime.date(2024, 3, 20))
    assert alert.title == "2023年法治政府建设年度报告已发布，尚未登记向社会公开"
    assert alert.level == "warning" and alert.due_date == datetime.date(2024, 3, 31)
    assert alert.url == report.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "level", "countdown"),
    [
        (datetime.date(2024, 1, 5), "info", "距报送期限还有56天"),
        (datetime.date(2024, 3, 1), "warning", "今天是报送期限的最后一天"),
        (datetime.date(2024, 3, 2), "danger", "已超过报送期限1天"),
    ],
)
def test_unsent_report_is_chased_before_1_march(org, today, level, countdown):
    AnnualReportFactory(organization=org, year=2023, status=ReportStatus.PUBLISHED, publicly_released_on=today)
    [alert] = report_alerts(org, today)
    assert alert.title == "2023年法治政府建设年度报告尚未报送区委区政府"
    assert alert.due_date == datetime.date(2024, 3, 1) and alert.level == level
    assert alert.detail == f"须于2024年3月1日前报送；{countdown}。"


@pytest.mark.django_db
def test_unsent_alert_follows_the_districts_own_deadline(org):
    district = OrganizationFactory(name="大渡口区", kind=Organization.Kind.DISTRICT)
    org.parent = district
    org.save()
    SubmissionDeadline.objects.create(organization=district, month=2, day=10)
    AnnualReportFactory(organization=org, year=2023, status=ReportStatus.PUBLISHED, publicly_released_on=D(2024, 2, 1))
    [alert] = report_alerts(org, D(2024, 2, 11))
    assert alert.due_date == D(2024, 2, 10) and alert.level == "danger"
    assert alert.detail == "须于2024年2月10日前报送；已超过报送期限1天。"


D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "level", "countdown"),
    [
        (D(2026, 3, 31), "warning", "今天是公开期限的最后一天"),  # 4月1日之前: 31 March is still on time
        (D(2026, 4, 1), "danger", "已超过公开期限1天"),
    ],
)
def test_the_deadline_is_31_march_inclusive(org, today, level, countdown):
    AnnualReportFactory(organization=org, year=2025, sent_to_district_on=D(2026, 2, 1))
    [alert] = report_alerts(org, today)
    assert alert.level == level and alert.due_date == D(2026, 3, 31)
    assert alert.detail == f"须于2026年3月31日前公开发布；{countdown}。"


@pytest.mark.django_db
def test_the_coming_report_is_announced_in_december(org):
    AnnualReportFactory(
        organization=org,
        year=2024,
        status=ReportStatus.PUBLISHED,
        sent_to_district_on=D(2025, 2, 1),
        publicly_released_on=D(2025, 3, 1),
    )
    send, publish = sorted(report_alerts(org, D(2025, 12, 1)), key=lambda a: a.due_date)
    assert publish.title == "2025年法治政府建设年度报告须于2026年3月31日前公开" and publish.level == "info"
    # The 报送 day comes first: announced with it, not only from 1 January.
    assert send.title == "2025年法治政府建设年度报告尚未报送区委区政府" and send.level == "info"
    assert send.due_date == D(2026, 3, 1) and send.detail == "须于2026年3月1日前报送；距报送期限还有90天。"


@pytest.mark.django_db
def test_an_early_district_deadline_is_announced_in_december(org):
    district = OrganizationFactory(name="大渡口区", kind=Organization.Kind.DISTRICT)
    org.parent = district
    org.save()
    SubmissionDeadline.objects.create(organization=district, month=1, day=10)
    send = next(a for a in report_alerts(org, D(2025, 12, 20)) if a.title.startswith("2025年") and "报送" in a.title)
    assert send.due_date == D(2026, 1, 10) and send.level == "warning"


@pytest.mark.django_db
@pytest.mark.parametrize("today", [D(2025, 12, 1), D(2026, 1, 5), D(2026, 3, 2), D(2026, 3, 31)])
def test_the_dashboard_stand_in_agrees_with_the_reports_alert(org, today):
    """One definition (core.report_deadline): same last day, level and countdown."""
    from dashboard.selectors import report_deadline, report_deadline_alert

    report = AnnualReportFactory(organization=org, year=2025)
    ours = next(a for a in report_alerts(org, today) if a.due_date == D(2026, 3, 31))
    theirs = report_deadline_alert(today)
    assert ours.due_date == theirs.due_date == report.deadline == report_deadline(2025)
    assert ours.level == theirs.level
    assert theirs.detail.split("；")[0] in ours.detail


@pytest.mark.django_db
def test_recording_sending_and_release_clears_the_alerts_on_every_page(org, clerk, assert_alerts_fresh):
    """Through the 报送/公开 form, as the dashboard and the 提醒事项 page show the alerts."""
    from django.utils import timezone

    today = timezone.localdate()
    report = AnnualReportFactory(organization=org, year=today.year - 1, status=ReportStatus.PUBLISHED)
    url = reverse("reports:report_release", args=[report.pk])
    blank = {"sent_to_district_on": "", "publicly_released_on": "", "public_url": "", "index_number": ""}

    def send():
        assert clerk.post(url, {**blank, "sent_to_district_on": today.isoformat()}).status_code == 302

    def release():
        data = {
            **blank,
            "sent_to_district_on": today.isoformat(),
            "publicly_released_on": today.isoformat(),
            "public_url": "https://www.ddk.gov.cn/bqz/2025.html",
        }
        assert clerk.post(url, data).status_code == 302

    assert_alerts_fresh(send, f"{report.year}年法治政府建设年度报告尚未报送区委区政府", appears=False)
    assert_alerts_fresh(release, f"{report.year}年法治政府建设年度报告已发布，尚未登记向社会公开", appears=False)


@pytest.mark.django_db
def test_in_december_both_years_unsent_read_the_districts_day_once(org):
    """December chases two reports (last year's and the coming one): each is due on the district's
    day of its own following year, and the district's day is read once, not once per year (the
    alerts are asked on every page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    district = OrganizationFactory(name="大渡口区", kind=Organization.Kind.DISTRICT)
    org.parent = district
    org.save()
    SubmissionDeadline.objects.create(organization=district, month=2, day=10)
    with CaptureQueriesContext(connection) as queries:
        alerts = report_alerts(org, D(2025, 12, 5))
    sends = sorted(a.due_date for a in alerts if "尚未报送区委区政府" in a.title)
    assert sends == [D(2025, 2, 10), D(2026, 2, 10)]
    assert sum('"reports_submissiondeadline"' in q["sql"] for q in queries.captured_queries) == 1
    assert len(queries) == 2  # the reports of the years, the district's day
