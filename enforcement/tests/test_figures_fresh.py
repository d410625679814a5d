"""No figure is ever stale (issue 22): officers imported from a spreadsheet (a bulk path) and a
certificate revoked (a service) are on the next page."""

import pytest
from django.utils import timezone

from enforcement import services
from enforcement.tests.factories import CertificateFactory
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
