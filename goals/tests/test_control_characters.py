"""Text pasted from Word or WeChat with control characters (issue #16 item 6): stored
directly, bypassing the forms, it still exports as a valid workbook, without them."""

import pytest
from django.urls import reverse

from core.testing import xlsx_cells
from goals.tests.factories import GoalFactory

PASTED = "深入学习\x01宣传\x0b贯彻\x1f"


@pytest.mark.django_db
def test_goal_export_strips_control_characters(clerk, org):
    GoalFactory(organization=org, title=PASTED, description="具体\x1f内容", result_summary="完成\x0b情况")
    cells = xlsx_cells(clerk.get(reverse("goals:goal_export"), {"year": "2023"}))
    assert {"深入学习宣传贯彻", "具体内容", "完成情况"} <= set(cells)
