"""Send a user who must change the password to the password change page first."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """A user flagged must_change_password (a demo account: its password is published)
    reaches no page but the password change page, until the password is changed
    (accounts.views.PortalPasswordChangeView clears the flag). Sign-out stays open."""

    ALLOWED_URL_NAMES = ("password_change", "password_change_done", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.PASSWORD_CHANGE_ENFORCED
            and user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and request.path not in {reverse(name) for name in self.ALLOWED_URL_NAMES}
        ):
            messages.warning(request, "首次登录请先修改初始密码。")
            return redirect("password_change")
        return self.get_response(request)
