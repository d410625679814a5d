from django.urls import path

from goals import views

app_name = "goals"

urlpatterns = [
    path("", views.GoalListView.as_view(), name="goal_list"),
    path("export/", views.GoalExportView.as_view(), name="goal_export"),
    path("add/", views.GoalCreateView.as_view(), name="goal_add"),
    path("carry-over/", views.GoalCarryOverView.as_view(), name="carry_over"),
    path("<int:pk>/", views.GoalDetailView.as_view(), name="goal_detail"),
    path("<int:pk>/edit/", views.GoalUpdateView.as_view(), name="goal_edit"),
    path("<int:pk>/delete/", views.GoalDeleteView.as_view(), name="goal_delete"),
    path("<int:parent_pk>/updates/add/", views.GoalUpdateCreateView.as_view(), name="update_add"),
    path("updates/<int:pk>/delete/", views.GoalUpdateDeleteView.as_view(), name="update_delete"),
    path("<int:parent_pk>/attachments/add/", views.GoalAttachmentCreateView.as_view(), name="attachment_add"),
    path("attachments/<int:pk>/", views.GoalAttachmentDownloadView.as_view(), name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.GoalAttachmentDeleteView.as_view(), name="attachment_delete"),
    path("areas/", views.GoalAreaListView.as_view(), name="area_list"),
    path("areas/add/", views.GoalAreaCreateView.as_view(), name="area_add"),
    path("areas/<int:pk>/edit/", views.GoalAreaUpdateView.as_view(), name="area_edit"),
]
