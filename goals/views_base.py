"""View helpers shared by goals, publicity and indicators."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import ProtectedError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import DeleteView, DetailView

from core.mixins import OrgPermissionMixin, scope_queryset


class ParentMixin:
    """A view under a parent record's URL (`/goals/<parent_pk>/updates/add/`).

    The parent must belong to the user's organization — otherwise 404, checked
    before the permission so a 403 never confirms another town's record exists.
    """

    parent_model = None
    parent_kwarg = "parent_pk"

    def check_object_scope(self):
        super().check_object_scope()
        if self.parent_kwarg in self.kwargs:
            self.parent  # noqa: B018 - resolves or raises 404

    @property
    def parent(self):
        if not hasattr(self, "_parent"):
            queryset = scope_queryset(self.parent_model._default_manager.all(), self.request.user)
            self._parent = get_object_or_404(queryset, pk=self.kwargs[self.parent_kwarg])
        return self._parent

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent"] = self.parent
        return context


class TownDeleteView(OrgPermissionMixin, DeleteView):
    """Delete with a confirmation page, a message, and a Chinese answer when other records need it."""

    permission_action = "delete"
    template_name = "goals/confirm_delete.html"
    protected_message = "该记录已被其他记录引用，不能删除。"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.object.get_absolute_url()
        return context

    def form_valid(self, form):
        success_url = self.get_success_url()
        label = str(self.object)
        try:
            self.object.delete()
        except ProtectedError:
            messages.error(self.request, self.protected_message)
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"已删除：{label}")
        return HttpResponseRedirect(success_url)


class AttachmentDownloadView(OrgPermissionMixin, DetailView):
    """Serves an attachment only to users of its organization who may view the parent."""

    def get(self, request, *args, **kwargs):
        attachment = self.get_object()
        if not attachment.file:
            raise Http404("附件文件不存在")
        return attachment.download_response()
