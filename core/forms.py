"""Base form for org-owned records: every foreign key is narrowed to the user's org."""

from django import forms

from core.mixins import org_filter_field


class OrgModelForm(forms.ModelForm):
    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        if organization is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            lookup = org_filter_field(queryset.model)
            if lookup is not None:
                # A posted id outside this queryset fails as 「选择一个有效的选项」: an id
                # of another town's department/officer/grid can never be saved.
                field.queryset = queryset.filter(**{lookup: organization})
