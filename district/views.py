"""区级 pages: the district compares its towns and follows their reports.

Read-only (GET; a POST is 405). Only a user of a district organization holding
district.view_district (the role 区级查看) gets in: a town user — even one given the
permission by mistake — is refused with the portal's 403 page.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from core.mixins import DISTRICT_KIND
from core.params import get_choice
from core.year import picked_year, year_choices
from district import exports, selectors

PERMISSION = "district.view_district"


def default_year(today) -> int:
    # The year whose report the towns are compiling (due 3月31日 of the next year).
    return today.year - 1


class DistrictMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            organization = getattr(request.user, "organization", None)
            if organization is None or organization.kind != DISTRICT_KIND:
                raise PermissionDenied("区级页面仅供区级用户查看。")
        return super().dispatch(request, *args, **kwargs)

    @property
    def district(self):
        # The user's own district, whatever town they picked for the ledgers (?org=).
        return self.request.user.organization

    def get_year(self) -> int:
        today = timezone.localdate()
        # The year picked on any page (core.year), else the year the towns are compiling.
        return min(picked_year(self.request) or default_year(today), today.year)

    def year_context(self, year: int) -> dict:
        return {"year": year, "years": year_choices(self.request, year)}


class CompareView(DistrictMixin, TemplateView):
    """镇街对比 — one row per town: the figures each app publishes, last year beside them."""

    template_name = "district/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        sort = get_choice(self.request.GET, "sort", [*selectors.SORT_KEYS, *(f"-{k}" for k in selectors.SORT_KEYS)])
        context.update(self.year_context(year))
        context.update(
            district=self.district,
            comparison=selectors.comparison(self.district, year, sort),
            columns=selectors.COLUMNS,
            sort=sort,
        )
        return context


class CompareExportView(DistrictMixin, View):
    """The comparison as an Excel 台账 (title row, frozen bold header, numbers as numbers)."""

    def get(self, request, *args, **kwargs):
        year = self.get_year()
        comparison = selectors.comparison(self.district, year)
        return exports.comparison_response(comparison, user=request.user)


class ReportTrackerView(DistrictMixin, TemplateView):
    """报告进度 — every town's report of the year against the 报送 and 公开 deadlines."""

    template_name = "district/reports.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.get_year()
        today = timezone.localdate()
        rows = selectors.report_tracker(self.district, year, today)
        context.update(self.year_context(year))
        context.update(
            district=self.district,
            rows=rows,
            submission_deadline=rows[0].submission_deadline if rows else None,
            publication_deadline=rows[0].publication_deadline if rows else None,
        )
        return context
