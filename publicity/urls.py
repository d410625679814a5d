from django.urls import path

from publicity import views

app_name = "publicity"

urlpatterns = [
    path("events/", views.LegalEducationEventListView.as_view(), name="event_list"),
    path("events/export/", views.LegalEducationEventExportView.as_view(), name="event_export"),
    path("events/add/", views.LegalEducationEventCreateView.as_view(), name="event_add"),
    path("events/<int:pk>/", views.LegalEducationEventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", views.LegalEducationEventUpdateView.as_view(), name="event_edit"),
    path("events/<int:pk>/delete/", views.LegalEducationEventDeleteView.as_view(), name="event_delete"),
    path("events/<int:parent_pk>/attachments/add/", views.EventAttachmentCreateView.as_view(), name="attachment_add"),
    path("attachments/<int:pk>/", views.EventAttachmentDownloadView.as_view(), name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.EventAttachmentDeleteView.as_view(), name="attachment_delete"),
    path("liaisons/", views.LegalLiaisonListView.as_view(), name="liaison_list"),
    path("liaisons/export/", views.LegalLiaisonExportView.as_view(), name="liaison_export"),
    path("liaisons/add/", views.LegalLiaisonCreateView.as_view(), name="liaison_add"),
    path("liaisons/<int:pk>/", views.LegalLiaisonDetailView.as_view(), name="liaison_detail"),
    path("liaisons/<int:pk>/edit/", views.LegalLiaisonUpdateView.as_view(), name="liaison_edit"),
    path("liaisons/<int:pk>/delete/", views.LegalLiaisonDeleteView.as_view(), name="liaison_delete"),
    path("grid-work/", views.GridMonthlyEntryListView.as_view(), name="entry_list"),
    path("grid-work/export/", views.GridMonthlyEntryExportView.as_view(), name="entry_export"),
    path("grid-work/summary/", views.GridYearSummaryView.as_view(), name="grid_summary"),
    path("grid-work/add/", views.GridMonthlyEntryCreateView.as_view(), name="entry_add"),
    path("grid-work/import/", views.GridMonthlyEntryImportView.as_view(), name="entry_import"),
    path("grid-work/import/template/", views.GridMonthlyEntryTemplateView.as_view(), name="entry_import_template"),
    path("grid-work/<int:pk>/edit/", views.GridMonthlyEntryUpdateView.as_view(), name="entry_edit"),
    path("grid-work/<int:pk>/delete/", views.GridMonthlyEntryDeleteView.as_view(), name="entry_delete"),
]
