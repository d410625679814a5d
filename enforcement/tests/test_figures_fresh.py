"""No figure is ever stale (issue 22): officers imported from a spreadsheet (a bulk path) and a
certificate revoked (a service) are on the next page."""

import datetime

import pytest
from django.utils import timezone

from enforcement import services
from enforcement.tests.factories import CertificateFactory, OfficerFactory
from enforcement.tests.test_import import GOOD, upload


@pytest.mark.django_db
def test_an_xlsx_import_shows_on_the_next_page(org, department, urban, safety, clerk, assert_fresh):
    def write():
        assert upload(clerk, *GOOD).status_code == 302

    assert_fresh(org, timezone.localdate().year, "执法人员数", write)


@pytest.mark.django_db
def test_a_revoked_certificate_shows_on_the_next_page(org, department, clerk_user, assert_fresh):
    today = timezone.localdate()
    certificate = CertificateFactory(
        officer__organization=org,
        officer__department=department,
        expires_on=today.replace(year=today.year + 2, day=1),
    )

    def write():
        services.certificate_revoke(certificate=certificate, reason="调离执法岗位", on=today, by=clerk_user)

    assert_fresh(org, today.year, "持证人数", write)


@pytest.mark.django_db
def test_a_revoked_certificate_leaves_the_alerts(org, department, clerk_user, assert_alerts_fresh):
    """The 执法证 alerts are cached with the figures: a revocation clears its alert at once."""
    today = timezone.localdate()
    certificate = CertificateFactory(
        officer__organization=org,
        officer__department=department,
        officer__name="王建国",
        issued_on=today.replace(year=today.year - 4),
        expires_on=today + datetime.timedelta(days=30),
    )

    def write():
        services.certificate_revoke(certificate=certificate, reason="调离执法岗位", on=today, by=clerk_user)

    assert_alerts_fresh(write, "王建国的行政执法证", appears=False)


@pytest.mark.django_db
def test_an_exam_entered_in_the_admin_shows_on_the_next_page(org, department, admin_client, assert_fresh):
    """The Django admin (superusers only for ledger data) saves through the model: the figures follow."""
    from django.urls import reverse

    today = timezone.localdate()
    officer = OfficerFactory(organization=org, department=department)

    def write():
        response = admin_client.post(
            reverse("admin:enforcement_exam_add"),
            {
                "officer": officer.pk,
                "title": f"{today.year}年度行政执法人员资格考试",
                "kind": "annual",
                "exam_on": today.isoformat(),
                "score": "86",
                "passed": "on",
                "notes": "",
            },
        )
        assert response.status_code == 302, response.context["adminform"].errors

    assert_fresh(org, today.year, "考试人次", write)
