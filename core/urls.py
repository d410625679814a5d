from django.urls import path

from core import views

# Included by baqiao/urls.py under the namespace "core", together with the home page
# (core:home), which is dashboard.views.HomeView: core never imports dashboard.
app_name = "core"

urlpatterns = [
    path("audit/", views.AuditLogListView.as_view(), name="auditlog_list"),
]
