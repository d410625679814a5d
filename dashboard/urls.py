"""dashboard reads only the figure and alert registries; it has no data of its own."""

from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="index"),
    path("alerts/", views.AlertListView.as_view(), name="alert_list"),
]
