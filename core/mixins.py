"""View and form mixins every data app uses.

Access rules in one place:
- anonymous users are sent to the login page;
- a signed-in user without the model permission gets 403 (a leader on a write);
- querysets are narrowed to the user's organization, so another town's record
  is a 404, never a 403 that would confirm it exists;
- foreign keys offered by a form are narrowed the same way, and a posted id of
  another organization is refused as an invalid choice (nothing saved);
- a district user reads its towns but writes only the district's own records, and
  only through views that say so (`district_writes`, the reports app): the ledgers
  are the towns' (最多报一次), and the town picked with `?org=` is never written.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, transaction
from django.http import Http404

from core.audit import log_event
from core.masking import can_view_personal_data
from core.versioning import CONFLICT_MESSAGE, version_token

# Organization.Kind.DISTRICT (core never imports an app, accounts included).
DISTRICT_KIND = "district"
# Where a district user's chosen town is kept (core.middleware.DistrictTownMiddleware).
DISTRICT_TOWN_SESSION_KEY = "district_town_id"
# Requests that read: anything else is a write, whatever the view does with it.
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
DISTRICT_LEDGER_MESSAGE = "台账由各镇街录入，区级账号不能新增、修改或删除（区里的数据取自各镇街，最多报一次）。"
DISTRICT_TOWN_RECORD_MESSAGE = "区级账号只能修改本区自己的记录（如本区的年度报告），不能修改镇街的记录。"


def user_organization(user):
    """The organization whose records the user works on.

    A town user: their town. A user of a district (区级查看): the town they picked with
    `?org=<id>` (kept in the session, validated against the district's own towns), else
    the district itself — and scope_queryset below then reads all of its towns.
    """
    org = getattr(user, "organization", None)
    if org is None:
        raise PermissionDenied("您的账号未关联任何单位，请联系管理员。")
    if org.kind != DISTRICT_KIND:
        return org
    town_id = getattr(user, "district_town_id", None)
    if not town_id:
        return org
    town = getattr(user, "_district_town", None)
    if town is None or town.pk != town_id:
        town = org.children.filter(pk=town_id).first()
        if town is None:
            raise Http404("所选镇街不属于本区。")
        user._district_town = town
    return town


def is_district_user(user) -> bool:
    org = getattr(user, "organization", None)
    return org is not None and org.kind == DISTRICT_KIND


def district_write_scope(user, *, allowed: bool) -> None:
    """Before a district user's write: refuse it, or point it at the district itself.

    `allowed` is False for the towns' ledgers (403 even on the district's own org: its
    facts are its towns' taken together). Otherwise the town picked for reading is set
    aside for this request only (the session keeps it), so user_organization() — and
    with it every form's organization and every record created — is the district.
    """
    if not allowed:
        raise PermissionDenied(DISTRICT_LEDGER_MESSAGE)
    user.district_town_id = None


def select_district_town(request, town_id: int | None) -> None:
    """Make `town_id` the town a district user reads (None or the district: all of them)."""
    user = request.user
    if not town_id or town_id == user.organization_id:
        request.session.pop(DISTRICT_TOWN_SESSION_KEY, None)
        user.district_town_id = None
    else:
        request.session[DISTRICT_TOWN_SESSION_KEY] = town_id
        user.district_town_id = town_id


def district_organizations(district):
    """The district and its towns, as a subquery (no query of its own)."""
    return type(district)._default_manager.filter(models.Q(pk=district.pk) | models.Q(parent=district)).values("pk")


def org_filter_field(model) -> str | None:
    """The lookup that leads from `model` to its Organization."""
    names = {f.name for f in model._meta.get_fields()}
    if "organization" in names:
        return "organization"
    for via in ("community", "officer", "dispute", "case", "report", "goal", "grid", "training"):
        if via in names:
            related = model._meta.get_field(via).related_model
            inner = org_filter_field(related)
            if inner:
                return f"{via}__{inner}"
    return None


def scope_queryset(queryset, user):
    lookup = org_filter_field(queryset.model)
    if lookup is None:
        raise ImproperlyConfigured(f"{queryset.model.__name__} 没有可用于按单位过滤的字段")
    org = user_organization(user)
    if org.kind == DISTRICT_KIND:
        # A district user with no town picked: every record of the district's towns.
        return queryset.filter(**{f"{lookup}__in": district_organizations(org)})
    return queryset.filter(**{lookup: org})


class OrgPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Login + model permission (`permission_action` on `model`) + org scoping."""

    model: type[models.Model] | None = None
    permission_action = "view"
    # May a district user write through this view (on the district's own records only)?
    # No for the towns' ledgers; the reports app says yes (the district's own report).
    district_writes = False

    def get_permission_required(self):
        if self.permission_required:
            return super().get_permission_required()
        if self.model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs model or permission_required")
        meta = self.model._meta
        return [f"{meta.app_label}.{self.permission_action}_{meta.model_name}"]

    def is_write(self) -> bool:
        """A POST (any unsafe method), or a page that needs an add/change/delete or workflow
        permission (a create or edit form, even on GET)."""
        if self.request.method not in SAFE_METHODS:
            return True
        return any(perm.split(".", 1)[-1].split("_", 1)[0] != "view" for perm in self.get_permission_required())

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if is_district_user(request.user) and self.is_write():
                district_write_scope(request.user, allowed=self.district_writes)
            user_organization(request.user)
            self.check_object_scope()
        return super().dispatch(request, *args, **kwargs)

    def check_object_scope(self):
        """Another town's record is a 404 before any permission check, so a 403
        never confirms that the record exists."""
        pk = self.kwargs.get(self.pk_url_kwarg if hasattr(self, "pk_url_kwarg") else "pk")
        if pk is None or self.model is None:
            return
        home = self.request.user.organization
        if home.kind == DISTRICT_KIND:
            # A district user opens any record of its towns (a link from another town's
            # list, a bookmark): the record's town becomes the one the pages read.
            lookup = org_filter_field(self.model)
            town_id = (
                self.model._default_manager.filter(pk=pk, **{f"{lookup}__in": district_organizations(home)})
                .values_list(lookup, flat=True)
                .first()
            )
            if town_id is None:
                raise Http404("记录不存在")
            if self.is_write():
                # A write reaches only the district's own records, never a town's.
                if town_id != home.pk:
                    raise PermissionDenied(DISTRICT_TOWN_RECORD_MESSAGE)
                return
            select_district_town(self.request, town_id)
            return
        queryset = scope_queryset(self.model._default_manager.all(), self.request.user)
        if not queryset.filter(pk=pk).exists():
            raise Http404("记录不存在")

    @property
    def organization(self):
        if self.district_writes and is_district_user(self.request.user):
            # The district's own pages (its report): never the town picked for the ledgers.
            return self.request.user.organization
        return user_organization(self.request.user)

    def get_queryset(self):
        return scope_queryset(super().get_queryset(), self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.model is not None:
            context.setdefault("verbose_name", self.model._meta.verbose_name)
        return context


class OrgFormMixin:
    """For Create/UpdateViews: passes the organization to the form, stamps it on save.

    Forms that inherit `core.forms.OrgModelForm` narrow every foreign-key choice to
    the organization.
    """

    success_message = "已保存。"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organization"] = self.organization
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        helper = getattr(form, "helper", None)
        if helper is not None:
            # crispy layouts list fields explicitly; the concurrency token must still render.
            helper.render_hidden_fields = True
        return form

    def form_valid(self, form):
        if not form.instance.pk and hasattr(form.instance, "organization_id"):
            form.instance.organization = self.organization
        with transaction.atomic():
            if form.instance.pk and getattr(form, "posted_version", ""):
                # Re-check under a row lock: two clerks saving the same record at the
                # same instant cannot both pass the form's optimistic check.
                current = type(form.instance)._default_manager.select_for_update().get(pk=form.instance.pk)
                if version_token(current) != form.posted_version:
                    form.add_error(None, CONFLICT_MESSAGE)
                    return self.form_invalid(form)
            response = super().form_valid(form)
        messages.success(self.request, self.success_message)
        return response


def wants_personal_data(request) -> bool:
    """`?show_personal=1` from a user holding accounts.view_personal_data."""
    return request.GET.get("show_personal") == "1" and can_view_personal_data(request.user)


class PersonalDataMixin:
    """Detail pages with personal data: masked unless the user may see it and asks to.

    `?show_personal=1` reveals the full values to a user holding
    accounts.view_personal_data, and writes an audit entry for that view.
    """

    def reveal_personal_data(self) -> bool:
        return wants_personal_data(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reveal = self.reveal_personal_data()
        if reveal:
            log_event("view_personal", user=self.request.user, obj=self.object, detail="查看完整个人信息")
        context["reveal_personal"] = reveal
        context["can_view_personal"] = can_view_personal_data(self.request.user)
        return context


class PersonalDataEditMixin:
    """Edit views whose form declares personal-data fields (core.personal_data.PersonalDataFormMixin).

    The form shows them masked; `?show_personal=1` fills in the full values for a user
    holding accounts.view_personal_data, and that reveal is audited as on a detail page.
    Only a GET is audited: a POST shows back what the user typed.
    """

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.personal_form_kwargs()}

    def personal_form_kwargs(self) -> dict:
        return {"user": self.request.user, "reveal_personal": wants_personal_data(self.request)}

    def audit_personal_reveal(self, obj) -> None:
        if self.request.method == "GET" and obj is not None and obj.pk and wants_personal_data(self.request):
            log_event("view_personal", user=self.request.user, obj=obj, detail="编辑时查看完整个人信息")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.audit_personal_reveal(getattr(self, "object", None))
        context["personal_form"] = True
        context["can_view_personal"] = can_view_personal_data(self.request.user)
        return context
