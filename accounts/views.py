"""The town's organisation: departments, communities (村/社区) and their grids (网格)."""

from django.db.models import Count
from django.urls import reverse_lazy
from django.views.generic import CreateView, ListView, UpdateView

from accounts.filters import GridFilterSet
from accounts.forms import CommunityForm, DepartmentForm, GridForm
from accounts.models import Community, Department, Grid
from core.mixins import OrgFormMixin, OrgPermissionMixin


class OrganizationView(OrgPermissionMixin, ListView):
    """One page: departments, then communities with their grid counts."""

    model = Community
    template_name = "accounts/organization.html"

    def get_queryset(self):
        return super().get_queryset().annotate(grid_count=Count("grids"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["departments"] = Department.objects.filter(organization=self.organization)
        context["grid_total"] = sum(c.grid_count for c in context["object_list"])
        return context


class GridListView(OrgPermissionMixin, ListView):
    model = Grid
    paginate_by = 50
    template_name = "accounts/grid_list.html"

    def get_queryset(self):
        self.filterset = GridFilterSet(
            self.request.GET or None,
            queryset=super().get_queryset().select_related("community"),
            organization=self.organization,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        return context


class _OrgEdit(OrgFormMixin, OrgPermissionMixin):
    template_name = "accounts/form.html"
    success_url = reverse_lazy("accounts:organization")


class DepartmentCreateView(_OrgEdit, CreateView):
    model = Department
    form_class = DepartmentForm
    permission_action = "add"


class DepartmentUpdateView(_OrgEdit, UpdateView):
    model = Department
    form_class = DepartmentForm
    permission_action = "change"


class CommunityCreateView(_OrgEdit, CreateView):
    model = Community
    form_class = CommunityForm
    permission_action = "add"


class CommunityUpdateView(_OrgEdit, UpdateView):
    model = Community
    form_class = CommunityForm
    permission_action = "change"


class GridCreateView(_OrgEdit, CreateView):
    model = Grid
    form_class = GridForm
    permission_action = "add"
    success_url = reverse_lazy("accounts:grid_list")


class GridUpdateView(_OrgEdit, UpdateView):
    model = Grid
    form_class = GridForm
    permission_action = "change"
    success_url = reverse_lazy("accounts:grid_list")
