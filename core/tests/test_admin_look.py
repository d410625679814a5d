"""The admin speaks the portal's language (roles, help texts) and wears its colours."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_user_form_names_roles_and_explains_them(town_admin, clerk_user):
    html = town_admin.get(reverse("admin:accounts_user_change", args=[clerk_user.pk])).content.decode()
    assert "角色" in html
    assert "领导：查看全镇数据与看板" in html
    assert "admin_portal/admin.css" in html  # the portal's colours
    assert "返回工作平台" in html
    assert "Django" not in html.split("<body", 1)[1]  # no "Django administration" left
