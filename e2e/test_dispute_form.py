"""The dispute intake form in a browser (issue 19): grids narrowed to the chosen community,
parties added and removed by dispute_form.js, a bad phone refused in Chinese with
nothing typed lost, then the dispute saved with exactly the parties left on screen."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from disputes.models import Dispute
from e2e.test_journey import assert_no_form_errors, click_save, select_label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SUMMARY = "浏览器测试：楼上漏水，协商未果"


def test_intake_with_added_and_removed_parties(open_session):
    call_command("load_demo", "--quiet-logins", verbosity=0)
    s = open_session()
    s.login("clerk")
    s.goto("/disputes/add/")
    page = s.page
    page.fill("#id_received_on", "2023-12-04")
    select_label(s, "source", "来访")
    select_label(s, "community", "八桥社区")
    offered = page.locator("#id_grid optgroup:not([hidden])")
    assert offered.evaluate_all("groups => groups.map(g => g.label)") == ["八桥社区"]
    names = offered.locator("option").all_inner_texts()
    numbers = [int(re.search(r"\d+", n).group()) for n in names]
    assert numbers == sorted(numbers)  # 第2网格 before 第10网格
    third = offered.locator("option", has_text=re.compile(r"^第3网格$"))
    page.select_option("#id_grid", value=third.get_attribute("value"))
    select_label(s, "category", "邻里纠纷")
    page.fill("#id_summary", SUMMARY)

    # One row is drawn; 添加当事人 adds two, 移除 takes the second of them away again.
    assert page.locator("tr.party-row").count() == 1
    page.get_by_role("button", name="添加当事人").click()
    page.get_by_role("button", name="添加当事人").click()
    page.get_by_label("第1位当事人 姓名/名称").fill("孙永红")
    page.get_by_label("第1位当事人 联系电话").fill("6881234")  # no area code: refused
    # The ID box shows all 18 characters of a 身份证号, at desktop and at phone width.
    id_box = page.locator("#id_parties-0-id_number")
    id_box.fill("500104199001019011")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 844})
        assert id_box.evaluate("e => e.scrollWidth <= e.clientWidth"), f"身份证号 cut off at {width} px"
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_label("第2位当事人 姓名/名称").fill("罗建军")
    select_label(s, "parties-1-role", "被申请人")
    page.get_by_label("第3位当事人 姓名/名称").fill("不该保存的人")
    page.get_by_role("button", name=re.compile(r"^移除\s*第3位当事人$")).click()
    assert page.locator("#id_parties-2-name").is_hidden()
    # A screen reader hears what happened (a polite status region), not silence.
    assert page.locator("#party-status[role=status]").inner_text() == "已移除一名当事人，还有2名。"
    click_save(s, "受理登记")

    assert "请填写 11 位手机号码" in page.locator("main").inner_text()
    assert not Dispute.objects.filter(summary=SUMMARY).exists()
    assert page.input_value("#id_parties-1-name") == "罗建军"  # nothing typed is lost
    page.fill("#id_parties-0-phone", "023-68812345")
    click_save(s, "受理登记")
    assert_no_form_errors(s)
    dispute = Dispute.objects.get(summary=SUMMARY)
    assert sorted(p.name for p in dispute.parties.all()) == ["孙永红", "罗建军"]
    assert dispute.parties.get(name="孙永红").id_number == "500104199001019011"
    assert dispute.grid.name == "第3网格" and dispute.grid.community.name == "八桥社区"
