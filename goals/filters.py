import django_filters
from django.utils import timezone

from core.filters import SearchFilter, YearFilter
from core.registers.filters import RegisterFilterSet
from goals.models import Goal, GoalArea
from goals.selectors import overdue_cutoff, overdue_q


class GoalFilterSet(RegisterFilterSet):
    year = YearFilter(label="年度")
    area = django_filters.ModelChoiceFilter(label="工作领域", queryset=GoalArea.objects.none(), empty_label="全部领域")
    status = django_filters.ChoiceFilter(label="状态", choices=Goal.Status.choices, empty_label="全部状态")
    overdue = django_filters.ChoiceFilter(
        label="逾期", choices=[("1", "仅看逾期未完成")], empty_label="不限", method="filter_overdue"
    )
    q = SearchFilter(label="关键词", method="filter_q")

    class Meta:
        model = Goal
        fields = ["year", "area", "status", "department"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.organization
        self.filters["area"].queryset = GoalArea.objects.filter(organization=organization)
        self.filters["department"].queryset = self.filters["department"].queryset.filter(organization=organization)
        self.filters["department"].label = "责任科室"
        self.filters["department"].extra["empty_label"] = "全部科室"

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        year = self.form.cleaned_data.get("year")
        year = int(year) if year else None
        return queryset.filter(overdue_q(overdue_cutoff(year, timezone.localdate())))

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
