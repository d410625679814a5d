"""List filter of the grids page (网格)."""

import django_filters

from accounts.models import Community, Grid
from core.filters import BoundedFilterSet


class GridFilterSet(BoundedFilterSet):
    community = django_filters.ModelChoiceFilter(
        label="村（社区）", queryset=Community.objects.none(), empty_label="全部村（社区）"
    )

    class Meta:
        model = Grid
        fields = ["community"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["community"].queryset = Community.objects.filter(organization=self.organization)
        self.form.fields["community"].widget.attrs.update({"class": "form-select", "aria-label": "村（社区）"})
