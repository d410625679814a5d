"""Expiry alerts for in-post officers, filed under the officer's department."""

import datetime

import pytest

from core.alerts import alert_registry
from enforcement.tests.factories import CertificateFactory, OfficerFactory

TODAY = datetime.date(2024, 6, 1)
D = datetime.timedelta


def alerts(org, department_id=None):
    return [a for a in alert_registry.collect(org, TODAY, department_id=department_id) if a.app_label == "enforcement"]


@pytest.mark.django_db
def test_expiring_and_expired_cards_of_officers_in_post(org, department, other_department):
    soon = OfficerFactory(organization=org, department=department, name="将到期")
    CertificateFactory(officer=soon, issued_on=TODAY - D(days=1000), expires_on=TODAY + D(days=180))
    late = OfficerFactory(organization=org, department=other_department, name="已过期")
    CertificateFactory(officer=late, issued_on=TODAY - D(days=2000), expires_on=TODAY - D(days=1))
    fine = OfficerFactory(organization=org, department=department, name="正常")
    CertificateFactory(officer=fine, issued_on=TODAY - D(days=10), expires_on=TODAY + D(days=181))
    gone = OfficerFactory(
        organization=org, department=department, name="已调离", employment_status="transferred", left_on=TODAY
    )
    CertificateFactory(officer=gone, issued_on=TODAY - D(days=1000), expires_on=TODAY + D(days=10))

    result = alerts(org)
    assert [(a.level, a.category) for a in result] == [("danger", "执法证"), ("warning", "执法证")]
    assert result[0].title == "已过期的行政执法证已过期"
    assert result[1].title == "将到期的行政执法证将于 180 天后到期"
    assert result[1].url == soon.get_absolute_url()
    assert result[1].department_id == department.pk
    # a clerk of the other department sees only theirs
    assert [a.title for a in alerts(org, other_department.pk)] == ["已过期的行政执法证已过期"]


@pytest.mark.django_db
def test_window_setting(org, department, settings):
    officer = OfficerFactory(organization=org, department=department)
    CertificateFactory(officer=officer, issued_on=TODAY - D(days=100), expires_on=TODAY + D(days=100))
    settings.CERTIFICATE_EXPIRY_WINDOW_DAYS = 90
    assert alerts(org) == []
    settings.CERTIFICATE_EXPIRY_WINDOW_DAYS = 100
    assert len(alerts(org)) == 1
