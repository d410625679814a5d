import django_filters
from django.db.models import Q

from accounts.models import Community, Grid
from core.filters import SearchFilter, YearFilter
from core.grids import group_grids
from core.params import get_id
from core.registers.filters import RegisterFilterSet
from publicity.models import GridMonthlyEntry, LegalEducationEvent, LegalLiaison
from publicity.selectors import active_on_q, year_end


def _style(filterset, labels: dict) -> None:
    """The labels the filter bar shows above each field (core/registers styles the rest)."""
    for name, label in labels.items():
        filterset.form.fields[name].label = label


class LegalEducationEventFilterSet(RegisterFilterSet):
    year = YearFilter(field_name="date__year", label="年度")
    kind = django_filters.ChoiceFilter(choices=LegalEducationEvent.Kind.choices, empty_label="全部类型")
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.none(), empty_label="全部村（社区）")
    q = SearchFilter(method="filter_q", label="关键词")

    class Meta:
        model = LegalEducationEvent
        fields = ["year", "kind", "community"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.organization
        self.filters["community"].queryset = Community.objects.filter(organization=organization)
        _style(self, {"year": "年度", "kind": "活动类型", "community": "村（社区）", "q": "关键词"})

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value) | Q(organizer__icontains=value))


class LegalLiaisonFilterSet(RegisterFilterSet):
    year = YearFilter(method="filter_year", label="年末在册")
    community = django_filters.ModelChoiceFilter(queryset=Community.objects.none(), empty_label="全部村（社区）")
    status = django_filters.ChoiceFilter(choices=LegalLiaison.Status.choices, empty_label="全部状态")
    q = SearchFilter(method="filter_q", label="姓名")

    class Meta:
        model = LegalLiaison
        fields = ["community", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.organization
        self.filters["community"].queryset = Community.objects.filter(organization=organization)
        _style(self, {"year": "年末在册（年度）", "community": "村（社区）", "status": "状态", "q": "姓名"})

    def filter_year(self, queryset, name, value):
        return queryset.filter(active_on_q(year_end(int(value))))

    def filter_q(self, queryset, name, value):
        return queryset.filter(name__icontains=value)


class GridMonthlyEntryFilterSet(RegisterFilterSet):
    year = YearFilter(label="年份")
    month = django_filters.ChoiceFilter(choices=[(m, f"{m}月") for m in range(1, 13)], empty_label="全部月份")
    community = django_filters.ModelChoiceFilter(
        field_name="grid__community", queryset=Community.objects.none(), empty_label="全部村（社区）"
    )
    grid = django_filters.ModelChoiceFilter(queryset=Grid.objects.none(), empty_label="全部网格")

    class Meta:
        model = GridMonthlyEntry
        fields = ["year", "month", "community", "grid"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = self.organization
        self.filters["community"].queryset = Community.objects.filter(organization=organization)
        grids = Grid.objects.filter(organization=organization).select_related("community")
        community = get_id(self.data, "community") if self.data else None
        if community is not None:
            grids = grids.filter(community_id=community)
        self.filters["grid"].queryset = grids
        _style(self, {"year": "年份", "month": "月份", "community": "村（社区）", "grid": "网格"})
        group_grids(self.form.fields["grid"])
