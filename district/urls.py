from django.urls import path

from district import views

app_name = "district"

urlpatterns = [
    path("", views.CompareView.as_view(), name="compare"),
    path("export/", views.CompareExportView.as_view(), name="export"),
    path("reports/", views.ReportTrackerView.as_view(), name="reports"),
]
