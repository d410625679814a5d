from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.OrganizationView.as_view(), name="organization"),
    path("departments/add/", views.DepartmentCreateView.as_view(), name="department_add"),
    path("departments/<int:pk>/edit/", views.DepartmentUpdateView.as_view(), name="department_edit"),
    path("communities/add/", views.CommunityCreateView.as_view(), name="community_add"),
    path("communities/<int:pk>/edit/", views.CommunityUpdateView.as_view(), name="community_edit"),
    path("grids/", views.GridListView.as_view(), name="grid_list"),
    path("grids/add/", views.GridCreateView.as_view(), name="grid_add"),
    path("grids/<int:pk>/edit/", views.GridUpdateView.as_view(), name="grid_edit"),
    path("lockouts/", views.LockoutListView.as_view(), name="lockout_list"),
    path("lockouts/<int:pk>/clear/", views.LockoutClearView.as_view(), name="lockout_clear"),
]
