"""The district level through the browser.

1. A 区级查看 user of 大渡口区 signs in and lands on 镇街对比: one row per town and a 合计
   row; sorting by a column reorders the towns; a number opens that town's ledger, read
   only, with the same count; a record of it opens; the town's dashboard opens from the
   town's name; 报告进度 shows every town's report, which opens. No page offers a write (no add, edit,
   delete, import or workflow button, no form that posts but signing out).
2. A town leader signs in: no 区级 link, and /district/ is the portal's 403 page.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from accounts.models import Organization, User
from accounts.roles import DISTRICT_VIEWER, sync_roles
from disputes.models import Dispute
from enforcement.tests.factories import OfficerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Daduko@2023"
WRITE_WORDS = re.compile(r"新增|新建|登记|编辑|修改|删除|导入|送审|审定|发布|退回|保存")


def district_user():
    groups = sync_roles()
    district = Organization.objects.get(name="大渡口区")
    sibling, _ = Organization.objects.get_or_create(
        name="跳磴镇",
        defaults={"full_name": "重庆市大渡口区跳磴镇人民政府", "kind": Organization.Kind.TOWN, "parent": district},
    )
    OfficerFactory(organization=sibling, name="跳磴执法员")
    user = User.objects.create_user(username="district_e2e", password=PASSWORD, organization=district)
    user.groups.set([groups[DISTRICT_VIEWER]])
    return user


def assert_read_only(s):
    main = s.page.locator("main")
    posting = main.locator("form[method=post], form[method=POST]").count()
    assert posting == 0, f"{s.path()}: a form that posts"
    offered = [t for t in main.locator("a.btn, button").all_inner_texts() if WRITE_WORDS.search(t)]
    assert offered == [], f"{s.path()}: write buttons {offered}"


def test_district_user_compares_drills_in_and_writes_nothing(open_session):
    call_command("load_demo", "--quiet-logins", verbosity=0)
    district_user()
    s = open_session()
    s.login("district_e2e", PASSWORD)

    # Lands on the comparison of the 2023 towns.
    s.goto("/district/?year=2023")
    assert s.page.locator("h1").inner_text().startswith("大渡口区2023年各镇街")
    towns = s.page.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.town)")
    assert towns == ["八桥镇", "跳磴镇"]
    assert s.page.locator("tfoot tr[data-town='合计']").count() == 1
    s.shot("district_compare")
    assert_read_only(s)

    # Sort by 持证人数, highest first: 八桥镇 (demo: 11) before 跳磴镇 (1).
    # Each click navigates: wait for the new address before the next click, or the second
    # click lands on the page still shown and follows the same (ascending) link again.
    s.page.locator("thead th[data-column='holders'] a").click()  # ascending
    s.page.wait_for_url(re.compile(r"[?&]sort=holders(&|$)"))
    s.page.locator("thead th[data-column='holders'] a").click()  # descending
    s.page.wait_for_url(re.compile(r"[?&]sort=-holders(&|$)"))
    assert "sort=-holders" in s.path()
    towns = s.page.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.town)")
    assert towns == ["八桥镇", "跳磴镇"]

    # 调解件数 of 八桥镇 opens its dispute ledger with the same count.
    cell = s.page.locator("tbody tr[data-town='八桥镇'] td[data-column='mediation'] a")
    shown = int(cell.inner_text())
    assert shown == Dispute.objects.filter(organization__name="八桥镇", received_on__year=2023).count()
    cell.click()
    s.page.wait_for_url(re.compile(r"/disputes/\?.*org="))
    assert s.path().startswith("/disputes/") and "org=" in s.path()
    assert s.page.locator(".district-bar-town").inner_text() == "八桥镇"
    assert f"共 {shown} 条" in s.page.inner_text("main") or str(shown) in s.page.inner_text("main")
    s.shot("district_town_disputes")
    assert_read_only(s)

    # A record of that town opens, read only.
    s.page.locator("main table tbody a").first.click()
    s.page.wait_for_url(re.compile(r"/disputes/\d+/$"))
    assert re.match(r"^/disputes/\d+/$", s.path()), s.path()
    assert_read_only(s)

    # The picker switches to the sibling town.
    s.goto("/enforcement/")
    # The choice alone changes nothing (WCAG 3.2.2); 切换 sends it.
    s.page.select_option("#district-bar-org", label="跳磴镇")
    assert s.page.locator(".district-bar-town").inner_text() != "跳磴镇"
    with s.page.expect_navigation():
        s.page.locator(".district-bar").get_by_role("button", name="切换").click()
    assert s.page.locator(".district-bar-town").inner_text() == "跳磴镇"
    assert "跳磴执法员" in s.page.inner_text("main")
    assert_read_only(s)

    # The town's dashboard from the comparison.
    s.goto("/district/?year=2023")
    s.page.locator("tbody tr[data-town='八桥镇'] th a").click()
    s.page.wait_for_url(re.compile(r"/dashboard/"))
    assert s.path().startswith("/dashboard/")
    assert "八桥镇" in s.page.locator(".district-bar-town").inner_text()

    # 报告进度: every town, the demo's 2023 report of 八桥镇 among them.
    s.goto("/district/reports/?year=2023")
    towns = s.page.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.town)")
    assert towns == ["八桥镇", "跳磴镇"]
    assert "未建立" in s.page.locator("tbody tr[data-town='跳磴镇']").inner_text()
    s.shot("district_reports")
    assert_read_only(s)

    # The town's report opens from the tracker, without any workflow button.
    s.page.locator("tbody tr[data-town='八桥镇'] th a").click()
    s.page.wait_for_url(re.compile(r"/reports/\d+/"))
    assert re.match(r"^/reports/\d+/", s.path()), s.path()
    assert "2023" in s.page.locator("h1").inner_text()
    assert_read_only(s)

    # The district's own report: its figures are its towns' taken together, read only here.
    from core import figure_cache
    from reports.models import AnnualReport

    district = Organization.objects.get(name="大渡口区")
    own = AnnualReport.objects.get(organization=district, year=2023)
    holders = figure_cache.year_figures(district, 2023)["持证人数"].value.value
    assert holders == sum(
        figure_cache.year_figures(town, 2023)["持证人数"].value.value
        for town in Organization.objects.filter(parent=district)
    )
    s.goto(f"/reports/{own.pk}/preview/")
    assert f"全区各镇街共有{holders}人持有有效行政执法证" in s.page.inner_text("main")
    s.shot("district_own_report")
    assert_read_only(s)


def test_town_user_sees_no_district_page(open_session):
    call_command("load_demo", "--quiet-logins", verbosity=0)
    s = open_session()
    s.login("leader")
    assert s.page.locator("a[href='/district/']").count() == 0
    response = s.goto("/district/")
    assert response.status == 403
    assert "无权访问" in s.page.inner_text("body")
