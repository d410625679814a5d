from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.generic import ListView, RedirectView

from core.filters import AuditLogFilterSet
from core.mixins import user_organization
from core.models import AuditLog


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
