"""Alerts of goals/: goals past their due date and not completed; goals due within two weeks."""

import datetime

from core.alerts import Alert, alert_registry
from goals import selectors

DUE_SOON_DAYS = 14


@alert_registry.provider("goals")
def goal_alerts(organization, today: datetime.date) -> list[Alert]:
    alerts = []
    for goal in selectors.overdue_goals(organization, today):
        days = (today - goal.due_date).days
        alerts.append(
            Alert(
                level="danger",
                category="目标任务",
                title=f"目标任务逾期：{goal.title}",
                detail=f"{goal.year}年目标，完成时限 {goal.due_date:%Y-%m-%d}，已逾期 {days} 天，当前进度 {goal.progress}%",
                due_date=goal.due_date,
                url=goal.get_absolute_url(),
                department_id=goal.department_id,
            )
        )
    for goal in selectors.due_soon_goals(organization, today, DUE_SOON_DAYS):
        alerts.append(
            Alert(
                level="warning",
                category="目标任务",
                title=f"目标任务即将到期：{goal.title}",
                detail=f"完成时限 {goal.due_date:%Y-%m-%d}，当前进度 {goal.progress}%",
                due_date=goal.due_date,
                url=goal.get_absolute_url(),
                department_id=goal.department_id,
            )
        )
    return alerts
