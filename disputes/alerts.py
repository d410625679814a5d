"""Alerts of the mediation register: disputes open over 30 days, 司法确认 windows
closing, 回访 due. Three queries whatever the number of disputes; beyond a few
items of one kind the dashboard gets one summary alert linking to the list."""

from __future__ import annotations

import datetime

from core.alerts import Alert, alert_registry
from disputes import selectors
from disputes.models import OVERDUE_DAYS, followup_days
from disputes.selectors import list_url

MAX_ITEMS = 5


def _summarise(alerts: list[Alert], *, level: str, category: str, title: str, url: str) -> list[Alert]:
    if len(alerts) <= MAX_ITEMS:
        return alerts
    due = min((a.due_date for a in alerts if a.due_date), default=None)
    return [Alert(level=level, category=category, title=title.format(n=len(alerts)), due_date=due, url=url)]


@alert_registry.provider("disputes")
def dispute_alerts(organization, today: datetime.date) -> list[Alert]:
    base = selectors.dispute_queryset(organization=organization).select_related("community")
    overdue = [
        Alert(
            level="danger",
            category="纠纷超期",
            title=f"{d.serial} 受理已 {(today - d.received_on).days} 天未调结",
            detail=f"{d.community.name}；人民调解工作若干规定第三十三条：一般在一个月内调结",
            due_date=d.received_on + datetime.timedelta(days=OVERDUE_DAYS),
            url=d.get_absolute_url(),
        )
        for d in base.filter(selectors.overdue_on(today)).order_by("received_on")
    ]
    closing = [
        Alert(
            level="warning",
            category="司法确认",
            title=f"{d.serial} 司法确认申请期限 {d.agreement.confirmation_deadline:%m月%d日} 届满",
            detail="人民调解法第三十三条：自调解协议生效之日起三十日内共同申请；期满日为法定休假日的顺延"
            + d.agreement.confirmation_window.estimate_note,
            due_date=d.agreement.confirmation_deadline,
            url=d.get_absolute_url(),
        )
        for d in base.select_related("agreement").filter(selectors.confirmation_closing_on(today))
    ]
    followups = []
    for d in base.filter(selectors.followup_due_on(today)).order_by("concluded_on"):
        due = d.concluded_on + datetime.timedelta(days=followup_days())
        followups.append(
            Alert(
                level="danger" if due < today else "warning",
                category="回访",
                title=f"{d.serial} {'回访已逾期' if due < today else '待回访'}",
                detail=f"调解成功后{followup_days()}日内回访，了解协议履行情况",
                due_date=due,
                url=d.get_absolute_url(),
            )
        )
    return (
        _summarise(
            overdue,
            level="danger",
            category="纠纷超期",
            title="{n} 件纠纷受理超过30天未调结",
            url=list_url(flag="overdue"),
        )
        + _summarise(
            closing,
            level="warning",
            category="司法确认",
            title="{n} 件调解协议的司法确认申请期限将满",
            url=list_url(flag="confirmation_closing"),
        )
        + _summarise(
            followups,
            level="warning",
            category="回访",
            title="{n} 件调解成功的纠纷待回访",
            url=list_url(flag="followup_due"),
        )
    )
