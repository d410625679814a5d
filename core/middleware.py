"""Project middleware: the load balancer's health check, the audit context, a district user's town."""

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


class DistrictTownMiddleware:
    """A district user (区级查看) picks the town to read with `?org=<id>`; the choice is kept
    in the session so the record pages behind a list stay in that town, and `?org=all`
    goes back to the whole district. An id that is not one of the district's towns is a
    404 (core.mixins.user_organization) and is not kept; town users' `?org=` is ignored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.mixins import DISTRICT_KIND, DISTRICT_TOWN_SESSION_KEY, select_district_town
        from core.params import get_id

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "organization_id", None):
            session = request.session
            if "org" in request.GET or DISTRICT_TOWN_SESSION_KEY in session:
                org = user.organization
                if org.kind == DISTRICT_KIND:
                    user.district_town_id = session.get(DISTRICT_TOWN_SESSION_KEY)
                    if "org" in request.GET:
                        town_id = get_id(request.GET, "org")
                        if town_id and not org.children.filter(pk=town_id).exists():
                            # Not one of ours: this request is a 404 (user_organization),
                            # and the session keeps the town read before.
                            user.district_town_id = town_id
                        else:
                            select_district_town(request, town_id)
        return self.get_response(request)
