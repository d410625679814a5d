"""Text pasted from Word or WeChat with control characters (issue #16 item 6): stored
directly, bypassing the forms, it still exports as a valid workbook, without them."""

import pytest
from django.urls import reverse

from core.testing import xlsx_cells
from disputes.tests.factories import DisputeFactory, PartyFactory

PASTED = "楼上漏水\x01致楼下\x0b天花板受损\x1f"


@pytest.mark.django_db
def test_dispute_export_strips_control_characters(clerk, org):
    dispute = DisputeFactory(organization=org, summary=PASTED, outcome="达成\x1f协议")
    PartyFactory(dispute=dispute, name="张\x01三丰")
    cells = xlsx_cells(clerk.get(reverse("disputes:dispute_export"), {"year": "2023"}))
    assert {"楼上漏水致楼下天花板受损", "达成协议"} <= set(cells)
    assert any("张*" in str(cell) for cell in cells)  # the party, masked, without the \x01
