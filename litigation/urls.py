from django.urls import path

from litigation import views

app_name = "litigation"

urlpatterns = [
    path("deadlines/", views.DeadlinesView.as_view(), name="deadlines"),
    # 行政复议
    path("reconsideration/", views.ReconsiderationListView.as_view(), name="reconsideration_list"),
    path("reconsideration/export/", views.ReconsiderationExportView.as_view(), name="reconsideration_export"),
    path("reconsideration/add/", views.ReconsiderationCreateView.as_view(), name="reconsideration_add"),
    path("reconsideration/<int:pk>/", views.ReconsiderationDetailView.as_view(), name="reconsideration_detail"),
    path("reconsideration/<int:pk>/edit/", views.ReconsiderationUpdateView.as_view(), name="reconsideration_edit"),
    path(
        "reconsideration/<int:pk>/decision/",
        views.ReconsiderationDecisionView.as_view(),
        name="reconsideration_decision",
    ),
    path("reconsideration/<int:pk>/delete/", views.ReconsiderationDeleteView.as_view(), name="reconsideration_delete"),
    path(
        "reconsideration/<int:case_pk>/documents/add/",
        views.ReconsiderationDocumentCreateView.as_view(),
        name="reconsideration_document_add",
    ),
    # 行政应诉
    path("cases/", views.LitigationListView.as_view(), name="litigation_list"),
    path("cases/export/", views.LitigationExportView.as_view(), name="litigation_export"),
    path("cases/add/", views.LitigationCreateView.as_view(), name="litigation_add"),
    path("cases/<int:pk>/", views.LitigationDetailView.as_view(), name="litigation_detail"),
    path("cases/<int:pk>/edit/", views.LitigationUpdateView.as_view(), name="litigation_edit"),
    path("cases/<int:pk>/judgment/", views.LitigationJudgmentView.as_view(), name="litigation_judgment"),
    path("cases/<int:pk>/delete/", views.LitigationDeleteView.as_view(), name="litigation_delete"),
    path("cases/<int:case_pk>/hearings/add/", views.HearingCreateView.as_view(), name="hearing_add"),
    path(
        "cases/<int:case_pk>/documents/add/",
        views.LitigationDocumentCreateView.as_view(),
        name="litigation_document_add",
    ),
    path("hearings/<int:pk>/edit/", views.HearingUpdateView.as_view(), name="hearing_edit"),
    path("hearings/<int:pk>/delete/", views.HearingDeleteView.as_view(), name="hearing_delete"),
    # 材料
    path("documents/<int:pk>/download/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("documents/<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
]
