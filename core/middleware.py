"""Project middleware: the load balancer's health check, session renewal, the audit context, a
district user's town."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
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


class SessionRenewalMiddleware:
    """Keeps a signed-in user's session alive while they work: its expiry (SESSION_COOKIE_AGE,
    the idle limit) is renewed when a request comes more than SESSION_RENEW_SECONDS after the
    last renewal. Saving the session on every request instead made every page, even a read, an
    UPDATE of the session row and a commit waiting for the disk. Placed right after
    SessionMiddleware, so its mark is saved by that middleware on the way out."""

    RENEWED_AT = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only an existing session of a signed-in user: an anonymous visitor gets none, and a
        # session flushed by logout during the request stays flushed.
        if session is not None and session.session_key and SESSION_KEY in session:
            now = int(time.time())
            # Never less often than twice per idle period, whatever SESSION_RENEW_SECONDS says.
            every = min(settings.SESSION_RENEW_SECONDS, settings.SESSION_COOKIE_AGE // 2)
            if now - session.get(self.RENEWED_AT, 0) >= every:
                session[self.RENEWED_AT] = now
        return response


def session_renewed_at_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: the login's own save of the new session is its first renewal."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionRenewalMiddleware.RENEWED_AT] = int(time.time())


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
                        if town_id and town_id != org.pk and not org.children.filter(pk=town_id).exists():
                            # Not one of ours: this request is a 404 (user_organization),
                            # and the session keeps the town read before.
                            user.district_town_id = town_id
                        else:
                            select_district_town(request, town_id)
        return self.get_response(request)
