"""Renewal, suspension, revocation, cancellation and attendance services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from enforcement import services
from enforcement.choices import DEFAULT_CATEGORIES, CertificateState
from enforcement.models import Certificate, EnforcementCategory, TrainingAttendance
from enforcement.tests.factories import CertificateFactory, OfficerFactory, TrainingFactory

TODAY = datetime.date.today()
D = datetime.timedelta


@pytest.mark.django_db
class TestRenew:
    def test_renewal_closes_the_old_card_and_links_the_new_one(self, certificate, urban, clerk_user):
        new = services.certificate_renew(
            certificate=certificate,
            new_number="50010420240001",
            issued_on=TODAY,
            expires_on=TODAY + D(days=1800),
            by=clerk_user,
        )
        certificate.refresh_from_db()
        assert certificate.state == CertificateState.CANCELLED
        assert certificate.state_reason == "换发"
        assert certificate.state_changed_on == TODAY
        assert new.replaces == certificate and certificate.replaced_by == new
        assert list(new.categories.all()) == [urban]  # categories carried over
        assert new.history.first().history_user == clerk_user

    @pytest.mark.parametrize(
        "state, message",
        [
            (CertificateState.REVOKED, "已吊销的证件不能换发"),
            (CertificateState.SUSPENDED, "暂扣期间的证件不能换发"),
            (CertificateState.CANCELLED, "已注销的证件不能换发"),
        ],
    )
    def test_closed_cards_cannot_be_renewed_and_nothing_is_saved(self, certificate, state, message):
        certificate.state, certificate.state_changed_on, certificate.state_reason = state, TODAY, "测试"
        certificate.save()
        with pytest.raises(ValidationError) as exc:
            services.certificate_renew(
                certificate=certificate, new_number="NEW-1", issued_on=TODAY, expires_on=TODAY + D(days=1800)
            )
        assert message in exc.value.messages[0]
        assert not Certificate.objects.filter(number="NEW-1").exists()
        certificate.refresh_from_db()
        assert certificate.state == state

    def test_a_renewed_card_cannot_be_renewed_twice(self, certificate):
        new = services.certificate_renew(
            certificate=certificate, new_number="N1", issued_on=TODAY, expires_on=TODAY + D(days=1800)
        )
        with pytest.raises(ValidationError, match=f"已换发为 {new.number}"):
            services.certificate_renew(
                certificate=certificate, new_number="N2", issued_on=TODAY, expires_on=TODAY + D(days=1800)
            )

    def test_duplicate_new_number_leaves_the_old_card_valid(self, certificate, officer):
        CertificateFactory(officer=officer, number="TAKEN")
        with pytest.raises(ValidationError) as exc:
            services.certificate_renew(
                certificate=certificate, new_number="TAKEN", issued_on=TODAY, expires_on=TODAY + D(days=1800)
            )
        assert "该证件编号无法使用" in str(exc.value)
        certificate.refresh_from_db()
        assert certificate.state == CertificateState.VALID

    def test_new_expiry_must_follow_its_issue_date(self, certificate):
        with pytest.raises(ValidationError) as exc:
            services.certificate_renew(certificate=certificate, new_number="N1", issued_on=TODAY, expires_on=TODAY)
        assert exc.value.message_dict["expires_on"] == ["有效期至必须晚于发证日期。"]
        certificate.refresh_from_db()
        assert certificate.state == CertificateState.VALID

    def test_officer_who_left_cannot_be_renewed(self, certificate):
        officer = certificate.officer
        officer.employment_status, officer.left_on = "transferred", TODAY
        officer.save()
        with pytest.raises(ValidationError, match="已调离或退休"):
            services.certificate_renew(
                certificate=certificate, new_number="N1", issued_on=TODAY, expires_on=TODAY + D(days=1800)
            )


@pytest.mark.django_db
class TestStateChanges:
    def test_suspend_then_reinstate(self, certificate):
        services.certificate_suspend(certificate=certificate, reason="涉嫌违规执法，停职调查", on=TODAY)
        certificate.refresh_from_db()
        assert certificate.state == CertificateState.SUSPENDED
        assert certificate.state_reason == "涉嫌违规执法，停职调查"
        services.certificate_reinstate(certificate=certificate, reason="调查结束", on=TODAY)
        certificate.refresh_from_db()
        assert certificate.state == CertificateState.VALID
        assert certificate.state_reason.startswith("解除暂扣")

    def test_reason_is_required(self, certificate):
        with pytest.raises(ValidationError) as exc:
            services.certificate_suspend(certificate=certificate, reason="  ", on=TODAY)
        assert exc.value.message_dict["reason"] == ["请填写原因。"]
        certificate.refresh_from_db()
        assert certificate.state == CertificateState.VALID

    def test_date_cannot_precede_issue_or_be_in_the_future(self, certificate):
        with pytest.raises(ValidationError, match="不能早于证件的发证日期"):
            services.certificate_revoke(certificate=certificate, reason="x", on=certificate.issued_on - D(days=1))
        with pytest.raises(ValidationError, match="不能晚于今天"):
            services.certificate_revoke(certificate=certificate, reason="x", on=TODAY + D(days=1))

    def test_revoke_and_cancel_only_open_cards(self, certificate):
        services.certificate_revoke(certificate=certificate, reason="严重违法违纪", on=TODAY)
        with pytest.raises(ValidationError, match="已吊销，不能注销"):
            services.certificate_cancel(certificate=certificate, reason="退休", on=TODAY)
        with pytest.raises(ValidationError, match="只有有效的证件可以暂扣"):
            services.certificate_suspend(certificate=certificate, reason="x", on=TODAY)

    def test_a_suspended_card_can_be_revoked(self, certificate):
        services.certificate_suspend(certificate=certificate, reason="调查", on=TODAY)
        services.certificate_revoke(certificate=certificate, reason="查实违法", on=TODAY)
        certificate.refresh_from_db()
        assert certificate.state == CertificateState.REVOKED


@pytest.mark.django_db
class TestCategoriesAndTrainings:
    def test_default_categories_are_seeded_once(self, org):
        assert len(services.ensure_default_categories(organization=org)) == len(DEFAULT_CATEGORIES)
        assert services.ensure_default_categories(organization=org) == []
        assert EnforcementCategory.objects.filter(organization=org).count() == len(DEFAULT_CATEGORIES)

    def test_get_or_create_category(self, org):
        a = services.category_get_or_create(organization=org, name=" 交通运输 ")
        assert services.category_get_or_create(organization=org, name="交通运输") == a
        with pytest.raises(ValidationError):
            services.category_get_or_create(organization=org, name="")

    def test_attendees_added_removed_and_adjusted_hours_kept(self, org, department):
        training = TrainingFactory(organization=org, hours=24)
        a, b, c = (OfficerFactory(organization=org, department=department) for _ in range(3))
        services.training_set_attendees(training=training, officers=[a, b])
        TrainingAttendance.objects.filter(officer=a).update(hours=16)
        services.training_set_attendees(training=training, officers=[a, c])
        hours = dict(TrainingAttendance.objects.filter(training=training).values_list("officer_id", "hours"))
        assert hours == {a.pk: 16, c.pk: 24}

    def test_foreign_attendee_is_refused(self, org, other_org):
        training = TrainingFactory(organization=org)
        with pytest.raises(ValidationError, match="本单位"):
            services.training_set_attendees(training=training, officers=[OfficerFactory(organization=other_org)])
        assert not TrainingAttendance.objects.exists()
