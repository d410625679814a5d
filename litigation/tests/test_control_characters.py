"""Text pasted from Word or WeChat with control characters (issue #16 item 6): stored
directly, bypassing the forms, it still exports as a valid workbook, without them."""

import pytest
from django.urls import reverse

from core.testing import xlsx_cells
from litigation.tests.factories import LitigationCaseFactory, ReconsiderationCaseFactory

PASTED = "责令限期\x01拆除\x0b违法建设\x1f决定"


@pytest.mark.django_db
def test_reconsideration_export_strips_control_characters(clerk, org):
    ReconsiderationCaseFactory(organization=org, act_description=PASTED, authority="大渡口区\x01人民政府")
    cells = xlsx_cells(clerk.get(reverse("litigation:reconsideration_export")))
    assert {"责令限期拆除违法建设决定", "大渡口区人民政府"} <= set(cells)


@pytest.mark.django_db
def test_litigation_export_strips_control_characters(clerk, org):
    LitigationCaseFactory(organization=org, cause=PASTED, court="大渡口区\x0b人民法院")
    cells = xlsx_cells(clerk.get(reverse("litigation:litigation_export")))
    assert {"责令限期拆除违法建设决定", "大渡口区人民法院"} <= set(cells)
