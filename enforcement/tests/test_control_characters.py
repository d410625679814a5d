"""Text pasted from Word or WeChat with control characters (issue #16 item 6): stored
directly, bypassing the forms, it still exports as a valid workbook, without them."""

import pytest
from django.urls import reverse

from core.testing import xlsx_cells
from enforcement.tests.factories import OfficerFactory

PASTED = "执法\x01队员\x0b\x1f"


@pytest.mark.django_db
def test_officer_export_strips_control_characters(clerk, org):
    OfficerFactory(organization=org, name="张\x01三", position=PASTED)
    cells = xlsx_cells(clerk.get(reverse("enforcement:officer_export")))
    assert "张三" in cells and "执法队员" in cells
