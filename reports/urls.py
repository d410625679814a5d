from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("add/", views.ReportCreateView.as_view(), name="report_add"),
    path("figures/", views.FigureListView.as_view(), name="figure_list"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("<int:pk>/meta/", views.ReportMetaUpdateView.as_view(), name="report_meta"),
    path("<int:pk>/preview/", views.ReportPreviewView.as_view(), name="report_preview"),
    path("<int:pk>/download/", views.ReportDownloadView.as_view(), name="report_download"),
    # One URL per workflow step, each with its own permission (services.TRANSITIONS).
    path("<int:pk>/submit/", views.ReportTransitionView.as_view(action="submit"), name="report_submit"),
    path("<int:pk>/approve/", views.ReportTransitionView.as_view(action="approve"), name="report_approve"),
    path("<int:pk>/return/", views.ReportTransitionView.as_view(action="return"), name="report_return"),
    path("<int:pk>/publish/", views.ReportTransitionView.as_view(action="publish"), name="report_publish"),
    path("<int:pk>/reopen/", views.ReportTransitionView.as_view(action="reopen"), name="report_reopen"),
    path("<int:pk>/secrecy/", views.SecrecyReviewView.as_view(), name="report_secrecy"),
    path("<int:pk>/release/", views.ReleaseRecordView.as_view(), name="report_release"),
    path("secrecy/<int:pk>/scan/", views.SecrecyScanView.as_view(), name="secrecy_scan"),
    path("<int:pk>/claims/acknowledge/", views.ClaimAcknowledgeView.as_view(), name="claim_acknowledge"),
    path("<int:pk>/sections/add/", views.SectionCreateView.as_view(), name="section_add"),
    path("<int:pk>/sections/preview/", views.SectionPreviewView.as_view(), name="section_preview"),
    path("sections/<int:pk>/", views.SectionUpdateView.as_view(), name="section_edit"),
    path("sections/<int:pk>/move/", views.SectionMoveView.as_view(), name="section_move"),
    path("sections/<int:pk>/delete/", views.SectionDeleteView.as_view(), name="section_delete"),
    path("revisions/<int:pk>/", views.RevisionDetailView.as_view(), name="revision_detail"),
    path("revisions/<int:pk>/download/", views.RevisionDownloadView.as_view(), name="revision_download"),
    path("revisions/<int:pk>/package/", views.RevisionPackageView.as_view(), name="revision_package"),
    path("approvals/<int:pk>/download/", views.ApprovalDownloadView.as_view(), name="approval_download"),
]
