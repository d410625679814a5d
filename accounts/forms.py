from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import PasswordChangeForm

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


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's form, plus: the new password must differ from the old one (else a demo
    account could "change" its published password to itself), and the flag that forced
    the change is cleared."""

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and self.user.check_password(password):
            raise forms.ValidationError("新密码不能与原密码相同。", code="password_unchanged")
        return password

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit=commit)
