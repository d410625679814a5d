"""Chinese error pages. They render without the request context processors that
touch the database, so a 500 caused by the database still shows a page."""

from django.shortcuts import render


def permission_denied(request, exception=None):
    # Our own refusals say why in Chinese ("台账由各镇街录入…"); anything else (an empty or
    # a library's English message) keeps the generic text alone.
    reason = str(exception or "")
    if not any("\u4e00" <= ch <= "\u9fff" for ch in reason):
        reason = ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
