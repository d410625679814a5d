"""Alerts: our 复议答复 / 应诉答辩 due within 3 working days, or overdue.

Two queries (open 复议 and open 应诉 cases without the document), whatever the number
of rows. Each alert goes to the handling department (承办科室).
"""

from __future__ import annotations

import datetime

from core.alerts import Alert, alert_registry
from litigation import calendar
from litigation.models import LitigationCase, ReconsiderationCase

ALERT_WORKING_DAYS = 3


def _cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _alert(case, deadline, state, category: str, document: str) -> Alert:
    if state.code == "overdue":
        level, title = "danger", f"{case.case_number} {document}已逾期"
    else:
        level, title = "warning", f"{case.case_number} {document}{state.text}"
    return Alert(
        level=level,
        category=category,
        title=title,
        detail=f"「{deadline.basis}」期限{_cn(deadline.due)}{deadline.estimate_note}，{state.text}",
        due_date=deadline.due,
        url=case.get_absolute_url(),
        department_id=case.handling_department_id,
    )


@alert_registry.provider("litigation")
def deadline_alerts(organization, today: datetime.date) -> list[Alert]:
    horizon, _ = calendar.add_working_days(today, ALERT_WORKING_DAYS)
    alerts = []
    for case in ReconsiderationCase.objects.filter(
        organization=organization, reply_submitted_on__isnull=True, decided_on__isnull=True
    ):
        deadline, state = case.reply_deadline, case.reply_state(today)
        if state is not None and state.is_open and deadline.due <= horizon:
            alerts.append(_alert(case, deadline, state, "复议答复", "行政复议答复"))
    for case in LitigationCase.objects.filter(
        organization=organization, answer_submitted_on__isnull=True, judged_on__isnull=True
    ):
        deadline, state = case.answer_deadline, case.answer_state(today)
        if state is not None and state.is_open and deadline.due <= horizon:
            alerts.append(_alert(case, deadline, state, "应诉答辩", "答辩状"))
    return alerts
