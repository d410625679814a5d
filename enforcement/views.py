"""Pages of the 行政执法人员 register.

Every view goes through core.mixins.OrgPermissionMixin: login → another town's
record is a 404 → a role without the permission gets 403 → querysets scoped to
the user's town. Writes beyond one form save call services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, ProtectedError, Q, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import CreateView, DeleteView, DetailView, FormView, ListView, UpdateView, View

from core.masking import can_view_personal_data, masked
from core.mixins import OrgFormMixin, OrgPermissionMixin, PersonalDataEditMixin, PersonalDataMixin
from core.models import AuditLog
from core.params import get_year
from core.xlsx import export_response
from enforcement import selectors, services
from enforcement.choices import DISPLAY_BADGES, DisplayStatus
from enforcement.filters import CertificateFilterSet, ExamFilterSet, OfficerFilterSet, TrainingFilterSet
from enforcement.forms import (
    AttendanceForm,
    CategoryForm,
    CertificateForm,
    CertificateRenewForm,
    CertificateStateForm,
    EnforceCheckForm,
    ExamForm,
    OfficerForm,
    TrainingForm,
)
from enforcement.importers import OfficerImporter
from enforcement.models import Certificate, EnforcementCategory, Exam, Officer, Training, TrainingAttendance

FORM_TEMPLATE = "enforcement/form.html"
DELETE_TEMPLATE = "enforcement/confirm_delete.html"


def apply_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form (unknown field names → the whole form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class FilteredListMixin:
    """A django-filter FilterSet on an org-scoped list; `filterset` in the context."""

    filterset_class = None

    def get_filterset(self, queryset):
        return self.filterset_class(
            self.request.GET or None, queryset=queryset, organization=self.organization, user=self.request.user
        )

    def get_queryset(self):
        # An invalid filter gives no rows and the field errors (core.filters.BoundedFilterSet).
        self.filterset = self.get_filterset(self.base_queryset())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["filtered"] = bool(self.request.GET.dict().keys() - {"page"})
        return context


# --- officers ---------------------------------------------------------------
class OfficerListView(OrgPermissionMixin, FilteredListMixin, ListView):
    model = Officer
    paginate_by = 25
    filterset_class = OfficerFilterSet
    template_name = "enforcement/officer_list.html"

    @property
    def hours_year(self) -> int:
        return get_year(self.request.GET, "hours_year", default=timezone.localdate().year)

    def base_queryset(self):
        return selectors.officer_list(self.organization, year=self.hours_year)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            hours_year=self.hours_year,
            hours_target=selectors.hours_target(),
            window_days=selectors.window_days(),
            export_query=self.request.GET.urlencode(),
            can_view_personal=can_view_personal_data(self.request.user),
        )
        return context


class OfficerExportView(OfficerListView):
    """The filtered list as xlsx; personal data masked unless permitted and asked for."""

    def get(self, request, *args, **kwargs):
        reveal = request.GET.get("show_personal") == "1" and can_view_personal_data(request.user)
        officers = self.get_queryset()
        today = timezone.localdate()

        def rows():
            for o in officers:
                cert = o.current_certificate
                yield [
                    o.name,
                    o.get_gender_display(),
                    masked(o.id_number, "id", user=request.user, reveal=reveal),
                    masked(o.phone, "phone", user=request.user, reveal=reveal),
                    o.department.name,
                    o.position,
                    "是" if o.has_legal_qualification else "否",
                    o.get_employment_status_display(),
                    cert.get_kind_display() if cert else "",
                    cert.number if cert else "",
                    cert.issued_on if cert else None,
                    cert.expires_on if cert else None,
                    DisplayStatus(cert.display_status(today)).label if cert else "无证",
                    "、".join(c.name for c in cert.categories.all()) if cert else "",
                    o.year_hours,
                ]

        detail = "导出执法人员名单" + ("（含完整个人信息）" if reveal else "")
        return export_response(
            filename=f"行政执法人员名单{today:%Y%m%d}.xlsx",
            title="行政执法人员",
            headers=[
                "姓名",
                "性别",
                "身份证号",
                "联系电话",
                "所属科室",
                "职务",
                "法律职业资格",
                "人员状态",
                "证件类型",
                "证件编号",
                "发证日期",
                "有效期至",
                "证件状态",
                "执法类别",
                f"{self.hours_year}年学时",
            ],
            rows=rows(),
            user=request.user,
            model=Officer,
            organization=self.organization,
            detail=detail,
        )


class OfficerDetailView(OrgPermissionMixin, PersonalDataMixin, DetailView):
    model = Officer
    template_name = "enforcement/officer_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        officer = self.object
        data = selectors.officer_detail(officer)
        context.update(data)
        today = timezone.localdate()
        check = EnforceCheckForm(self.request.GET or None, organization=self.organization)
        day, category = today, None
        if check.is_bound and check.is_valid():
            day = check.cleaned_data["on"] or today
            category = check.cleaned_data["category"]
        context["check_form"] = check
        context["check_day"] = day
        context["check_category"] = category
        context["answer"] = selectors.may_enforce(officer, day, category)
        context["today"] = today
        context["hours_target"] = selectors.hours_target()
        context["history"] = self._audit_history(officer, data)
        return context

    def _audit_history(self, officer, data):
        q = Q(model_label="enforcement.Officer", object_id=str(officer.pk))
        related = {
            "enforcement.Certificate": [c.pk for c in data["certificates"]],
            "enforcement.Exam": [e.pk for e in data["exams"]],
            "enforcement.TrainingAttendance": [a.pk for a in data["attendances"]],
        }
        for label, ids in related.items():
            if ids:
                q |= Q(model_label=label, object_id__in=[str(i) for i in ids])
        return AuditLog.objects.filter(q, organization=self.organization).order_by("-at", "-id")[:50]


class OfficerCreateView(PersonalDataEditMixin, OrgFormMixin, OrgPermissionMixin, CreateView):
    model = Officer
    form_class = OfficerForm
    permission_action = "add"
    template_name = FORM_TEMPLATE
    success_message = "执法人员已登记。"


class OfficerUpdateView(OfficerCreateView, UpdateView):
    permission_action = "change"
    success_message = "执法人员信息已保存。"


class OfficerDeleteView(OrgPermissionMixin, DeleteView):
    model = Officer
    permission_action = "delete"
    template_name = DELETE_TEMPLATE
    success_url = reverse_lazy("enforcement:officer_list")

    def form_valid(self, form):
        try:
            response = super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, "该人员已有证件、参训或考试记录，不能删除；人员离岗请将状态改为调离或退休。")
            return redirect(self.object.get_absolute_url())
        messages.success(self.request, "已删除。")
        return response


class OfficerImportView(OrgPermissionMixin, View):
    """Upload the ledger (台账); all rows or none."""

    model = Officer
    permission_action = "add"
    template_name = "enforcement/officer_import.html"

    def get(self, request):
        return render(request, self.template_name, {"columns": OfficerImporter.columns})

    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            return render(
                request,
                self.template_name,
                {"columns": OfficerImporter.columns, "errors": ["请选择要导入的 .xlsx 文件。"]},
            )
        result = OfficerImporter().run(upload, organization=self.organization, user=request.user)
        if not result.ok:
            return render(
                request,
                self.template_name,
                {"columns": OfficerImporter.columns, "errors": [str(e) for e in result.errors], "failed": True},
            )
        messages.success(request, f"已导入 {result.created} 名执法人员。")
        return redirect("enforcement:officer_list")


class OfficerImportTemplateView(OrgPermissionMixin, View):
    model = Officer
    permission_action = "add"

    def get(self, request):
        return OfficerImporter().template_response("行政执法人员台账导入模板.xlsx")


# --- certificates -----------------------------------------------------------
class OfficerChildMixin:
    """Views under /officers/<officer_pk>/…: the officer must be of the user's town (else 404)."""

    def check_object_scope(self):
        super().check_object_scope()
        self.officer = get_object_or_404(Officer, pk=self.kwargs["officer_pk"], organization=self.organization)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "officer": self.officer}

    def get_context_data(self, **kwargs):
        return super().get_context_data(officer=self.officer, **kwargs)

    def get_success_url(self):
        return self.officer.get_absolute_url()


class CertificateListView(OrgPermissionMixin, FilteredListMixin, ListView):
    model = Certificate
    paginate_by = 25
    filterset_class = CertificateFilterSet
    template_name = "enforcement/certificate_list.html"

    def base_queryset(self):
        return selectors.certificate_list(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["badges"] = DISPLAY_BADGES
        return context


class CertificateCreateView(OfficerChildMixin, OrgFormMixin, OrgPermissionMixin, CreateView):
    model = Certificate
    form_class = CertificateForm
    permission_action = "add"
    template_name = FORM_TEMPLATE
    success_message = "证件已登记。"


class CertificateUpdateView(OrgFormMixin, OrgPermissionMixin, UpdateView):
    model = Certificate
    form_class = CertificateForm
    permission_action = "change"
    template_name = FORM_TEMPLATE
    success_message = "证件信息已保存。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(officer=self.object.officer, **kwargs)


class CertificateDeleteView(OrgPermissionMixin, DeleteView):
    """Only for a record entered by mistake; a card in a renewal chain stays."""

    model = Certificate
    permission_action = "delete"
    template_name = DELETE_TEMPLATE

    def get_success_url(self):
        return reverse("enforcement:officer_detail", args=[self.object.officer_id])

    def form_valid(self, form):
        if self.object.replaces_id or hasattr(self.object, "replaced_by"):
            messages.error(self.request, "换发链中的证件不能删除，以保留证件历史。")
            return redirect(self.object.officer.get_absolute_url())
        response = super().form_valid(form)
        messages.success(self.request, "证件记录已删除。")
        return response


class _CertificateServiceView(OrgPermissionMixin, FormView):
    """Base of the renew / suspend / reinstate / cancel / revoke pages."""

    model = Certificate
    permission_action = "change"
    template_name = "enforcement/certificate_action.html"
    title = ""

    @property
    def certificate(self) -> Certificate:
        if not hasattr(self, "_certificate"):
            scoped = Certificate.objects.filter(officer__organization=self.organization).select_related("officer")
            self._certificate = get_object_or_404(scoped, pk=self.kwargs["pk"])
        return self._certificate

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.certificate, title=self.title, **kwargs)

    def get_success_url(self):
        return self.certificate.officer.get_absolute_url()


class CertificateRenewView(_CertificateServiceView):
    permission_required = ["enforcement.add_certificate", "enforcement.change_certificate"]
    form_class = CertificateRenewForm
    title = "换发证件"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "certificate": self.certificate}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            new = services.certificate_renew(
                certificate=self.certificate,
                new_number=data["number"],
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
                categories=data["categories"],
                region=data["region"],
                issuing_authority=data["issuing_authority"],
                by=self.request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已换发新证 {new.number}，原证 {self.certificate.number} 已注销。")
        return HttpResponseRedirect(self.get_success_url())


class CertificateStateView(_CertificateServiceView):
    form_class = CertificateStateForm
    action = ""
    ACTIONS = {
        "suspend": ("暂扣证件", services.certificate_suspend, "证件已暂扣。"),
        "reinstate": ("解除暂扣", services.certificate_reinstate, "已解除暂扣，证件恢复有效。"),
        "cancel": ("注销证件", services.certificate_cancel, "证件已注销。"),
        "revoke": ("吊销证件", services.certificate_revoke, "证件已吊销。"),
    }

    @property
    def title(self):
        return self.ACTIONS[self.action][0]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit": self.title}

    def form_valid(self, form):
        _title, service, done = self.ACTIONS[self.action]
        try:
            service(
                certificate=self.certificate,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
                by=self.request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, done)
        return HttpResponseRedirect(self.get_success_url())


# --- trainings --------------------------------------------------------------
class TrainingListView(OrgPermissionMixin, FilteredListMixin, ListView):
    model = Training
    paginate_by = 25
    filterset_class = TrainingFilterSet
    template_name = "enforcement/training_list.html"

    def base_queryset(self):
        return selectors.training_list(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Totals of the whole filtered list (not just the page): the 培训总学时 figure.
        context["total_hours"] = (
            TrainingAttendance.objects.filter(training__in=self.object_list.values("pk")).aggregate(s=Sum("hours"))["s"]
            or 0
        )
        return context


class TrainingDetailView(OrgPermissionMixin, DetailView):
    model = Training
    template_name = "enforcement/training_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attendances"] = self.object.attendances.select_related("officer", "officer__department")
        return context


class TrainingCreateView(OrgFormMixin, OrgPermissionMixin, CreateView):
    model = Training
    form_class = TrainingForm
    permission_action = "add"
    template_name = FORM_TEMPLATE
    success_message = "培训已登记。"

    def form_valid(self, form):
        response = super().form_valid(form)
        services.training_cap_hours(training=self.object, by=self.request.user)
        services.training_set_attendees(
            training=self.object, officers=form.cleaned_data["attendees"], by=self.request.user
        )
        return response


class TrainingUpdateView(TrainingCreateView, UpdateView):
    permission_action = "change"
    success_message = "培训信息已保存。"


class TrainingDeleteView(OrgPermissionMixin, DeleteView):
    model = Training
    permission_action = "delete"
    template_name = DELETE_TEMPLATE
    success_url = reverse_lazy("enforcement:training_list")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "培训及其参训记录已删除。")
        return response


class AttendanceUpdateView(OrgFormMixin, OrgPermissionMixin, UpdateView):
    model = TrainingAttendance
    form_class = AttendanceForm
    permission_action = "change"
    template_name = FORM_TEMPLATE
    success_message = "个人学时已保存。"

    def get_queryset(self):
        return super().get_queryset().select_related("training", "officer")


# --- exams ------------------------------------------------------------------
class ExamListView(OrgPermissionMixin, FilteredListMixin, ListView):
    model = Exam
    paginate_by = 25
    filterset_class = ExamFilterSet
    template_name = "enforcement/exam_list.html"

    def base_queryset(self):
        return selectors.exam_list(self.organization)


class ExamCreateView(OfficerChildMixin, OrgFormMixin, OrgPermissionMixin, CreateView):
    model = Exam
    form_class = ExamForm
    permission_action = "add"
    template_name = FORM_TEMPLATE
    success_message = "考试成绩已录入。"


class ExamUpdateView(OrgFormMixin, OrgPermissionMixin, UpdateView):
    model = Exam
    form_class = ExamForm
    permission_action = "change"
    template_name = FORM_TEMPLATE
    success_message = "考试成绩已保存。"


class ExamDeleteView(OrgPermissionMixin, DeleteView):
    model = Exam
    permission_action = "delete"
    template_name = DELETE_TEMPLATE

    def get_success_url(self):
        return reverse("enforcement:officer_detail", args=[self.object.officer_id])

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "考试记录已删除。")
        return response


# --- 执法类别 ----------------------------------------------------------------
class CategoryListView(OrgPermissionMixin, ListView):
    model = EnforcementCategory
    template_name = "enforcement/category_list.html"

    def get_queryset(self):
        return super().get_queryset().annotate(certificate_count=Count("certificates"))


class CategoryCreateView(OrgFormMixin, OrgPermissionMixin, CreateView):
    model = EnforcementCategory
    form_class = CategoryForm
    permission_action = "add"
    template_name = FORM_TEMPLATE
    success_url = reverse_lazy("enforcement:category_list")


class CategoryUpdateView(CategoryCreateView, UpdateView):
    permission_action = "change"


class CategorySeedView(OrgPermissionMixin, View):
    """POST: add the default 执法类别 the town does not have yet."""

    model = EnforcementCategory
    permission_action = "add"

    def post(self, request):
        created = services.ensure_default_categories(organization=self.organization)
        if created:
            messages.success(request, f"已添加 {len(created)} 个默认执法类别。")
        else:
            messages.info(request, "默认执法类别均已存在。")
        return redirect("enforcement:category_list")
