"""Project middleware: the load balancer's health check, and the audit context."""

from django.urls import reverse

from core.audit import reset_request_context, set_request_context
from core.views import health


class HealthCheckMiddleware:
    """Answers GET/HEAD /healthz before any other middleware.

    A load balancer probes each server by its IP address over plain http, so the probe
    carries no allowed Host and no https: CommonMiddleware answered 400 (DisallowedHost)
    and SecurityMiddleware 301 (SECURE_SSL_REDIRECT). The check reveals nothing but
    whether the database answers, so it needs neither.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == reverse("health") and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)


class AuditContextMiddleware:
    """Makes the request's user and IP available to audit writes deep in services."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_request_context(request)
        try:
            return self.get_response(request)
        finally:
            reset_request_context(token)
