"""Text pasted from Word or WeChat with control characters (issue #16 item 6): stored
directly, bypassing the forms, it still exports as a valid workbook, without them."""

import pytest
from django.urls import reverse

from accounts.tests.factories import CommunityFactory, GridFactory
from core.testing import xlsx_cells
from publicity.tests.factories import GridMonthlyEntryFactory, LegalEducationEventFactory, LegalLiaisonFactory

PASTED = "宪法\x01宣传周\x0b活动\x1f"


@pytest.mark.django_db
def test_event_export_strips_control_characters(clerk, org):
    LegalEducationEventFactory(organization=org, title=PASTED, summary="发放\x0b资料")
    cells = xlsx_cells(clerk.get(reverse("publicity:event_export")))
    assert {"宪法宣传周活动", "发放资料"} <= set(cells)


@pytest.mark.django_db
def test_liaison_export_strips_control_characters(clerk, org):
    LegalLiaisonFactory(organization=org, name="明白\x01人", occupation="网格员\x1f", note=PASTED)
    cells = xlsx_cells(clerk.get(reverse("publicity:liaison_export")))
    assert {"网格员", "宪法宣传周活动"} <= set(cells)


@pytest.mark.django_db
def test_grid_entry_export_strips_control_characters(clerk, org):
    grid = GridFactory(community=CommunityFactory(organization=org, name="双山\x01社区"), name="第一\x0b网格")
    GridMonthlyEntryFactory(grid=grid, note=PASTED)
    cells = xlsx_cells(clerk.get(reverse("publicity:entry_export")))
    assert {"双山社区", "第一网格", "宪法宣传周活动"} <= set(cells)
