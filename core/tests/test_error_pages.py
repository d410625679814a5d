"""403, 404, CSRF failure and 500 sit inside the portal layout with a way back."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from core import errors


def assert_in_layout(response, heading: str, *, with_nav: bool = True):
    html = response.content.decode()
    assert heading in html
    assert 'class="portal-header' in html and 'href="#main"' in html  # header and skip link
    assert "返回首页" in html and "data-back" in html  # a way back
    assert ('id="portal-nav"' in html) is with_nav


@pytest.mark.django_db
def test_403_in_layout_with_navigation(clerk):
    response = clerk.get(reverse("core:auditlog_list"))
    assert response.status_code == 403
    assert_in_layout(response, "您没有执行此操作的权限")


@pytest.mark.django_db
def test_403_shows_the_views_own_chinese_reason(rf, clerk_user):
    from django.core.exceptions import PermissionDenied

    request = rf.get("/")
    request.user = clerk_user
    response = errors.permission_denied(request, PermissionDenied("报告当前为“已发布”状态，不能修改。"))
    assert "报告当前为“已发布”状态，不能修改。" in response.content.decode()
    # Django's own English texts are not shown.
    response = errors.permission_denied(request, PermissionDenied("CSRF cookie not set."))
    assert "CSRF" not in response.content.decode()


@pytest.mark.django_db
def test_admin_403_is_the_portal_page(clerk):
    response = clerk.get("/admin/", follow=True)
    assert response.status_code == 403
    assert_in_layout(response, "您没有执行此操作的权限")
    assert "您没有系统管理权限。" in response.content.decode()


@pytest.mark.django_db
def test_404_in_layout(clerk, client):
    response = clerk.get("/no-such-page/")
    assert response.status_code == 404
    assert_in_layout(response, "您访问的页面或记录不存在")


@pytest.mark.django_db
def test_csrf_failure_in_layout(clerk_user):
    assert settings.CSRF_FAILURE_VIEW == "core.errors.csrf_failure"
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk_user)
    response = client.post(reverse("password_change"), {"old_password": "x"})
    assert response.status_code == 403
    assert_in_layout(response, "表单已过期，未能提交")


def test_500_renders_without_database_or_request_user():
    """No django_db mark: any query would raise. The request has no user and no session."""
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert_in_layout(response, "系统处理请求时出错", with_nav=False)
    assert "法治政府建设工作平台" in response.content.decode()


def test_the_handlers_are_the_portals():
    from baqiao import urls

    assert urls.handler403 == "core.errors.permission_denied"
    assert urls.handler404 == "core.errors.page_not_found"
    assert urls.handler500 == "core.errors.server_error"
