"""「May this officer enforce on date D in 类别 X?」 across certificate states and dates."""

import datetime

import pytest

from enforcement import selectors, services
from enforcement.choices import CertificateKind, CertificateState
from enforcement.tests.factories import CertificateFactory, OfficerFactory

D = datetime.date


@pytest.fixture
def card(officer, urban):
    return CertificateFactory(
        officer=officer, number="C1", issued_on=D(2021, 3, 1), expires_on=D(2026, 2, 28), categories=[urban]
    )


def allowed(officer, day, category=None):
    answer = selectors.may_enforce(officer, day, category)
    in_queryset = selectors.officers_who_may_enforce(officer.organization, day, category).filter(pk=officer.pk).exists()
    assert answer.allowed == in_queryset, "the page and the figures must agree"
    return answer.allowed


@pytest.mark.django_db
class TestMayEnforce:
    def test_valid_card_in_its_category(self, officer, card, urban, safety):
        assert allowed(officer, D(2023, 6, 1))
        assert allowed(officer, D(2023, 6, 1), urban)
        assert not allowed(officer, D(2023, 6, 1), safety)
        assert "不包含安全生产" in selectors.may_enforce(officer, D(2023, 6, 1), safety).reason

    def test_dates_are_inclusive(self, officer, card):
        assert not allowed(officer, D(2021, 2, 28))
        assert allowed(officer, D(2021, 3, 1))
        assert allowed(officer, D(2026, 2, 28))
        assert not allowed(officer, D(2026, 3, 1))

    def test_suspension_counts_from_its_date(self, officer, card):
        card.state, card.state_changed_on, card.state_reason = CertificateState.SUSPENDED, D(2023, 6, 1), "调查"
        card.save()
        assert allowed(officer, D(2023, 5, 31))
        assert not allowed(officer, D(2023, 6, 1))
        assert "暂扣" in selectors.may_enforce(officer, D(2023, 7, 1)).reason

    @pytest.mark.parametrize("state", [CertificateState.REVOKED, CertificateState.CANCELLED])
    def test_revoked_or_cancelled(self, officer, card, state):
        card.state, card.state_changed_on, card.state_reason = state, D(2024, 1, 10), "x"
        card.save()
        assert allowed(officer, D(2024, 1, 9))
        assert not allowed(officer, D(2024, 1, 10))

    def test_renewal_hands_over_without_a_gap(self, officer, card, urban, safety):
        services.certificate_renew(
            certificate=card,
            new_number="C2",
            issued_on=D(2026, 2, 1),
            expires_on=D(2031, 1, 31),
            categories=[urban, safety],
        )
        assert allowed(officer, D(2026, 1, 31), urban)
        assert not allowed(officer, D(2026, 1, 31), safety)  # the old card did not cover it
        assert allowed(officer, D(2026, 2, 1), safety)
        assert allowed(officer, D(2030, 1, 1), urban)

    def test_officer_who_left_may_not_enforce(self, officer, card):
        officer.employment_status, officer.left_on = "retired", D(2023, 8, 31)
        officer.save()
        assert allowed(officer, D(2023, 8, 30))
        assert not allowed(officer, D(2023, 8, 31))
        assert "不在执法岗位" in selectors.may_enforce(officer, D(2023, 9, 1)).reason

    def test_supervision_certificate_does_not_entitle_to_enforce(self, org, department):
        officer = OfficerFactory(organization=org, department=department)
        CertificateFactory(
            officer=officer, kind=CertificateKind.SUPERVISION, issued_on=D(2021, 1, 1), expires_on=D(2026, 1, 1)
        )
        assert not allowed(officer, D(2023, 6, 1))

    def test_no_certificate(self, officer):
        assert not allowed(officer, D(2023, 6, 1))
        assert selectors.may_enforce(officer, D(2023, 6, 1)).reason == "该日没有有效的行政执法证。"


@pytest.mark.django_db
def test_alert_certificates_skip_renewed_and_left_officers(org, department, settings):
    today = D(2024, 6, 1)
    expiring = OfficerFactory(organization=org, department=department, name="将到期")
    CertificateFactory(officer=expiring, issued_on=D(2019, 9, 1), expires_on=D(2024, 8, 31))
    renewed = OfficerFactory(organization=org, department=department, name="已换发")
    old = CertificateFactory(officer=renewed, issued_on=D(2019, 7, 1), expires_on=D(2024, 6, 30))
    services.certificate_renew(certificate=old, new_number="R2", issued_on=D(2024, 5, 1), expires_on=D(2029, 4, 30))
    retired = OfficerFactory(
        organization=org, department=department, name="已退休", employment_status="retired", left_on=D(2024, 1, 1)
    )
    CertificateFactory(officer=retired, issued_on=D(2019, 7, 1), expires_on=D(2024, 7, 1))
    names = [c.officer.name for c in selectors.alert_certificates(org, today, 180)]
    assert names == ["将到期"]
