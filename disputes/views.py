"""Pages of the mediation register (连心桥 一站式矛盾纠纷化解平台)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from core.masking import can_view_personal_data
from core.mixins import OrgPermissionMixin, PersonalDataEditMixin
from core.registers.export import ExportColumn as Col
from core.registers.views import (
    PersonalDetailView,
    RegisterCreateView,
    RegisterDeleteView,
    RegisterExportMixin,
    RegisterImportTemplateView,
    RegisterImportView,
    RegisterListView,
    RegisterUpdateView,
)
from core.versioning import CONFLICT_MESSAGE, version_token
from disputes import choices as c
from disputes import selectors, services
from disputes.filters import DisputeFilterSet
from disputes.forms import (
    AgreementModelForm,
    ConcludeForm,
    DisputeCategoryForm,
    DisputeForm,
    FollowUpForm,
    MediatorForm,
    PartyFormSet,
    ReferForm,
    StartMediationForm,
)
from disputes.importers import DisputeImporter
from disputes.models import Agreement, Dispute, DisputeCategory, FollowUp, Mediator, dispute_flags


class DisputeListView(RegisterListView):
    model = Dispute
    ledger = "disputes:dispute_list"
    paginate_by = 50
    filterset_class = DisputeFilterSet
    template_name = "disputes/dispute_list.html"
    add_url, import_url, export_url = "disputes:dispute_add", "disputes:dispute_import", "disputes:dispute_export"
    sort_fields = {
        "serial": ("serial", "pk"),
        "received": ("received_on", "pk"),
        "community": ("community__name", "-received_on", "pk"),
        "status": ("status", "-received_on", "pk"),
    }

    def base_queryset(self):
        return selectors.dispute_list(organization=self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for dispute in context["object_list"]:
            dispute.flags = dispute_flags(dispute, today, dispute.has_followup)
        return context


def _agreement(d):
    return getattr(d, "agreement", None) if _has_agreement(d) else None


def _parties(d, mask):
    return "；".join(f"{p.get_role_display()}：{mask(p.name, 'name')}" for p in d.parties.all())


def _party_values(field: str, kind: str):
    def value(d, mask):
        return "；".join(mask(getattr(p, field), kind) for p in d.parties.all() if getattr(p, field))

    return value


class DisputeExportView(RegisterExportMixin, DisputeListView):
    """矛盾纠纷台账; parties' personal data masked unless the user may see it and asks."""

    export_title = "矛盾纠纷台账"
    export_columns = [
        Col("编号", "serial", width=16),
        Col("受理日期", "received_on", width=12),
        Col("纠纷来源", "get_source_display"),
        Col("村（社区）", "community.name"),
        Col("网格", "grid.name"),
        Col("纠纷类别", "category.name"),
        Col("等级", "get_grade_display"),
        Col("化解层级", "get_handling_level_display"),
        Col("风险等级", "get_risk_display"),
        Col("调解类型", "get_mediation_type_display"),
        Col("调解员", lambda d: "、".join(m.name for m in d.mediators.all())),
        Col("当事人", _parties, masks_itself=True, width=30),
        Col("证件号码", _party_values("id_number", "id"), masks_itself=True, width=22),
        Col("联系电话", _party_values("phone", "phone"), masks_itself=True, width=16),
        Col("涉及金额（元）", "amount"),
        Col("纠纷简要情况", "summary", width=40),
        Col("状态", "get_status_display"),
        Col("办结日期", "concluded_on", width=12),
        Col("调解结果", "outcome", width=30),
        Col("转办单位", "referred_to"),
        Col("调解协议", lambda d: a.get_form_display() if (a := _agreement(d)) else ""),
        Col("履行情况", lambda d: a.get_performance_display() if (a := _agreement(d)) else ""),
        Col(
            "司法确认",
            lambda d: ("已申请" if a.confirmation_applied else "未申请") if (a := _agreement(d)) else "",
        ),
        Col("原台账编号", "original_number"),
    ]

    def export_objects(self):
        return self.get_queryset().iterator(chunk_size=500)


def _has_agreement(dispute: Dispute) -> bool:
    try:
        dispute.agreement  # noqa: B018 - select_related, no query
    except Agreement.DoesNotExist:
        return False
    return True


class DisputeDetailView(PersonalDetailView):
    model = Dispute
    template_name = "disputes/dispute_detail.html"

    def get_queryset(self):
        return selectors.dispute_detail(organization=self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dispute = self.object
        today = timezone.localdate()
        context["agreement"] = dispute.agreement if _has_agreement(dispute) else None
        context["flags"] = dispute_flags(dispute, today)
        context["today"] = today
        context["parties"] = list(dispute.parties.all())
        context["followups"] = list(dispute.followups.all())
        context["events"] = list(dispute.events.all())
        context["can_start"] = dispute.status in services.TRANSITIONS["start"][0]
        context["can_conclude"] = dispute.is_open
        context["can_mediate_result"] = dispute.status == c.Status.MEDIATING
        context["can_delete"] = dispute.status in services.TRANSITIONS["delete"][0]
        context["can_agreement"] = dispute.status == c.Status.SUCCEEDED
        context["can_followup"] = not dispute.is_open
        return context


class DisputeEditMixin(PersonalDataEditMixin, OrgPermissionMixin):
    """Intake and edit: the dispute form plus its parties (their personal data masked in the
    formset, as PersonalDataEditMixin does for one form)."""

    model = Dispute
    template_name = "disputes/dispute_form.html"

    def get_object(self):
        return None

    def forms(self, data=None):
        instance = self.get_object()
        form = DisputeForm(data, instance=instance, organization=self.organization)
        initial = None
        if instance is None:
            initial = [{"role": c.PartyRole.APPLICANT}, {"role": c.PartyRole.RESPONDENT}]
        formset = PartyFormSet(
            data,
            instance=instance or Dispute(),
            prefix="parties",
            initial=initial,
            form_kwargs=self.personal_form_kwargs(),
        )
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.forms()
        self.audit_personal_reveal(self.get_object())
        return self.render(form, formset)

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            try:
                dispute = self.save(form, formset)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(dispute.get_absolute_url())
        return self.render(form, formset)

    def render(self, form, formset):
        context = {
            "form": form,
            "formset": formset,
            "object": self.get_object(),
            "verbose_name": "矛盾纠纷",
            "personal_form": True,
            "can_view_personal": can_view_personal_data(self.request.user),
        }
        return self.response_class(request=self.request, template=[self.template_name], context=context, using=None)

    @property
    def response_class(self):
        from django.template.response import TemplateResponse

        return TemplateResponse


class DisputeCreateView(DisputeEditMixin, TemplateView):
    permission_action = "add"

    def save(self, form, formset):
        data = dict(form.cleaned_data)
        mediators = data.pop("mediators", [])
        parties = [
            {k: v for k, v in f.cleaned_data.items() if k not in ("id", "dispute", "DELETE")}
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        dispute = services.dispute_register(
            organization=self.organization, by=self.request.user, fields=data, mediators=mediators, parties=parties
        )
        messages.success(self.request, f"已受理登记，编号 {dispute.serial}。")
        return dispute


class DisputeUpdateView(DisputeEditMixin, TemplateView):
    permission_action = "change"

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                selectors.dispute_queryset(organization=self.organization), pk=self.kwargs["pk"]
            )
        return self._object

    @transaction.atomic
    def save(self, form, formset):
        # The form compared the posted version with the row as it was read; re-check under a
        # row lock, so a colleague's save that landed meanwhile (parties included: they change
        # the searchable names) is refused here rather than overwritten.
        current = Dispute.objects.select_for_update().get(pk=form.instance.pk)
        if form.posted_version and version_token(current) != form.posted_version:
            raise ValidationError(CONFLICT_MESSAGE)
        dispute = form.save()
        formset.instance = dispute
        formset.save()
        messages.success(self.request, "已保存。")
        return dispute


class DisputeObjectMixin(OrgPermissionMixin):
    model = Dispute
    permission_action = "change"

    @property
    def dispute(self) -> Dispute:
        if not hasattr(self, "_dispute"):
            self._dispute = get_object_or_404(
                selectors.dispute_queryset(organization=self.organization).select_related("community"),
                pk=self.kwargs["pk"],
            )
        return self._dispute

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dispute"] = self.dispute
        return context


class TransitionView(DisputeObjectMixin, FormView):
    """One status change: the form collects what the service needs; a refused transition
    (wrong status, bad date) comes back as a Chinese form error and nothing is saved."""

    template_name = "disputes/transition_form.html"
    title = ""
    success_text = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        return context

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_text.format(dispute=self.dispute))
        return redirect(self.dispute.get_absolute_url())


class DisputeStartView(TransitionView):
    form_class = StartMediationForm
    title = "开始调解"
    success_text = "{dispute} 已开始调解。"

    def perform(self, data):
        services.dispute_start_mediation(
            dispute=self.dispute, started_on=data["started_on"], note=data["note"], by=self.request.user
        )


class DisputeConcludeView(TransitionView):
    form_class = ConcludeForm
    title = "调结"
    success_text = "{dispute} 已调结。"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.dispute.status == c.Status.ACCEPTED:
            # Not yet mediated: the only possible conclusion is 终止 (the service refuses the others too).
            form.fields["result"].choices = [(c.Status.TERMINATED.value, c.Status.TERMINATED.label)]
            form.fields["result"].initial = c.Status.TERMINATED
            self.title = "终止"
        return form

    def perform(self, data):
        services.dispute_conclude(
            dispute=self.dispute,
            result=data["result"],
            concluded_on=data["concluded_on"],
            outcome=data["outcome"],
            by=self.request.user,
        )


class DisputeReferView(TransitionView):
    form_class = ReferForm
    title = "转办"
    success_text = "{dispute} 已转办。"

    def perform(self, data):
        services.dispute_refer(
            dispute=self.dispute,
            referred_to=data["referred_to"],
            referred_on=data["concluded_on"],
            note=data["note"],
            by=self.request.user,
        )


class DisputeDeleteView(RegisterDeleteView):
    model = Dispute
    success_url = reverse_lazy("disputes:dispute_list")
    success_message = "已删除 {label}（该编号不再使用）。"
    confirm_notice = "只有登记有误、尚未开始调解的纠纷可以删除。删除后编号不再使用，不会分配给其他纠纷。"

    def get_queryset(self):
        return selectors.dispute_queryset(organization=self.organization)

    def perform_delete(self, obj) -> None:
        # The service refuses a dispute past intake (its status rule) with a ValidationError.
        services.dispute_delete(dispute=obj, by=self.request.user)


class AgreementEditView(DisputeObjectMixin, FormView):
    form_class = AgreementModelForm
    template_name = "disputes/agreement_form.html"

    def get_permission_required(self):
        existing = Agreement.objects.filter(dispute_id=self.kwargs["pk"]).exists()
        return ["disputes.change_agreement" if existing else "disputes.add_agreement"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        instance = Agreement.objects.filter(dispute=self.dispute).first()
        if instance is None:
            instance = Agreement(dispute=self.dispute, signed_on=self.dispute.concluded_on)
        kwargs["instance"] = instance
        kwargs["organization"] = self.organization
        return kwargs

    def form_valid(self, form):
        try:
            services.agreement_save(agreement=form.instance, by=self.request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, "调解协议已保存。")
        return redirect(self.dispute.get_absolute_url())


class FollowUpCreateView(DisputeObjectMixin, FormView):
    form_class = FollowUpForm
    template_name = "disputes/transition_form.html"
    permission_required = "disputes.add_followup"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "登记回访"
        return context

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = FollowUp(dispute=self.dispute)
        kwargs["organization"] = self.organization
        kwargs["has_agreement"] = Agreement.objects.filter(dispute=self.dispute).exists()
        kwargs.setdefault("initial", {})["visitor"] = self.request.user.display_name
        return kwargs

    def form_valid(self, form):
        try:
            services.followup_record(
                followup=form.instance,
                by=self.request.user,
                performance=form.cleaned_data.get("performance") or None,
                performed_on=form.cleaned_data.get("performed_on"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, "回访记录已保存。")
        return redirect(self.dispute.get_absolute_url())


# --- import -------------------------------------------------------------
class DisputeImportView(RegisterImportView):
    model = Dispute
    importer_class = DisputeImporter
    success_url = "disputes:dispute_list"
    template_url = "disputes:dispute_import_template"
    success_message = "已导入 {count} 件纠纷。"


class DisputeImportTemplateView(RegisterImportTemplateView):
    model = Dispute
    importer_class = DisputeImporter
    filename = "矛盾纠纷台账导入模板.xlsx"


# --- managed lists --------------------------------------------------------
class CategoryListView(RegisterListView):
    model = DisputeCategory
    template_name = "disputes/category_list.html"
    paginate_by = 100
    add_url = "disputes:category_add"
    sort_fields = {"name": ("name",), "order": ("sort_order", "name")}


class CategoryCreateView(RegisterCreateView):
    model = DisputeCategory
    form_class = DisputeCategoryForm
    success_url = reverse_lazy("disputes:category_list")


class CategoryUpdateView(RegisterUpdateView):
    model = DisputeCategory
    form_class = DisputeCategoryForm
    success_url = reverse_lazy("disputes:category_list")


class MediatorListView(RegisterListView):
    model = Mediator
    template_name = "disputes/mediator_list.html"
    paginate_by = 100
    add_url = "disputes:mediator_add"
    sort_fields = {"name": ("name",), "disputes": ("dispute_count", "name")}

    def base_queryset(self):
        from django.db.models import Count

        return super().base_queryset().annotate(dispute_count=Count("disputes")).order_by("name")


class MediatorCreateView(RegisterCreateView):
    model = Mediator
    form_class = MediatorForm
    success_url = reverse_lazy("disputes:mediator_list")


class MediatorUpdateView(RegisterUpdateView):
    model = Mediator
    form_class = MediatorForm
    success_url = reverse_lazy("disputes:mediator_list")
