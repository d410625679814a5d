from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit

from accounts.models import Community, Department, Grid
from core.forms import OrgModelForm


class _OrgForm(OrgModelForm):
    """OrgModelForm (organization stamped and validated) with a save button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "保存"))


class DepartmentForm(_OrgForm):
    class Meta:
        model = Department
        fields = ["name", "kind", "is_active"]


class CommunityForm(_OrgForm):
    class Meta:
        model = Community
        fields = ["name", "kind"]


class GridForm(_OrgForm):
    class Meta:
        model = Grid
        fields = ["community", "name", "keeper", "is_active"]
