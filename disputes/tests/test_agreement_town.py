"""Agreement.organization copies its dispute's town (the agreement figures select by it): every
way an agreement is written keeps the copy right, and PostgreSQL refuses one that is not."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from disputes import choices as c
from disputes import services
from disputes.figures import compute
from disputes.models import Agreement
from disputes.tests.factories import PartyFactory

D = datetime.date


def _agreement(dispute, signed_on=None):
    return services.agreement_save(
        agreement=Agreement(
            dispute=dispute, form=c.AgreementForm.ORAL, signed_on=signed_on or D(2023, 3, 10), terms="x"
        ),
        by=None,
    )


@pytest.mark.django_db
def test_save_copies_the_dispute_town_whatever_was_set(succeeded, org, other_org):
    agreement = Agreement(
        dispute=succeeded, organization=other_org, form=c.AgreementForm.ORAL, signed_on=D(2023, 3, 10), terms="x"
    )
    services.agreement_save(agreement=agreement, by=None)
    assert Agreement.objects.get(pk=agreement.pk).organization_id == org.pk


@pytest.mark.django_db
def test_another_towns_agreements_are_not_counted(succeeded, other_town_dispute, org, other_org):
    _agreement(succeeded)
    other = services.dispute_start_mediation(dispute=other_town_dispute, started_on=D(2023, 3, 2), by=None)
    PartyFactory(dispute=other)
    other = services.dispute_conclude(
        dispute=other, result=c.Status.SUCCEEDED, concluded_on=D(2023, 3, 9), outcome="x", by=None
    )
    _agreement(other, D(2023, 3, 9))
    assert compute(org, 2023)["协议履行率"].denominator == 1
    assert compute(other_org, 2023)["协议履行率"].denominator == 1


@pytest.mark.django_db
def test_migration_copies_each_agreements_town(succeeded, org, other_org):
    agreement = _agreement(succeeded)
    Agreement.objects.filter(pk=agreement.pk).update(organization=other_org)
    Agreement.history.update(organization=None)
    importlib.import_module("disputes.migrations.0006_agreement_organization").copy_each_town(apps)
    assert Agreement.objects.get(pk=agreement.pk).organization_id == org.pk
    assert agreement.history.first().organization_id == org.pk


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the same-town foreign key is PostgreSQL's")
@pytest.mark.django_db
def test_postgresql_refuses_an_agreement_of_another_town_than_its_dispute(succeeded, other_org):
    agreement = _agreement(succeeded)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(organization=other_org)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
