"""报告进度: every town's report of the year against the district's 报送 deadline and the
公开 deadline (3月31日), overdue highlighted."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.choices import ReportStatus, SecrecyConclusion
from reports.models import SecrecyReview
from reports.tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db

TRACKER = reverse("district:reports")


@pytest.fixture
def reports(district, org, other_org):
    on_time = AnnualReportFactory(
        organization=org,
        year=2023,
        status=ReportStatus.PUBLISHED,
        submitted_at=timezone.make_aware(datetime.datetime(2024, 1, 10, 9)),
        approved_at=timezone.make_aware(datetime.datetime(2024, 1, 20, 9)),
        sent_to_district_on=datetime.date(2024, 2, 26),
        publicly_released_on=datetime.date(2024, 3, 28),
        public_url="https://www.ddk.gov.cn/bqz/zfxxgk/2023.html",
    )
    SecrecyReview.objects.create(
        report=on_time, reviewer="镇保密办", reviewed_on=datetime.date(2024, 1, 22), conclusion=SecrecyConclusion.PASSED
    )
    late = AnnualReportFactory(
        organization=other_org, year=2023, status=ReportStatus.APPROVED, sent_to_district_on=datetime.date(2024, 3, 5)
    )
    return on_time, late


def rows_of(client):
    response = client.get(TRACKER, {"year": 2023})
    assert response.status_code == 200
    return response, {row.town.name: row for row in response.context["rows"]}


def today_is(monkeypatch, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)


def test_overdue_is_flagged_after_the_deadlines(district_client, reports, monkeypatch):
    today_is(monkeypatch, datetime.date(2024, 4, 10))
    response, rows = rows_of(district_client)
    baqiao, tiaodeng = rows["八桥镇"], rows["跳磴镇"]
    assert not baqiao.sending_overdue and not baqiao.release_overdue
    assert tiaodeng.sending_overdue  # sent 3月5日, after 3月1日
    assert tiaodeng.release_overdue  # not public, and 3月31日 has passed
    assert baqiao.submission_deadline == datetime.date(2024, 3, 1)
    assert baqiao.publication_deadline == datetime.date(2024, 3, 31)
    html = response.content.decode()
    assert "通过（2024年1月22日）" in html and "未审查" in html
    assert "2024年3月5日" in html and "未公开" in html
    assert html.count('data-overdue="1"') == 2
    # The public release: its date and the address where it is published.
    assert '<a href="https://www.ddk.gov.cn/bqz/zfxxgk/2023.html"' in html
    assert html.count("公开地址</a>") == 1  # 跳磴镇 has none


def test_nothing_is_overdue_before_the_deadlines(district_client, district, org, monkeypatch):
    today_is(monkeypatch, datetime.date(2024, 2, 10))
    _, rows = rows_of(district_client)
    assert rows["八桥镇"].report is None and rows["八桥镇"].status_label == "未建立"
    assert not rows["八桥镇"].sending_overdue and not rows["八桥镇"].release_overdue


def test_the_districts_configured_deadline_is_used(district_client, reports, district):
    from reports.models import SubmissionDeadline

    SubmissionDeadline.objects.create(organization=district, month=3, day=10)
    _, rows = rows_of(district_client)
    assert rows["跳磴镇"].submission_deadline == datetime.date(2024, 3, 10)
    assert not rows["跳磴镇"].sending_overdue


def test_town_report_opens_for_the_district_user(district_client, reports):
    on_time, _ = reports
    assert district_client.get(on_time.get_absolute_url()).status_code == 200
