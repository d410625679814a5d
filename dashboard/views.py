"""数据看板 for leaders, the alert list everyone may open, and the home page (core:home)
that sends leaders to the 数据看板 and shows a clerk their department's alerts.

Queries are fixed whatever the number of records: the session and user, the
user's permissions, the town's figure version, the figures and charts of the
chosen year and the year before from the cache (core.figure_cache; one provider
call per app and year only after a write), one call per alert provider, and one
query for department names. Nothing here loops over records.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.generic import TemplateView

from core.alerts import Alert
from core.links import can_follow
from core.mixins import user_organization
from core.params import get_choice
from core.year import current_year, year_choices
from dashboard import selectors, tiles

LEVEL_LABELS = {"danger": "逾期", "warning": "临期", "info": "提示"}
LEVEL_ICONS = {"danger": "exclamation-octagon-fill", "warning": "exclamation-triangle-fill", "info": "info-circle-fill"}
DASHBOARD_PERMISSION = "dashboard.view_dashboard"
PANEL_SIZE = 8


@dataclass
class AlertRow:
    """An alert as a panel shows it: with its department and how far off its date is."""

    alert: Alert
    department: str
    when: str
    level_label: str
    icon: str


def _when(due: datetime.date | None, today: datetime.date) -> str:
    if due is None:
        return ""
    days = (due - today).days
    if days < 0:
        return f"已逾期{-days}天"
    if days == 0:
        return "今天到期"
    return f"还剩{days}天"


def present_alerts(alerts: list[Alert], departments: dict[int, str], today: datetime.date) -> list[AlertRow]:
    return [
        AlertRow(
            alert=alert,
            department=departments.get(alert.department_id, "") if alert.department_id else "",
            when=_when(alert.due_date, today),
            level_label=LEVEL_LABELS.get(alert.level, "提示"),
            icon=LEVEL_ICONS.get(alert.level, "info-circle-fill"),
        )
        for alert in alerts
    ]


def alerts_for(user, *, today: datetime.date, version: str | None = None) -> tuple[list[Alert], bool]:
    """A leader (or admin) sees the whole town; anyone else their department's
    alerts plus those concerning everyone. Returns (alerts, whole_town)."""
    organization = user_organization(user)
    whole_town = user.has_perm(DASHBOARD_PERMISSION) or user.department_id is None
    department_id = None if whole_town else user.department_id
    alerts = selectors.current_alerts(organization, today=today, department_id=department_id, version=version)
    return [_followable(alert, user) for alert in alerts], whole_town


def _followable(alert: Alert, user) -> Alert:
    """The alert as this user may act on it: a link their role would be refused
    (a leader's "报告尚未起草" pointing at the clerk's 起草 form) is shown as plain text."""
    if alert.url and not can_follow(user, alert.url):
        return dataclasses.replace(alert, url="")
    return alert


def alert_panel_context(user, *, today: datetime.date, version: str | None = None) -> dict:
    """What the alert panel of the dashboard and of the home page needs."""
    alerts, whole_town = alerts_for(user, today=today, version=version)
    departments = selectors.department_names(user_organization(user))
    rows = present_alerts(alerts, departments, today)
    return {
        "alert_rows": rows[:PANEL_SIZE],
        "alert_total": len(rows),
        "alert_summary": selectors.alert_summary(alerts),
        "alert_whole_town": whole_town,
        "today": today,
    }


class DashboardView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The year at a glance: KPI tiles against last year, charts, current alerts."""

    permission_required = DASHBOARD_PERMISSION
    template_name = "dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        organization = user_organization(user)
        today = timezone.localdate()
        # The session's year (core.year): picked here or on any other page, else the latest with records.
        year = current_year(self.request)
        version = selectors.figure_version(organization)
        both = selectors.years_figures(organization, [year, year - 1], version=version)
        figures, previous = both[year], both[year - 1]
        context.update(
            organization=organization,
            year=year,
            previous_year=year - 1,
            years=year_choices(self.request, year),
            is_current_year=year == today.year,
            as_of=min(today, datetime.date(year, 12, 31)),
            groups=tiles.build_groups(figures, previous),
            charts=selectors.year_charts(organization, year, figures, previous, version=version),
            report_deadline=selectors.report_deadline(year),
            report_url=selectors.report_url(),
            figure_count=len(figures),
        )
        context["report_days_left"] = (context["report_deadline"] - today).days
        context.update(alert_panel_context(user, today=today, version=version))
        return context


class AlertListView(LoginRequiredMixin, TemplateView):
    """提醒事项 — every current alert (the panels show the most urgent few)."""

    template_name = "dashboard/alert_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        alerts, whole_town = alerts_for(user, today=today)
        categories = sorted({a.category for a in alerts})
        # Choices only: anything else shows every alert (these pick a view, they do not filter a register).
        level = get_choice(self.request.GET, "level", LEVEL_LABELS)
        category = get_choice(self.request.GET, "category", categories)
        shown = [a for a in alerts if (not level or a.level == level) and (not category or a.category == category)]
        departments = selectors.department_names(user_organization(user))
        page = Paginator(present_alerts(shown, departments, today), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context.update(
            page_obj=page,
            alert_rows=page.object_list,
            alert_total=len(shown),
            alert_summary=selectors.alert_summary(alerts),
            alert_whole_town=whole_town,
            categories=categories,
            levels=list(LEVEL_LABELS.items()),
            level=level,
            category=category,
            today=today,
        )
        return context


class HomeView(LoginRequiredMixin, TemplateView):
    """The signed-in user's start page.

    District users (区级查看) land on the comparison of their towns; leaders (and
    administrators), who hold dashboard.view_dashboard, on the
    数据看板. Everyone else — the clerks who record the work — sees the alerts
    of their department (plus those concerning everyone) and the quick links to
    the intake forms.
    """

    template_name = "dashboard/home.html"

    def get(self, request, *args, **kwargs):
        organization = getattr(request.user, "organization", None)
        # A district user (区级查看) starts from the comparison of its towns.
        if (
            organization is not None
            and organization.kind == "district"
            and request.user.has_perm("district.view_district")
        ):
            return redirect("district:compare")
        # A superuser without a town has no dashboard to see: they stay here.
        if request.user.has_perm("dashboard.view_dashboard") and organization:
            return redirect("dashboard:index")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quick_links"] = self.quick_links()
        if getattr(self.request.user, "organization", None) is not None:
            context.update(alert_panel_context(self.request.user, today=timezone.localdate()))
            context["show_alerts"] = True
        return context

    def quick_links(self):
        links = []
        user = self.request.user
        for config in apps.get_app_configs():
            for item in getattr(config, "quick_links", []):
                if item.get("perm") and not user.has_perm(item["perm"]):
                    continue
                try:
                    url = reverse(item["url_name"])
                except NoReverseMatch:
                    continue
                # The declared perm and the view's own rule must agree; a link is shown only if both let the user in.
                if can_follow(user, url):
                    links.append({**item, "url": url})
        return links
