"""The views every ledger is declared against.

Access is core.mixins.OrgPermissionMixin's (login → another town's record 404 → a role
without the permission 403 → querysets scoped to the town); these classes add what a
ledger page does, the same way on every ledger. An app declares:

    class OfficerListView(RegisterListView):
        model = Officer
        ledger = "enforcement:officer_list"
        filterset_class = OfficerFilterSet
        sort_fields = {"name": ("name", "pk"), "department": ("department__name", "name")}
        add_url, import_url, export_url = "enforcement:officer_add", ..., ...
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import resolve, reverse
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView, View

from core.links import may
from core.masking import can_view_personal_data
from core.mixins import (
    OrgFormMixin,
    OrgPermissionMixin,
    PersonalDataEditMixin,
    PersonalDataMixin,
    scope_queryset,
    wants_personal_data,
)
from core.registers import registry
from core.registers.export import ExportColumn, ledger_response
from core.year import picked_year

SORT_PARAM = "sort"


def apply_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form (unknown field names → the whole form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# ---- lists --------------------------------------------------------------------------------
class RegisterListView(OrgPermissionMixin, ListView):
    """A ledger list: bounded filters, whitelisted sorting, pagination, empty state.

    - `filterset_class`: a core.registers.filters.RegisterFilterSet; an invalid filter
      shows its field errors and no rows (core.filters.BoundedFilterSet).
    - `sort_fields`: {"name": ("name", "pk")}; `?sort=name` / `?sort=-name`. Any other
      value is ignored and the default order kept — a hand-typed URL is never a 500.
    - `ledger`: the list's URL name; declaring it enters the list in the shared tests
      (core.registers.registry).
    - `year_filter`: the filter that picks a year. A URL that does not name it shows the
      year the person picked on the dashboard or any page (core.year.picked_year), or
      every year before they picked one; `?year=` left blank means every year (清除).
    """

    template_name = "registers/list.html"
    paginate_by = 25
    filterset_class = None
    sort_fields: dict[str, tuple[str, ...]] = {}
    ledger = ""
    add_url = ""
    import_url = ""
    export_url = ""
    # Shown in the empty state; an unfiltered empty list says "no records yet".
    empty_message = "没有符合条件的记录。"
    year_filter = "year"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("ledger"):
            registry.register(cls.ledger, cls)

    def base_queryset(self):
        """The org-scoped rows before filtering; override with the app's selector."""
        return scope_queryset(self.model._default_manager.all(), self.request.user)

    @property
    def keyed_by_year(self) -> bool:
        return bool(
            self.year_filter
            and self.filterset_class is not None
            and self.year_filter in self.filterset_class.base_filters
        )

    def filter_data(self):
        data = self.request.GET.copy()
        if self.keyed_by_year and self.year_filter not in data:
            year = picked_year(self.request)
            if year is not None:
                data[self.year_filter] = str(year)
        return data or None

    def get_filterset(self, queryset):
        if self.filterset_class is None:
            return None
        return self.filterset_class(
            self.filter_data(), queryset=queryset, organization=self.organization, user=self.request.user
        )

    def get_queryset(self):
        self.filterset = self.get_filterset(self.base_queryset())
        queryset = self.filterset.qs if self.filterset is not None else self.base_queryset()
        ordering = self.sort_ordering()
        return queryset.order_by(*ordering) if ordering else queryset

    @property
    def sort(self) -> str:
        """The requested sort if it is whitelisted, else ""."""
        value = self.request.GET.get(SORT_PARAM, "")
        return value if value.lstrip("-") in self.sort_fields else ""

    def sort_ordering(self) -> tuple[str, ...]:
        sort = self.sort
        if not sort:
            return ()
        fields = self.sort_fields[sort.lstrip("-")]
        if sort.startswith("-"):
            return tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
        return fields

    @property
    def filter_valid(self) -> bool:
        return self.filterset is None or not self.filterset.is_bound or self.filterset.is_valid()

    def export_query(self) -> str:
        # The filters the list applied, the preselected year included, so the export matches it.
        query = (self.filter_data() or self.request.GET).copy()
        query.pop("page", None)
        return query.urlencode()

    def export_has_personal_data(self) -> bool:
        """Whether the ledger's export can write full personal data (a column declared
        `personal` or masking itself): only then is 导出（含完整个人信息） offered."""
        if not self.export_url:
            return False
        view_class = getattr(resolve(reverse(self.export_url)).func, "view_class", None)
        if view_class is None or not hasattr(view_class, "get_export_columns"):
            return False
        view = view_class()
        view.setup(self.request)
        return any(column.personal or column.masks_itself for column in view.get_export_columns())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        can_view_personal = can_view_personal_data(self.request.user)
        context.update(
            filterset=self.filterset,
            filter=self.filterset,
            filtered=bool(set((self.filter_data() or {}).keys()) - {"page", SORT_PARAM}),
            # 清除 drops every filter; a year-keyed list then shows every year, not the session's.
            clear_url=f"{self.request.path}?{self.year_filter}=" if self.keyed_by_year else self.request.path,
            sort=self.sort,
            sort_fields=self.sort_fields,
            export_query=self.export_query(),
            can_view_personal=can_view_personal,
            export_personal=can_view_personal and self.export_has_personal_data(),
            empty_message=self.empty_message,
            add_url=self.add_url and reverse(self.add_url),
            import_url=self.import_url and reverse(self.import_url),
            export_url=self.export_url and reverse(self.export_url),
            may_add=may(self.request.user, f"{meta.app_label}.add_{meta.model_name}"),
        )
        return context


class RegisterExportMixin:
    """On a subclass of the ledger's list view: the filtered list as an Excel 台账.

    Declare `export_title` and `export_columns` (core.registers.export.ExportColumn).
    `?show_personal=1` from a user holding 个人信息查看 writes full values (audited).
    """

    export_title = ""
    export_columns: list[ExportColumn] = []

    def get_export_columns(self) -> list[ExportColumn]:
        return list(self.export_columns)

    def export_objects(self):
        return self.get_queryset()

    def year_label(self) -> str:
        filterset = getattr(self, "filterset", None)
        year = None
        if filterset is not None and filterset.is_bound and filterset.is_valid():
            year = filterset.form.cleaned_data.get("year")
        return f"{year}年度" if year else "全部年度"

    def get(self, request, *args, **kwargs):
        objects = self.export_objects()
        if not self.filter_valid:
            # The list shows the field errors and no rows; an export answers the same.
            messages.error(request, "筛选条件有误，未导出。请修改筛选条件后重试。")
            return redirect(f"{reverse(self.ledger)}?{self.export_query()}")
        return ledger_response(
            title=self.export_title or f"{self.model._meta.verbose_name}台账",
            organization=self.organization,
            year_label=self.year_label(),
            columns=self.get_export_columns(),
            objects=objects,
            user=request.user,
            model=self.model,
            reveal=wants_personal_data(request),
        )


# ---- one record -------------------------------------------------------------------------
class RegisterDetailView(OrgPermissionMixin, DetailView):
    """A record's page with its history (PersonalDetailView adds the audited ?show_personal=1)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        history = getattr(self.object, "history", None)
        if history is not None and "history" not in context:
            context["history"] = history.select_related("history_user")[:20]
        return context


class PersonalDetailView(PersonalDataMixin, RegisterDetailView):
    pass


class RegisterCreateView(OrgFormMixin, OrgPermissionMixin, CreateView):
    permission_action = "add"
    template_name = "registers/form.html"


class RegisterUpdateView(OrgFormMixin, OrgPermissionMixin, UpdateView):
    permission_action = "change"
    template_name = "registers/form.html"


class PersonalCreateView(PersonalDataEditMixin, RegisterCreateView):
    pass


class PersonalUpdateView(PersonalDataEditMixin, RegisterUpdateView):
    pass


class RegisterDeleteView(OrgPermissionMixin, DeleteView):
    """One confirmation page, one protection rule.

    A record other records still point to (on_delete=PROTECT/RESTRICT), or one that
    `protection()` refuses, is not deleted: the user is sent back to it with
    `protected_message` in Chinese. Deleting is audited by simple-history.
    """

    permission_action = "delete"
    template_name = "registers/confirm_delete.html"
    protected_message = "该记录已被其他记录引用，不能删除。"
    success_message = "已删除：{label}"
    confirm_notice = ""  # what the confirmation page adds to its question (a ledger's own rule)

    def protection(self) -> str:
        """A Chinese reason this record may not be deleted, or "" (override per ledger)."""
        return ""

    def perform_delete(self, obj) -> None:
        """Delete the row; a service that refuses raises ValidationError (shown as the message)."""
        obj.delete()

    def refused_url(self) -> str:
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("cancel_url", self.refused_url())
        context["protection"] = self.protection()
        context["confirm_notice"] = self.confirm_notice
        return context

    def form_valid(self, form):
        reason = self.protection()
        if reason:
            messages.error(self.request, reason)
            return HttpResponseRedirect(self.refused_url())
        success_url = self.get_success_url()
        label = str(self.object)
        try:
            self.perform_delete(self.object)
        except (ProtectedError, RestrictedError):
            messages.error(self.request, self.protected_message)
            return HttpResponseRedirect(self.refused_url())
        except ValidationError as exc:
            messages.error(self.request, "；".join(exc.messages))
            return HttpResponseRedirect(self.refused_url())
        messages.success(self.request, self.success_message.format(label=label))
        return HttpResponseRedirect(success_url)


# ---- child records ----------------------------------------------------------------------
class ChildMixin:
    """A view under its parent's URL (`/goals/<parent_pk>/updates/add/`).

    The parent must belong to the user's organization — otherwise 404, checked before
    the permission so a 403 never confirms another town's record exists. Declare
    `parent_model` and, when the URL names it differently, `parent_kwarg`.
    """

    parent_model = None
    parent_kwarg = "parent_pk"
    parent_context_name = "parent"

    def check_object_scope(self):
        super().check_object_scope()
        if self.parent_kwarg in self.kwargs:
            self.parent  # noqa: B018 - resolves or raises 404

    @property
    def parent(self):
        if not hasattr(self, "_parent"):
            if self.parent_kwarg not in self.kwargs:
                self._parent = self.parent_of(self.object)
            else:
                queryset = scope_queryset(self.parent_model._default_manager.all(), self.request.user)
                self._parent = get_object_or_404(queryset, pk=self.kwargs[self.parent_kwarg])
        return self._parent

    def parent_of(self, obj):
        """The parent of an existing child (edit and delete URLs carry only the child)."""
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parent"] = context[self.parent_context_name] = self.parent
        return context

    def get_success_url(self):
        return self.parent.get_absolute_url()


class ChildCreateView(ChildMixin, RegisterCreateView):
    """A child record added from its parent's page; `parent_field` is stamped on save."""

    parent_field = ""

    def form_valid(self, form):
        if self.parent_field:
            setattr(form.instance, self.parent_field, self.parent)
        return super().form_valid(form)


# ---- attachments ------------------------------------------------------------------------
class AttachmentCreateView(ChildCreateView):
    success_message = "已上传附件。"

    def form_valid(self, form):
        form.instance.uploaded_by = self.request.user
        return super().form_valid(form)


class AttachmentDownloadView(OrgPermissionMixin, DetailView):
    """Serves a file only to users of its organization who may view it (never MEDIA_URL)."""

    def get(self, request, *args, **kwargs):
        return self.get_object().download_response()


class AttachmentDeleteView(RegisterDeleteView):
    """The row goes, and its file with it (core.registers.attachments); back to the parent."""

    def attachment_parent(self):
        return getattr(self.object, self.object.parent_attr)

    def refused_url(self) -> str:
        return self.attachment_parent().get_absolute_url()

    def get_success_url(self):
        return self.refused_url()


# ---- import -----------------------------------------------------------------------------
class RegisterImportView(OrgPermissionMixin, View):
    """Upload a filled template (核心: core.xlsx.XlsxImporter): all rows or none.

    Errors are listed by row and column (第5行「受理日期」：…); errors about the file
    itself have no row. Declare `importer_class`, `success_url` (a URL name) and
    `success_message` (with {count}).
    """

    permission_action = "add"
    template_name = "registers/import.html"
    importer_class = None
    success_url = ""
    success_message = "已导入 {count} 条记录。"
    template_url = ""
    intro = "所有行校验通过才会导入，任一行有误则全部不导入。"

    def get_importer(self):
        return self.importer_class()

    def context(self, **extra):
        importer = self.importer_class
        return {
            "title": f"导入{importer.title}",
            "columns": importer.columns,
            "template_url": self.template_url and reverse(self.template_url),
            "back_url": reverse(self.success_url),
            "intro": self.intro,
            "max_rows": settings.IMPORT_MAX_ROWS,
            "verbose_name": self.model._meta.verbose_name,
            **extra,
        }

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, self.context())

    def post(self, request, *args, **kwargs):
        upload = request.FILES.get("file")
        if upload is None:
            return render(request, self.template_name, self.context(errors=["请选择要导入的 .xlsx 文件。"]))
        if not (upload.name or "").lower().endswith(".xlsx"):
            return render(request, self.template_name, self.context(errors=["请上传 .xlsx 格式的文件。"]))
        result = self.get_importer().run(upload, organization=self.organization, user=request.user)
        if not result.ok:
            errors = [str(e) for e in result.errors]
            return render(request, self.template_name, self.context(errors=errors, failed=True))
        messages.success(request, self.success_message.format(count=result.created))
        return redirect(self.success_url)


class RegisterImportTemplateView(OrgPermissionMixin, View):
    """The empty template of an import, with its instructions sheet."""

    permission_action = "add"
    importer_class = None
    filename = None

    def get(self, request, *args, **kwargs):
        return self.importer_class().template_response(self.filename)
