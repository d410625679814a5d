"""Row-level rules: 身份证号 validation, database constraints, the derived certificate status."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.validators import gender_code, validate_id_number
from enforcement.choices import CertificateState, DisplayStatus
from enforcement.models import Certificate, Officer
from enforcement.tests.factories import CertificateFactory, OfficerFactory, make_id_number
from enforcement.validators import validate_phone

TODAY = datetime.date(2024, 6, 1)


class TestIdNumber:
    # The number itself is checked by core.validators (core/tests/test_validators.py).
    def test_factory_numbers_are_valid(self):
        validate_id_number(make_id_number(3))
        assert make_id_number(5).endswith("X")

    def test_gender_digit(self):
        assert gender_code(make_id_number(5, male=True)) == "male"
        assert gender_code(make_id_number(5, male=False)) == "female"

    def test_phone(self):
        validate_phone("13812345678")
        validate_phone("023-68800000")
        with pytest.raises(ValidationError, match="手机号码"):
            validate_phone("12345")


@pytest.mark.django_db
class TestOfficerRules:
    def test_gender_must_match_the_id_number(self, org, department):
        officer = OfficerFactory.build(
            organization=org, department=department, gender="female", id_number=make_id_number(9)
        )
        with pytest.raises(ValidationError) as exc:
            officer.full_clean()
        assert "性别与身份证号不符" in exc.value.message_dict["gender"][0]

    def test_left_officer_needs_a_leaving_date(self, org, department):
        officer = OfficerFactory.build(organization=org, department=department, employment_status="retired")
        with pytest.raises(ValidationError) as exc:
            officer.full_clean()
        assert "须填写离岗日期" in exc.value.message_dict["left_on"][0]

    def test_id_number_is_unique_per_organization_in_the_database(self, org, other_org):
        number = make_id_number(11)
        OfficerFactory(organization=org, id_number=number)
        with pytest.raises(IntegrityError), transaction.atomic():
            OfficerFactory(organization=org, id_number=number)
        # Another town may register the same person (e.g. after a transfer).
        OfficerFactory(organization=other_org, id_number=number)
        assert Officer.objects.filter(id_number=number).count() == 2


@pytest.mark.django_db
class TestCertificateRules:
    def test_expiry_before_issue_is_refused_by_clean_and_by_the_database(self, officer):
        cert = CertificateFactory.build(
            officer=officer, issued_on=datetime.date(2023, 5, 1), expires_on=datetime.date(2023, 4, 30)
        )
        with pytest.raises(ValidationError) as exc:
            cert.full_clean()
        assert exc.value.message_dict["expires_on"] == ["有效期至必须晚于发证日期。"]
        with pytest.raises(IntegrityError), transaction.atomic():
            cert.save()
        assert not Certificate.objects.exists()

    def test_same_day_expiry_is_refused(self, officer):
        with pytest.raises(IntegrityError), transaction.atomic():
            CertificateFactory(
                officer=officer, issued_on=datetime.date(2023, 5, 1), expires_on=datetime.date(2023, 5, 1)
            )

    def test_number_is_unique(self, officer):
        CertificateFactory(officer=officer, number="A1")
        with pytest.raises(IntegrityError), transaction.atomic():
            CertificateFactory(officer=officer, number="A1")

    def test_closed_state_needs_a_date(self, officer):
        with pytest.raises(IntegrityError), transaction.atomic():
            CertificateFactory(officer=officer, state=CertificateState.SUSPENDED, state_changed_on=None)


def _cert(expires_on, state=CertificateState.VALID, issued_on=datetime.date(2020, 1, 1)):
    return Certificate(issued_on=issued_on, expires_on=expires_on, state=state, state_changed_on=issued_on)


class TestDerivedStatus:
    """有效 / 即将到期 / 已过期 at the window edges (window = 180 days, both ends included)."""

    @pytest.mark.parametrize(
        "days_left, expected",
        [
            (181, DisplayStatus.VALID),
            (180, DisplayStatus.EXPIRING),
            (1, DisplayStatus.EXPIRING),
            (0, DisplayStatus.EXPIRING),  # the expiry date is the last valid day
            (-1, DisplayStatus.EXPIRED),
        ],
    )
    def test_window_edges(self, days_left, expected):
        cert = _cert(TODAY + datetime.timedelta(days=days_left))
        assert cert.display_status(TODAY, window=180) == expected

    def test_window_comes_from_settings(self, settings):
        settings.CERTIFICATE_EXPIRY_WINDOW_DAYS = 30
        cert = _cert(TODAY + datetime.timedelta(days=31))
        assert cert.display_status(TODAY) == DisplayStatus.VALID
        settings.CERTIFICATE_EXPIRY_WINDOW_DAYS = 31
        assert cert.display_status(TODAY) == DisplayStatus.EXPIRING

    @pytest.mark.parametrize(
        "state, expected",
        [
            (CertificateState.SUSPENDED, DisplayStatus.SUSPENDED),
            (CertificateState.CANCELLED, DisplayStatus.CANCELLED),
            (CertificateState.REVOKED, DisplayStatus.REVOKED),
        ],
    )
    def test_recorded_state_wins_over_dates(self, state, expected):
        assert _cert(TODAY + datetime.timedelta(days=1000), state=state).display_status(TODAY) == expected
        assert _cert(TODAY - datetime.timedelta(days=10), state=state).display_status(TODAY) == expected

    def test_not_yet_valid(self):
        cert = _cert(TODAY + datetime.timedelta(days=2000), issued_on=TODAY + datetime.timedelta(days=1))
        assert cert.display_status(TODAY) == DisplayStatus.NOT_YET
