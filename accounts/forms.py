from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit

from accounts.models import Community, Department, Grid
from core.forms import OrgModelForm


class _SaveHelperMixin:
    def _helper(self):
        helper = FormHelper()
        helper.add_input(Submit("submit", "保存"))
        return helper


class DepartmentForm(_SaveHelperMixin, OrgModelForm):
    class Meta:
        model = Department
        fields = ["name", "kind", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()
        self.instance.organization = self.organization or getattr(self.instance, "organization", None)


class CommunityForm(_SaveHelperMixin, OrgModelForm):
    class Meta:
        model = Community
        fields = ["name", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()
        self.instance.organization = self.organization or getattr(self.instance, "organization", None)


class GridForm(_SaveHelperMixin, OrgModelForm):
    class Meta:
        model = Grid
        fields = ["community", "name", "keeper", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()
        self.instance.organization = self.organization or getattr(self.instance, "organization", None)
