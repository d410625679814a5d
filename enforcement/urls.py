from django.urls import path

from enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("", views.OfficerListView.as_view(), name="officer_list"),
    path("officers/export/", views.OfficerExportView.as_view(), name="officer_export"),
    path("officers/import/", views.OfficerImportView.as_view(), name="officer_import"),
    path("officers/import/template/", views.OfficerImportTemplateView.as_view(), name="officer_import_template"),
    path("officers/add/", views.OfficerCreateView.as_view(), name="officer_add"),
    path("officers/<int:pk>/", views.OfficerDetailView.as_view(), name="officer_detail"),
    path("officers/<int:pk>/edit/", views.OfficerUpdateView.as_view(), name="officer_edit"),
    path("officers/<int:pk>/delete/", views.OfficerDeleteView.as_view(), name="officer_delete"),
    path("officers/<int:officer_pk>/certificates/add/", views.CertificateCreateView.as_view(), name="certificate_add"),
    path("officers/<int:officer_pk>/exams/add/", views.ExamCreateView.as_view(), name="exam_add"),
    path("certificates/", views.CertificateListView.as_view(), name="certificate_list"),
    path("certificates/<int:pk>/edit/", views.CertificateUpdateView.as_view(), name="certificate_edit"),
    path("certificates/<int:pk>/delete/", views.CertificateDeleteView.as_view(), name="certificate_delete"),
    path("certificates/<int:pk>/renew/", views.CertificateRenewView.as_view(), name="certificate_renew"),
    path(
        "certificates/<int:pk>/suspend/",
        views.CertificateStateView.as_view(action="suspend"),
        name="certificate_suspend",
    ),
    path(
        "certificates/<int:pk>/reinstate/",
        views.CertificateStateView.as_view(action="reinstate"),
        name="certificate_reinstate",
    ),
    path(
        "certificates/<int:pk>/cancel/", views.CertificateStateView.as_view(action="cancel"), name="certificate_cancel"
    ),
    path(
        "certificates/<int:pk>/revoke/", views.CertificateStateView.as_view(action="revoke"), name="certificate_revoke"
    ),
    path("trainings/", views.TrainingListView.as_view(), name="training_list"),
    path("trainings/add/", views.TrainingCreateView.as_view(), name="training_add"),
    path("trainings/<int:pk>/", views.TrainingDetailView.as_view(), name="training_detail"),
    path("trainings/<int:pk>/edit/", views.TrainingUpdateView.as_view(), name="training_edit"),
    path("trainings/<int:pk>/delete/", views.TrainingDeleteView.as_view(), name="training_delete"),
    path("attendances/<int:pk>/edit/", views.AttendanceUpdateView.as_view(), name="attendance_edit"),
    path("exams/", views.ExamListView.as_view(), name="exam_list"),
    path("exams/<int:pk>/edit/", views.ExamUpdateView.as_view(), name="exam_edit"),
    path("exams/<int:pk>/delete/", views.ExamDeleteView.as_view(), name="exam_delete"),
    path("categories/", views.CategoryListView.as_view(), name="category_list"),
    path("categories/add/", views.CategoryCreateView.as_view(), name="category_add"),
    path("categories/defaults/", views.CategorySeedView.as_view(), name="category_seed"),
    path("categories/<int:pk>/edit/", views.CategoryUpdateView.as_view(), name="category_edit"),
]
