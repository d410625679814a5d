"""指标定义 list filters."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from core.filters import SearchFilter
from core.registers.filters import RegisterFilterSet
from indicators.models import IndicatorDefinition


class IndicatorDefinitionFilterSet(RegisterFilterSet):
    q = SearchFilter(label="关键词", method="filter_q")
    is_active = django_filters.BooleanFilter(label="在用")

    class Meta:
        model = IndicatorDefinition
        fields = ["department", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departments = self.filters["department"]
        departments.queryset = departments.queryset.filter(organization=self.organization)
        departments.label = "责任科室"
        departments.extra["empty_label"] = "全部科室"

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(key__icontains=value) | Q(label__icontains=value))
