"""Pages of the 行政执法人员 register, declared on the register layer (core.registers).

Every view goes through core.mixins.OrgPermissionMixin: login → another town's
record is a 404 → a role without the permission gets 403 → querysets scoped to
the user's town. Writes beyond one form save call services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import FormView, View

from core.mixins import OrgPermissionMixin
from core.models import AuditLog
from core.params import get_year
from core.registers.export import ExportColumn as Col
from core.registers.views import (
    ChildCreateView,
    PersonalCreateView,
    PersonalDetailView,
    PersonalUpdateView,
    RegisterCreateView,
    RegisterDeleteView,
    RegisterDetailView,
    RegisterExportMixin,
    RegisterImportTemplateView,
    RegisterImportView,
    RegisterListView,
    RegisterUpdateView,
    apply_errors,
)
from core.year import current_year
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


def _cert(attribute: str):
    """An export column's value from the officer's current certificate."""

    def value(officer):
        cert = officer.current_certificate
        if cert is None:
            return None
        value = getattr(cert, attribute)
        return value() if callable(value) else value

    return value


# --- officers ---------------------------------------------------------------
class OfficerListView(RegisterListView):
    model = Officer
    ledger = "enforcement:officer_list"
    filterset_class = OfficerFilterSet
    template_name = "enforcement/officer_list.html"
    add_url, import_url, export_url = (
        "enforcement:officer_add",
        "enforcement:officer_import",
        "enforcement:officer_export",
    )
    sort_fields = {
        "name": ("name", "pk"),
        "department": ("department__name", "name", "pk"),
        "hours": ("year_hours", "name", "pk"),
        "status": ("employment_status", "name", "pk"),
    }

    @property
    def hours_year(self) -> int:
        return get_year(self.request.GET, "hours_year", default=current_year(self.request))

    def base_queryset(self):
        return selectors.officer_list(self.organization, year=self.hours_year)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            hours_year=self.hours_year,
            hours_target=selectors.hours_target(),
            window_days=selectors.window_days(),
        )
        return context


class OfficerExportView(RegisterExportMixin, OfficerListView):
    """行政执法人员台账: one row per officer with the current certificate."""

    export_title = "行政执法人员台账"

    def get_export_columns(self):
        today = timezone.localdate()
        return [
            Col("姓名", "name"),
            Col("性别", "get_gender_display", width=6),
            Col("身份证号", "id_number", personal="id", width=22),
            Col("联系电话", "phone", personal="phone", width=16),
            Col("所属科室", "department.name", width=16),
            Col("职务", "position"),
            Col("法律职业资格", "has_legal_qualification"),
            Col("人员状态", "get_employment_status_display"),
            Col("证件类型", _cert("get_kind_display")),
            Col("证件编号", _cert("number"), width=20),
            Col("发证日期", _cert("issued_on"), width=12),
            Col("有效期至", _cert("expires_on"), width=12),
            Col(
                "证件状态",
                lambda o: (
                    DisplayStatus(o.current_certificate.display_status(today)).label
                    if o.current_certificate
                    else "无证"
                ),
            ),
            Col(
                "执法类别",
                lambda o: (
                    "、".join(c.name for c in o.current_certificate.categories.all()) if o.current_certificate else ""
                ),
                width=30,
            ),
            Col(f"{self.hours_year}年学时", "year_hours"),
        ]


class OfficerDetailView(PersonalDetailView):
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


class OfficerCreateView(PersonalCreateView):
    model = Officer
    form_class = OfficerForm
    success_message = "执法人员已登记。"


class OfficerUpdateView(PersonalUpdateView):
    model = Officer
    form_class = OfficerForm
    success_message = "执法人员信息已保存。"


class OfficerDeleteView(RegisterDeleteView):
    model = Officer
    success_url = reverse_lazy("enforcement:officer_list")
    protected_message = "该人员已有证件、参训或考试记录，不能删除；人员离岗请将状态改为调离或退休。"


class OfficerImportView(RegisterImportView):
    """Upload the ledger (台账); all rows or none."""

    model = Officer
    importer_class = OfficerImporter
    success_url = "enforcement:officer_list"
    template_url = "enforcement:officer_import_template"
    success_message = "已导入 {count} 名执法人员。"
    intro = "每行一名执法人员及其现持证件。所有行校验通过才会导入，任一行有误则全部不导入。"


class OfficerImportTemplateView(RegisterImportTemplateView):
    model = Officer
    importer_class = OfficerImporter
    filename = "行政执法人员台账导入模板.xlsx"


# --- certificates -----------------------------------------------------------
class OfficerChildCreateView(ChildCreateView):
    """Added from an officer's page (/officers/<officer_pk>/…): another town's officer is a 404."""

    parent_model = Officer
    parent_kwarg = "officer_pk"
    parent_context_name = "officer"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "officer": self.parent}


class CertificateListView(RegisterListView):
    model = Certificate
    ledger = "enforcement:certificate_list"
    filterset_class = CertificateFilterSet
    template_name = "enforcement/certificate_list.html"
    sort_fields = {
        "number": ("number", "pk"),
        "officer": ("officer__name", "pk"),
        "issued": ("issued_on", "pk"),
        "expires": ("expires_on", "pk"),
    }

    def base_queryset(self):
        return selectors.certificate_list(self.organization)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["badges"] = DISPLAY_BADGES
        return context


class CertificateCreateView(OfficerChildCreateView):
    model = Certificate
    form_class = CertificateForm
    success_message = "证件已登记。"


class CertificateUpdateView(RegisterUpdateView):
    model = Certificate
    form_class = CertificateForm
    success_message = "证件信息已保存。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.object.officer, **kwargs)


class CertificateDeleteView(RegisterDeleteView):
    """Only for a record entered by mistake; a card in a renewal chain stays."""

    model = Certificate
    success_message = "证件记录已删除。"

    def protection(self) -> str:
        if self.object.replaces_id or hasattr(self.object, "replaced_by"):
            return "换发链中的证件不能删除，以保留证件历史。"
        return ""

    def get_success_url(self):
        return reverse("enforcement:officer_detail", args=[self.object.officer_id])


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
class TrainingListView(RegisterListView):
    model = Training
    ledger = "enforcement:training_list"
    filterset_class = TrainingFilterSet
    template_name = "enforcement/training_list.html"
    add_url = "enforcement:training_add"
    sort_fields = {"date": ("start_on", "pk"), "title": ("title", "pk"), "hours": ("hours", "pk")}

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


class TrainingDetailView(RegisterDetailView):
    model = Training
    template_name = "enforcement/training_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attendances"] = self.object.attendances.select_related("officer", "officer__department")
        return context


class TrainingCreateView(RegisterCreateView):
    model = Training
    form_class = TrainingForm
    success_message = "培训已登记。"

    def form_valid(self, form):
        response = super().form_valid(form)
        services.training_cap_hours(training=self.object, by=self.request.user)
        services.training_set_attendees(
            training=self.object, officers=form.cleaned_data["attendees"], by=self.request.user
        )
        return response


class TrainingUpdateView(TrainingCreateView, RegisterUpdateView):
    permission_action = "change"
    success_message = "培训信息已保存。"


class TrainingDeleteView(RegisterDeleteView):
    model = Training
    success_url = reverse_lazy("enforcement:training_list")
    success_message = "培训及其参训记录已删除。"


class AttendanceUpdateView(RegisterUpdateView):
    model = TrainingAttendance
    form_class = AttendanceForm
    success_message = "个人学时已保存。"

    def get_queryset(self):
        return super().get_queryset().select_related("training", "officer")


# --- exams ------------------------------------------------------------------
class ExamListView(RegisterListView):
    model = Exam
    ledger = "enforcement:exam_list"
    filterset_class = ExamFilterSet
    template_name = "enforcement/exam_list.html"
    sort_fields = {"date": ("exam_on", "pk"), "officer": ("officer__name", "pk"), "score": ("score", "pk")}

    def base_queryset(self):
        return selectors.exam_list(self.organization)


class ExamCreateView(OfficerChildCreateView):
    model = Exam
    form_class = ExamForm
    success_message = "考试成绩已录入。"


class ExamUpdateView(RegisterUpdateView):
    model = Exam
    form_class = ExamForm
    success_message = "考试成绩已保存。"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.object.officer, **kwargs)


class ExamDeleteView(RegisterDeleteView):
    model = Exam
    success_message = "考试记录已删除。"

    def get_success_url(self):
        return reverse("enforcement:officer_detail", args=[self.object.officer_id])


# --- 执法类别 ----------------------------------------------------------------
class CategoryListView(RegisterListView):
    model = EnforcementCategory
    template_name = "enforcement/category_list.html"
    paginate_by = 100
    add_url = "enforcement:category_add"
    sort_fields = {"name": ("name",), "certificates": ("certificate_count", "name")}

    def base_queryset(self):
        return super().base_queryset().annotate(certificate_count=Count("certificates")).order_by("name")


class CategoryCreateView(RegisterCreateView):
    model = EnforcementCategory
    form_class = CategoryForm
    success_url = reverse_lazy("enforcement:category_list")


class CategoryUpdateView(CategoryCreateView, RegisterUpdateView):
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
