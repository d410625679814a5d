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
    goes back to the whole district. core.mixins.user_organization validates the id
    against the district's towns (another district's town is a 404); town users' `?org=`
    is ignored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.mixins import DISTRICT_KIND, DISTRICT_TOWN_SESSION_KEY
        from core.params import get_id

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "organization_id", None):
            session = request.session
            if "org" in request.GET or DISTRICT_TOWN_SESSION_KEY in session:
                org = user.organization
                if org.kind == DISTRICT_KIND:
                    if "org" in request.GET:
                        town_id = get_id(request.GET, "org")
                        if town_id:
                            session[DISTRICT_TOWN_SESSION_KEY] = town_id
                        else:
                            session.pop(DISTRICT_TOWN_SESSION_KEY, None)
                    user.district_town_id = session.get(DISTRICT_TOWN_SESSION_KEY)
        return self.get_response(request)
