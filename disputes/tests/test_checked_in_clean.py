"""Check constraints that Dispute.clean() applies itself are not asked of the database again by
full_clean() (core.models.OrgOwnedModel.checked_in_clean); clean() still refuses each rule on
its field, and the database still refuses a row that skips clean()."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.test.utils import CaptureQueriesContext

from core.models import OrgOwnedModel
from disputes.models import Dispute
from disputes.tests.factories import DisputeFactory

pytestmark = pytest.mark.django_db


def test_every_name_is_a_check_constraint_of_its_model():
    declared = 0
    for model in apps.get_models():
        if not issubclass(model, OrgOwnedModel) or not model.checked_in_clean:
            continue
        checks = {c.name for c in model._meta.constraints if isinstance(c, models.CheckConstraint)}
        assert model.checked_in_clean <= checks, (model, model.checked_in_clean - checks)
        declared += 1
    assert declared  # Dispute at least


def _check_queries(dispute) -> list[str]:
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        dispute.full_clean(exclude=["year", "number", "serial"])
    return [q["sql"] for q in ctx.captured_queries if '"_check"' in q["sql"]]


def test_full_clean_asks_the_database_only_for_the_rule_clean_does_not_apply(org):
    dispute = DisputeFactory(organization=org)
    # Of the four check constraints, only 办结须有办结日期 (status and date together) is a query.
    assert len(_check_queries(dispute)) == 1
    assert len([c for c in Dispute._meta.constraints if isinstance(c, models.CheckConstraint)]) == 4


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": Decimal("-1")}, "amount", "涉及金额不能为负数。"),
        (
            {"status": "succeeded", "concluded_on": datetime.date(2023, 2, 1)},
            "concluded_on",
            "办结日期不能早于受理日期。",
        ),
        ({"started_on": datetime.date(2023, 2, 1)}, "started_on", "开始调解日期不能早于受理日期。"),
    ],
    ids=["amount", "concluded", "started"],
)
def test_clean_refuses_each_rule_and_the_database_still_does(org, changes, field, message):
    dispute = DisputeFactory(organization=org)  # received 2023-03-01
    for name, value in changes.items():
        setattr(dispute, name, value)
    with pytest.raises(ValidationError) as refused:
        dispute.full_clean()
    assert refused.value.message_dict == {field: [message]}
    with pytest.raises(IntegrityError), transaction.atomic():
        dispute.save()
