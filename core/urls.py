from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("audit/", views.AuditLogListView.as_view(), name="auditlog_list"),
]
