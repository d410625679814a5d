"""Alerts: 行政执法证 of in-post officers that have expired or expire within the window."""

from __future__ import annotations

import datetime

from core.alerts import Alert, alert_registry
from enforcement import selectors


@alert_registry.provider("enforcement")
def certificate_alerts(organization, today: datetime.date) -> list[Alert]:
    """One query. 行政处罚法第四十二条: an officer whose card lapses may no longer enforce,
    so the card is flagged while there is still time to renew it (换发)."""
    alerts = []
    for cert in selectors.alert_certificates(organization, today, selectors.window_days()):
        days = (cert.expires_on - today).days
        officer = cert.officer
        if days < 0:
            level, title = "danger", f"{officer.name}的行政执法证已过期"
            detail = f"证件 {cert.number} 已于 {cert.expires_on:%Y-%m-%d} 到期，持证人不得继续执法，请及时办理换发。"
        else:
            level, title = "warning", f"{officer.name}的行政执法证将于 {days} 天后到期"
            detail = f"证件 {cert.number} 有效期至 {cert.expires_on:%Y-%m-%d}，请及时报名换证考试并办理换发。"
        alerts.append(
            Alert(
                level=level,
                category="执法证",
                title=title,
                detail=detail,
                due_date=cert.expires_on,
                url=officer.get_absolute_url(),
                department_id=officer.department_id,
            )
        )
    return alerts
