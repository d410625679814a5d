"""Chinese error pages inside the portal layout, each with a way back.

403, 404 and the CSRF failure render with the request (its navigation, its user).
The 500 page renders without the request and without context processors: the
error may be the database itself, and the layout must not ask it anything
(base.html shows no navigation when there is no `user`).
"""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def _reason(exception) -> str:
    """A refusal's own Chinese explanation (e.g. "报告当前为“已发布”状态，不能修改。"), if it has one.

    Only a message written for people is shown: Django's internal texts are English.
    """
    text = str(exception or "")
    return text if any("\u4e00" <= ch <= "\u9fff" for ch in text) else ""


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": _reason(exception)}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired page or a form posted from elsewhere. The technical
    reason goes to the log (django.security.csrf), not to the person."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())
