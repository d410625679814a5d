"""Base form for org-owned records.

- Every foreign key is narrowed to the user's organization, so a posted id of
  another town's department/officer/grid fails as an invalid choice.
- Optimistic concurrency (core.versioning): an edit form carries a token of the record as it was
  loaded; if someone else saved the record in between, the second save is
  refused with a clear message instead of silently overwriting the first.
"""

from django import forms
from django.core.exceptions import ValidationError

from core.mixins import org_filter_field
from core.versioning import CONFLICT_MESSAGE, version_token


class OrgModelForm(forms.ModelForm):
    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        if organization is not None and self._has_organization_field() and self.instance.organization_id is None:
            # Stamped before validation, so clean() and the unique rules that
            # include the organization (本单位已有同名…) see it.
            self.instance.organization = organization
        self.loaded_version = version_token(self.instance) if self.instance.pk else ""
        self.initial["edit_version"] = self.loaded_version
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

    @property
    def posted_version(self) -> str:
        return (self.data.get(self.add_prefix("edit_version")) or "") if self.is_bound else ""

    def clean(self):
        cleaned = super().clean()
        # The token is form plumbing, not record data: keep it out of cleaned_data so
        # services can build a model from cleaned_data directly.
        cleaned.pop("edit_version", None)
        if self.instance.pk and self.posted_version and self.posted_version != self.loaded_version:
            raise ValidationError(CONFLICT_MESSAGE, code="conflict")
        return cleaned

    def _has_organization_field(self) -> bool:
        return "organization" in {f.name for f in self._meta.model._meta.fields}

    def _get_validation_exclusions(self):
        # The organization is set by the view, not typed; still validate the unique
        # rules that include it (本单位已有同名…) so a duplicate is a form error, not a 500.
        exclude = super()._get_validation_exclusions()
        if self.organization is not None and self._has_organization_field():
            exclude.discard("organization")
        return exclude
