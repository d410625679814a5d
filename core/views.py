from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import ListView, RedirectView, TemplateView

from core.filters import AuditLogFilterSet
from core.links import can_follow
from core.mixins import user_organization
from core.models import AuditLog


class HomeView(LoginRequiredMixin, TemplateView):
    """The signed-in user's start page.

    Leaders (and administrators), who hold dashboard.view_dashboard, land on the
    数据看板. Everyone else — the clerks who record the work — sees the alerts
    of their department (plus those concerning everyone) and the quick links to
    the intake forms.
    """

    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        # A superuser without a town has no dashboard to see: they stay here.
        if request.user.has_perm("dashboard.view_dashboard") and getattr(request.user, "organization", None):
            return redirect("dashboard:index")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from dashboard.views import alert_panel_context

        context = super().get_context_data(**kwargs)
        context["quick_links"] = self.quick_links()
        if getattr(self.request.user, "organization", None) is not None:
            context.update(alert_panel_context(self.request.user, today=timezone.localdate()))
            context["show_alerts"] = True
        return context

    def quick_links(self):
        from django.apps import apps
        from django.urls import NoReverseMatch, reverse

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


class AuditLogListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """审计日志 — administrators filter every change, sign-in, personal-data view and export."""

    permission_required = "core.view_auditlog"
    template_name = "core/auditlog_list.html"
    paginate_by = 50

    def get_queryset(self):
        queryset = AuditLog.objects.select_related("user")
        if not self.request.user.is_superuser:
            queryset = queryset.filter(organization=user_organization(self.request.user))
        self.filterset = AuditLogFilterSet(self.request.GET or None, queryset=queryset)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        return context


def health(request):
    """For the load balancer: 200 when the database answers (one query), 503 when not.

    Served by core.middleware.HealthCheckMiddleware before host validation and the HTTPS
    redirect, so a balancer probing http://10.0.0.5/healthz gets the answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


class AppRootRedirect(LoginRequiredMixin, RedirectView):
    """/litigation/ and the like lead to the app's main list instead of a 404."""

    http_method_names = ["get", "head"]
