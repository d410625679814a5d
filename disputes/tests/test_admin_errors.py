"""The admin's dispute page: a model rule broken on a field the page shows read-only is an error
on the page, not a 500 (core.admin_site.ModelErrorsOnThePage)."""

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory

from disputes.models import Dispute

pytestmark = pytest.mark.django_db


def test_moving_the_received_date_past_the_concluded_one_is_refused_on_the_page(succeeded, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.cn", "x")
    request = RequestFactory().get("/")
    request.user = superuser
    form_class = admin.site._registry[Dispute].get_form(request, succeeded, change=True)
    assert "concluded_on" not in form_class.base_fields  # read-only in the admin
    data = {k: v for k, v in model_to_dict(succeeded, fields=form_class.base_fields).items() if v is not None}
    data["mediators"] = [m.pk for m in data.get("mediators", [])]
    data["received_on"] = "2023-03-15"  # mediation started 2023-03-0x, concluded 2023-03-10
    form = form_class(data=data, instance=succeeded)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "办结日期：办结日期不能早于受理日期。",
        "开始调解日期：开始调解日期不能早于受理日期。",
    ]
