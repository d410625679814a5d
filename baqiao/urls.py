from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import PortalPasswordChangeForm
from core import urls as core_urls
from core.views import AppRootRedirect, health
from dashboard.views import HomeView

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True,
            extra_context={
                "failure_limit": settings.AXES_FAILURE_LIMIT,
                "cooloff_minutes": round(settings.AXES_COOLOFF_TIME * 60),
            },
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            form_class=PortalPasswordChangeForm, success_url="/accounts/password/done/"
        ),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("healthz", health, name="health"),
    path("admin/", admin.site.urls),
    path("org/", include("accounts.urls")),
    path("enforcement/", include("enforcement.urls")),
    path(
        "litigation/", AppRootRedirect.as_view(pattern_name="litigation:reconsideration_list"), name="litigation_root"
    ),
    path("litigation/", include("litigation.urls")),
    path("disputes/", include("disputes.urls")),
    path("goals/", include("goals.urls")),
    path("publicity/", AppRootRedirect.as_view(pattern_name="publicity:event_list"), name="publicity_root"),
    path("publicity/", include("publicity.urls")),
    path("indicators/", include("indicators.urls")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("district/", include("district.urls")),
    # The home page keeps its name core:home (LOGIN_REDIRECT_URL, every page's 首页 link) but is
    # the dashboard's view: it shows alerts, and core never imports dashboard.
    path("", include(([path("", HomeView.as_view(), name="home"), *core_urls.urlpatterns], core_urls.app_name))),
]

handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
