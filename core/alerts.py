"""Alerts (提醒) each data app publishes for the dashboard and the clerk's home page.

An app registers a provider in its own `alerts.py`:

    from core.alerts import Alert, alert_registry

    @alert_registry.provider("enforcement")
    def certificate_alerts(organization, today) -> list[Alert]:
        ...  # a fixed number of queries, whatever the number of rows

The dashboard sorts all alerts most urgent first and filters a clerk's view to
their department (alerts with department_id None concern everyone).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

LEVEL_ORDER = {"danger": 0, "warning": 1, "info": 2}


@dataclass
class Alert:
    level: str  # "danger" (overdue/expired) | "warning" (due soon) | "info"
    category: str  # 执法证 / 复议答复 / 应诉答辩 / 纠纷超期 / 司法确认 / 回访 / 目标任务 / 年度报告 …
    title: str
    detail: str = ""
    due_date: datetime.date | None = None
    url: str = ""
    department_id: int | None = None
    app_label: str = ""

    @property
    def sort_key(self):
        return (LEVEL_ORDER.get(self.level, 9), self.due_date or datetime.date.max, self.title)


Provider = Callable[..., list]


class AlertRegistry:
    def __init__(self):
        self._providers: list[tuple[str, Provider]] = []

    def provider(self, app_label: str):
        def decorator(func: Provider) -> Provider:
            self._providers.append((app_label, func))
            return func

        return decorator

    def register(self, app_label: str, func: Provider) -> None:
        self._providers.append((app_label, func))

    @contextmanager
    def isolated(self, keep: bool = False) -> Iterator[AlertRegistry]:
        """For tests: no providers inside the block (or, with keep=True, a copy of
        the real ones), the real ones restored afterwards."""
        saved = self._providers
        self._providers = list(saved) if keep else []
        try:
            yield self
        finally:
            self._providers = saved

    def has_provider(self, app_label: str) -> bool:
        """Whether an app answers for its alerts (then it alone says when nothing is due)."""
        return any(label == app_label for label, _func in self._providers)

    def app_labels(self) -> list[str]:
        return list(dict.fromkeys(label for label, _func in self._providers))

    def from_apps(self, organization, today: datetime.date, apps) -> list[Alert]:
        """Every alert of the town from the providers of these apps, labelled, unsorted."""
        alerts: list[Alert] = []
        for app_label, func in self._providers:
            if app_label not in apps:
                continue
            for alert in func(organization, today):
                alert.app_label = alert.app_label or app_label
                alerts.append(alert)
        return alerts

    @staticmethod
    def narrow(alerts: list[Alert], department_id: int | None = None) -> list[Alert]:
        """A department's alerts plus those for everyone (None: all), most urgent first."""
        if department_id is not None:
            alerts = [a for a in alerts if a.department_id in (None, department_id)]
        return sorted(alerts, key=lambda a: a.sort_key)

    def collect(self, organization, today: datetime.date, department_id: int | None = None) -> list[Alert]:
        return self.narrow(self.from_apps(organization, today, self.app_labels()), department_id)


alert_registry = AlertRegistry()
