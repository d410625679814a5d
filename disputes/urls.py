from django.urls import path

from disputes import views

app_name = "disputes"

urlpatterns = [
    path("", views.DisputeListView.as_view(), name="dispute_list"),
    path("add/", views.DisputeCreateView.as_view(), name="dispute_add"),
    path("export/", views.DisputeExportView.as_view(), name="dispute_export"),
    path("import/", views.DisputeImportView.as_view(), name="dispute_import"),
    path("import/template/", views.DisputeImportTemplateView.as_view(), name="dispute_import_template"),
    path("<int:pk>/", views.DisputeDetailView.as_view(), name="dispute_detail"),
    path("<int:pk>/edit/", views.DisputeUpdateView.as_view(), name="dispute_edit"),
    path("<int:pk>/delete/", views.DisputeDeleteView.as_view(), name="dispute_delete"),
    path("<int:pk>/start/", views.DisputeStartView.as_view(), name="dispute_start"),
    path("<int:pk>/conclude/", views.DisputeConcludeView.as_view(), name="dispute_conclude"),
    path("<int:pk>/refer/", views.DisputeReferView.as_view(), name="dispute_refer"),
    path("<int:pk>/agreement/", views.AgreementEditView.as_view(), name="agreement_edit"),
    path("<int:pk>/followup/", views.FollowUpCreateView.as_view(), name="followup_add"),
    path("categories/", views.CategoryListView.as_view(), name="category_list"),
    path("categories/add/", views.CategoryCreateView.as_view(), name="category_add"),
    path("categories/<int:pk>/edit/", views.CategoryUpdateView.as_view(), name="category_edit"),
    path("mediators/", views.MediatorListView.as_view(), name="mediator_list"),
    path("mediators/add/", views.MediatorCreateView.as_view(), name="mediator_add"),
    path("mediators/<int:pk>/edit/", views.MediatorUpdateView.as_view(), name="mediator_edit"),
]
