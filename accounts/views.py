"""The town's organisation: departments, communities (村/社区) and their grids (网格);
the 管理员's list of login lockouts."""

from django.contrib import messages
from django.db.models import Count
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views import View
from django.views.generic import CreateView, ListView, UpdateView

from accounts import lockouts
from accounts.filters import GridFilterSet
from accounts.forms import CommunityForm, DepartmentForm, GridForm
from accounts.models import Community, Department, Grid, User
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
            # 第2网格 before 第10网格 within a community (natural order, as core.grids sorts
            # the selects; done in SQL here because the list is paginated).
            queryset=super()
            .get_queryset()
            .select_related("community")
            .order_by("community__name", Length("name"), "name"),
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


class LockoutListView(OrgPermissionMixin, ListView):
    """登录锁定: the town's users locked out after repeated failed sign-ins (管理员)."""

    model = User
    permission_action = "change"
    template_name = "accounts/lockout_list.html"

    def get_queryset(self):
        return lockouts.locked_attempts(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempts = list(context["object_list"])
        users = User.objects.filter(organization=self.organization, username__in={a.username for a in attempts})
        by_name = {user.username: user for user in users}
        context["rows"] = [(attempt, by_name.get(attempt.username)) for attempt in attempts]
        return context


class LockoutClearView(OrgPermissionMixin, View):
    """POST: clear one user's lockout; a user of another town is a 404."""

    model = User
    permission_action = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        user = get_object_or_404(User, pk=pk, organization=self.organization)
        lockouts.lockout_clear(user=user, by=request.user)
        messages.success(request, f"已解除 {user} 的登录锁定。")
        return redirect("accounts:lockout_list")
