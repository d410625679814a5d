"""The portal's URLs plus /bench/ping/, the floor of a signed-in page (bench/settings.py only)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def ping(request):
    """What every signed-in page pays before doing anything: middleware, session, user."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ping/", ping, name="bench_ping"),
    path("", include("baqiao.urls")),
]

handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
