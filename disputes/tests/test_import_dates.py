"""Imports go through the app's forms, so they get the same bounded dates as the pages."""

import pytest

from disputes.importers import DisputeImporter
from disputes.models import Dispute
from disputes.tests.test_import import row, workbook


@pytest.mark.django_db
@pytest.mark.parametrize("column, value", [("受理日期", "9999-12-31"), ("办结日期", "1900-03-20")])
def test_a_date_outside_the_record_range_is_a_row_error(
    org, clerk_user, community, grid, category, mediator, column, value
):
    result = DisputeImporter().run(workbook(row(), row(**{column: value})), organization=org, user=clerk_user)
    messages = [str(e) for e in result.errors]
    assert f"第3行「{column}」：日期超出合理范围，应在1990年1月1日至2100年12月31日之间，请核对。" in messages
    assert not Dispute.objects.exists()
