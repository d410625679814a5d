"""A year's work through the browser, as the town's people do it.

1. The 司法所 clerk registers a new 行政执法人员 with her certificate, records a
   training, registers a dispute at intake and mediates it to success with a written
   agreement, registers a 行政复议 case and its reply — through the forms, making
   two mistakes on the way and correcting them after reading the Chinese error.
   Then she sends the 2023 report for approval (送审): refused for want of the
   存在的不足和原因 the law requires, she writes that section and sends it again.
2. The leader sees the 2023 dashboard tiles count those records, follows a tile to
   its list (same count), opens the 2023 report, approves it (审定) and downloads the
   PDF, whose text carries the new figures.
3. A clerk of another town reaches none of those records by URL (404).
4. No request of any of these browsers leaves 127.0.0.1 (e2e/conftest.py).

Every record falls in 2023, the demo's report year; the demo gives 持证人数 11,
行政复议案件数 3 and 调解纠纷数 788 for 2023, so the new records make them 12, 4, 789.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from stdnum.cn import ric

from accounts.models import Department, Organization, User
from accounts.roles import CLERK, sync_roles
from disputes.models import Dispute
from enforcement.models import Certificate, Officer, Training
from litigation.models import CaseDocument, ReconsiderationCase

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2023
OFFICER_NAME = "林晓雯"
CASE_NUMBER = "渡府复〔2023〕52号"
TRAINING_TITLE = "2023年新任行政执法人员岗前培训"
DISPUTE_SUMMARY = "楼上卫生间管道渗漏致楼下墙面受损，双方就修缮费用发生争执。"


def id_number(body: str) -> str:
    """A fake 身份证号 with a valid check digit (GB 11643) from its first 17 digits."""
    return body + ric.calc_check_digit(body + "0")


def wrong_check_digit(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


def click_save(s, name="保存"):
    """Press the form's submit button by its words (an icon before them is part of the
    accessible name, so match the words at the end)."""
    s.page.locator("main").get_by_role("button", name=re.compile(rf"^\W*{name}$")).click()
    s.page.wait_for_load_state()


def field_error(s, field: str) -> str:
    """The Chinese error shown under one field (crispy: .invalid-feedback after the input)."""
    return s.page.locator(f"#id_{field} ~ .invalid-feedback, #error_1_id_{field}").first.inner_text()


def assert_no_form_errors(s):
    errors = s.page.locator(".invalid-feedback, .alert-block.alert-danger, .errorlist").all_inner_texts()
    assert errors == [], f"{s.path()}: {errors}"


def success_message(s) -> str:
    """The green message after a save; when there is none, fail with what the page says."""
    alert = s.page.locator(".alert-success").first
    try:
        alert.wait_for(timeout=3000)
    except Exception:  # noqa: BLE001 — Playwright's TimeoutError; report the page instead
        shown = s.page.locator(".alert, .invalid-feedback, .errorlist").all_inner_texts()
        pytest.fail(f"no success message on {s.path()}: " + " | ".join(shown))
    return alert.inner_text()


def select_label(s, field: str, label: str):
    s.page.select_option(f"#id_{field}", label=label)


# ---------------------------------------------------------------- 1. the clerk


def register_officer(s) -> str:
    """新增执法人员: a wrong check digit first, corrected after reading the error."""
    s.goto("/enforcement/")
    s.page.get_by_role("link", name="新增行政执法人员").click()
    assert s.path() == "/enforcement/officers/add/"
    number = id_number("50010419920815208")  # woman: the 17th digit is even
    s.page.fill("#id_name", OFFICER_NAME)
    select_label(s, "gender", "女")
    s.page.fill("#id_id_number", wrong_check_digit(number))
    s.page.fill("#id_phone", "13983000001")
    select_label(s, "department", "司法所")
    s.page.fill("#id_position", "科员")
    s.page.fill("#id_joined_on", f"{YEAR}-05-08")
    s.page.check("#id_has_legal_qualification")
    click_save(s)
    s.shot("journey_officer_form_error")

    # The page says what is wrong, in Chinese, next to the field; nothing is saved.
    assert s.path() == "/enforcement/officers/add/"
    assert "身份证号校验位不正确" in field_error(s, "id_number")
    assert not Officer.objects.filter(name=OFFICER_NAME).exists()
    # The other fields kept what was typed; only the number needs retyping.
    assert s.page.input_value("#id_name") == OFFICER_NAME
    s.page.fill("#id_id_number", number)
    click_save(s)

    assert_no_form_errors(s)
    officer = Officer.objects.get(name=OFFICER_NAME)
    assert officer.id_number == number
    assert officer.department.name == "司法所"
    assert s.path() == officer.get_absolute_url()
    assert OFFICER_NAME in success_message(s) or "已" in success_message(s)
    # The detail page masks the number (the clerk has not asked to reveal it).
    body = s.page.inner_text("main")
    assert number not in body
    assert number[:6] + "********" + number[-4:] in body
    return officer.get_absolute_url()


def register_certificate(s, officer_url: str) -> None:
    """登记新证 from the officer's page: expiry before issue first, then corrected."""
    s.goto(officer_url)
    s.page.get_by_role("link", name="登记新证").click()
    s.page.fill("#id_number", "50010420230901")
    select_label(s, "kind", "行政执法证")
    s.page.fill("#id_region", "大渡口区八桥镇")
    s.page.fill("#id_issued_on", f"{YEAR}-09-01")
    s.page.fill("#id_expires_on", f"{YEAR}-08-31")  # typed the issue year by mistake
    s.page.get_by_label("市场监管").check()
    s.page.get_by_label("城市管理").check()
    s.shot("journey_certificate_form")
    click_save(s)
    s.shot("journey_certificate_form_error")
    assert "有效期至必须晚于发证日期" in s.page.inner_text("main")
    assert not Certificate.objects.filter(number="50010420230901").exists()

    s.page.fill("#id_expires_on", f"{YEAR + 5}-08-31")
    click_save(s)
    certificate = Certificate.objects.get(number="50010420230901")
    assert certificate.officer.name == OFFICER_NAME
    assert sorted(c.name for c in certificate.categories.all()) == ["城市管理", "市场监管"]
    assert s.path() == officer_url
    assert "50010420230901" in s.page.inner_text("main")


def record_training(s) -> str:
    s.goto("/enforcement/trainings/")
    s.page.locator("main").get_by_role("link", name=re.compile("登记培训|新增培训")).first.click()
    assert s.path() == "/enforcement/trainings/add/"
    s.page.fill("#id_title", TRAINING_TITLE)
    s.page.fill("#id_start_on", f"{YEAR}-11-20")
    s.page.fill("#id_end_on", f"{YEAR}-11-21")
    s.page.fill("#id_hours", "16")
    s.page.fill("#id_organizer", "大渡口区司法局")
    s.page.fill("#id_location", "八桥镇人民政府三楼会议室")
    s.page.fill("#id_content", "行政处罚法、行政执法三项制度、执法文书制作。")
    s.page.get_by_label(f"{OFFICER_NAME}（司法所）").check()
    s.page.get_by_label("刘晓燕（司法所）").check()
    s.shot("journey_training_form")
    click_save(s)
    training = Training.objects.get(title=TRAINING_TITLE)
    assert sorted(a.officer.name for a in training.attendances.all()) == sorted([OFFICER_NAME, "刘晓燕"])
    assert all(a.hours == 16 for a in training.attendances.all())
    assert TRAINING_TITLE in s.page.inner_text("main")
    return training.get_absolute_url()


def mediate_dispute(s) -> str:
    """受理登记 → 开始调解 → 调结（调解成功） → 书面调解协议."""
    s.goto("/disputes/")
    s.page.locator("main").get_by_role("link", name="新增矛盾纠纷").click()
    assert s.path() == "/disputes/add/"
    s.page.fill("#id_received_on", f"{YEAR}-12-04")
    select_label(s, "source", "来访")
    select_label(s, "community", "八桥社区")
    # The grids come grouped by community, and only the chosen community's are offered.
    offered = s.page.locator("#id_grid optgroup:not([hidden])")
    assert offered.evaluate_all("groups => groups.map(g => g.label)") == ["八桥社区"]
    third = offered.locator("option", has_text=re.compile(r"^第3网格$"))
    s.page.select_option("#id_grid", value=third.get_attribute("value"))
    select_label(s, "category", "邻里纠纷")
    s.page.fill("#id_summary", DISPUTE_SUMMARY)
    select_label(s, "parties-0-role", "申请人")
    s.page.fill("#id_parties-0-name", "孙永红")
    s.page.fill("#id_parties-0-phone", "13983000003")
    s.page.fill("#id_parties-0-address", "八桥镇八桥社区7栋2单元")
    # One blank row without JavaScript; 添加当事人 adds more, 移除 takes an unsaved one away.
    s.page.get_by_role("button", name="添加当事人").click()
    s.page.get_by_role("button", name="添加当事人").click()
    s.page.fill("#id_parties-2-name", "不该保存的人")
    s.page.get_by_role("button", name=re.compile(r"^移除\s*第3位当事人$")).click()
    assert s.page.locator("#id_parties-2-name").is_hidden()
    select_label(s, "parties-1-role", "被申请人")
    s.page.fill("#id_parties-1-name", "罗建军")
    s.page.fill("#id_parties-1-phone", "13983000004")
    select_label(s, "grade", "简单")
    select_label(s, "risk", "绿")
    select_label(s, "mediation_type", "人民调解")
    s.page.get_by_label("陈和平").check()
    s.page.fill("#id_amount", "0")
    s.shot("journey_dispute_form")
    click_save(s, "受理登记")
    assert_no_form_errors(s)
    dispute = Dispute.objects.get(summary=DISPUTE_SUMMARY)
    assert s.path() == dispute.get_absolute_url()
    assert f"已受理登记，编号 {dispute.serial}" in success_message(s)
    assert sorted(p.name for p in dispute.parties.all()) == sorted(["孙永红", "罗建军"])

    s.page.locator("main").get_by_role("link", name="开始调解").click()
    s.page.fill("#id_started_on", f"{YEAR}-12-05")
    s.page.fill("#id_note", "调解员陈和平在八桥社区调解室组织双方调解")
    click_save(s, "开始调解")
    assert "已开始调解" in success_message(s)

    s.page.locator("main").get_by_role("link", name="调结").click()
    s.page.get_by_label("调解成功").check()
    s.page.fill("#id_concluded_on", f"{YEAR}-12-08")
    s.page.fill("#id_outcome", "双方同意共同出资修复漏水管道，罗建军赔偿孙永红墙面修缮费800元。")
    s.shot("journey_dispute_conclude")
    click_save(s, "确认调结")
    assert "已调结" in success_message(s)

    s.page.locator("main").get_by_role("link", name="登记调解协议").click()
    s.page.get_by_label("书面协议").check()
    assert s.page.input_value("#id_signed_on") == f"{YEAR}-12-08", "the agreement starts on the day of the conclusion"
    s.page.fill("#id_facts", "罗建军家卫生间管道渗漏，致楼下孙永红家墙面受损。")
    s.page.fill("#id_terms", "一、双方共同出资修复管道；二、罗建军于2023年12月15日前赔偿孙永红墙面修缮费800元。")
    s.page.fill("#id_performance_method", "一次性现金支付")
    s.page.fill("#id_performance_due", f"{YEAR}-12-15")
    # 人民调解法第二十九条: the items beyond the agreed terms "可以载明" (optional); the form says so.
    assert "可以载明" in s.page.inner_text("main")
    s.page.fill("#id_responsibilities", "罗建军对管道渗漏负主要责任，孙永红对墙面修缮方案予以配合。")
    s.shot("journey_agreement_form")
    click_save(s, "保存协议")
    assert "调解协议已保存" in success_message(s)
    dispute.refresh_from_db()
    assert dispute.status == "succeeded"
    assert dispute.agreement.form == "written"
    assert str(dispute.concluded_on) == f"{YEAR}-12-08"
    # Masked on the page (the clerk has not asked to reveal): the phone never shows in full.
    assert "13983000003" not in s.page.inner_text("main")
    return dispute.get_absolute_url()


def register_reconsideration(s) -> str:
    """登记复议案件, then its reply: the 答复书 uploaded and the date it was submitted."""
    s.goto("/litigation/reconsideration/")
    s.page.get_by_role("link", name="新增行政复议案件").click()
    s.page.fill("#id_authority", "重庆市大渡口区人民政府")
    s.page.fill("#id_case_number", CASE_NUMBER)
    select_label(s, "procedure", "普通程序")
    select_label(s, "handling_department", "司法所")
    select_label(s, "applicant_kind", "自然人")
    s.page.fill("#id_applicant_name", "钱文斌")
    s.page.fill("#id_applicant_id_number", id_number("50010419780312101"))
    s.page.fill("#id_applicant_phone", "13883000002")
    select_label(s, "act_department", "综合行政执法大队")
    s.page.fill("#id_act_date", f"{YEAR}-10-09")
    s.page.fill("#id_act_description", "占道经营行政处罚决定")
    s.page.fill("#id_applied_on", f"{YEAR}-11-01")
    s.page.fill("#id_accepted_on", f"{YEAR}-11-03")
    s.page.fill("#id_copy_received_on", f"{YEAR}-11-06")
    s.shot("journey_reconsideration_form")
    click_save(s)
    case = ReconsiderationCase.objects.get(case_number=CASE_NUMBER)
    assert case.reply_submitted_on is None
    assert s.path() == case.get_absolute_url()
    body = s.page.inner_text("main")
    assert CASE_NUMBER in body
    assert "钱文斌" not in s.page.locator("main").inner_text().split("案件进程")[0], "the applicant's name is masked"

    # The reply: upload the 答复书 …
    s.page.get_by_role("link", name=re.compile("上传材料")).click()
    select_label(s, "kind", "行政复议答复书")
    s.page.fill("#id_title", "行政复议答复书")
    s.page.set_input_files(
        "#id_file",
        files=[{"name": "答复书.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}],
    )
    s.page.fill("#id_submitted_on", f"{YEAR}-11-14")
    s.shot("journey_document_form")
    click_save(s, "上传")
    assert_no_form_errors(s)
    assert CaseDocument.objects.filter(kind="reply").count() >= 1
    # … and the date it went to the 复议机关, which the 答复期限 is checked against.
    s.goto(case.get_absolute_url())
    s.page.locator("main").get_by_role("link", name=re.compile("编辑")).first.click()
    s.page.fill("#id_reply_submitted_on", f"{YEAR}-11-14")
    click_save(s)
    case.refresh_from_db()
    assert str(case.reply_submitted_on) == f"{YEAR}-11-14"
    assert "按期" in s.page.inner_text("main")
    return case.get_absolute_url()


def submit_report(s) -> str:
    """送审 the 2023 report (the clerk's step before the leader approves).

    The demo report, like the seed, has no section on 存在的不足和原因, which
    《法治政府建设与责任落实督察工作规定》 requires: 送审 is refused, naming it; the clerk
    writes the section after the year's work and then sends the report."""
    from reports.models import ReportSection

    s.goto("/reports/")
    s.page.locator("main").get_by_role("link", name=f"{YEAR}年法治政府建设年度报告").click()
    report_url = s.path()
    s.page.locator("main").get_by_role("button", name="送审").click()
    s.page.wait_for_load_state()
    assert "不能送审：缺少法定报告内容“存在的不足和原因”" in s.page.inner_text("main")
    s.shot("journey_report_blocked")

    last_of_the_year = ReportSection.objects.get(heading__startswith="创新探索“网格普法”")
    # Each click waits for the page it opens (under parallel load a click could land while the
    # previous page was still the one shown).
    s.page.locator("main").get_by_role("link", name=re.compile("编辑报告")).click()
    s.page.wait_for_url(re.compile(r"/reports/\d+/edit/"))
    s.page.locator(f"#section-{last_of_the_year.pk}").get_by_role("link", name="在此后插入").click()
    s.page.wait_for_url(re.compile(rf"after={last_of_the_year.pk}"))
    select_label(s, "level", "一级标题（一、）")
    s.page.fill("#id_heading", "存在的不足和原因")
    s.page.fill("#id_text", "一是法治宣传的针对性和实效性有待增强；二是行政执法人员的专业能力还需提升。")
    select_label(s, "required_content", "存在的不足和原因")
    click_save(s)
    assert "已新增条目" in success_message(s)

    s.goto(report_url)
    s.page.locator("main").get_by_role("button", name="送审").click()
    s.page.wait_for_load_state()
    assert "已送审" in success_message(s), s.page.inner_text("main")[:2000]
    return report_url


# ---------------------------------------------------------------- 2. the leader


def tile_value(s, key: str) -> str:
    return s.page.locator(f'[data-figure="{key}"] [data-role="value"]').inner_text().strip()


def tile_text(s, key: str) -> str:
    return re.sub(r"\s+", "", s.page.locator(f'[data-figure="{key}"]').inner_text())


def leader_checks_dashboard(s) -> None:
    s.goto("/dashboard/")
    s.page.select_option("select[name=year]", str(YEAR))
    s.page.locator("main").get_by_role("button", name="查看").click()
    s.page.wait_for_load_state()
    assert f"year={YEAR}" in s.path()
    assert tile_value(s, "持证人数") == "12"
    assert tile_value(s, "行政复议案件数") == "4"
    assert tile_value(s, "调解纠纷数") == "789"
    # The rates count them too: the reply was on time, the mediation succeeded.
    assert "按期答复4/应答复4" in tile_text(s, "复议按期答复率")
    assert "调解成功776/调结789" in tile_text(s, "调解成功率")
    s.shot("journey_dashboard_2023")

    # The tile's number is a link to the officers holding a certificate on 31 Dec: 12 of them.
    s.page.locator('[data-figure="持证人数"] [data-role="value"]').click()
    s.page.wait_for_load_state()
    assert s.path().startswith("/enforcement/")
    body = s.page.inner_text("main")
    assert "共 12 人" in body
    assert OFFICER_NAME in body
    s.shot("journey_tile_list")


def leader_approves_and_downloads(s, report_url: str) -> str:
    s.goto("/reports/")
    s.page.locator("main").get_by_role("link", name=f"{YEAR}年法治政府建设年度报告").click()
    assert s.path() == report_url
    assert "送审" in s.page.inner_text("main")
    s.shot("journey_report_submitted")
    s.page.locator("main").get_by_role("button", name="审定").click()
    s.page.wait_for_load_state()
    assert "已审定" in success_message(s), s.page.inner_text("main")[:2000]
    s.shot("journey_report_approved")

    with s.page.expect_download() as info:
        s.page.locator("main").get_by_role("link", name=re.compile("PDF")).first.click()
    download = info.value
    assert download.suggested_filename == f"{YEAR}年法治政府建设年度报告（审定稿）.pdf"
    path = ARTIFACTS / "journey_report_2023.pdf"  # kept beside the screenshots for people to read
    path.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # The diagonal 审定稿 mark comes out as one-character lines between the paragraphs'
    # lines; drop them, then join the lines (the body wraps anywhere).
    return "".join(line.strip() for line in text.splitlines() if len(line.strip()) > 1)


# ---------------------------------------------------------------- 3. another town


def other_town_clerk() -> User:
    roles = sync_roles()
    town = Organization.objects.create(name="跳磴镇", full_name="重庆市大渡口区跳磴镇人民政府", serial_prefix="跳磴")
    department = Department.objects.create(organization=town, name="司法所")
    user = User.objects.create_user(
        username="tiaodeng", password="Tiaodeng@2023", organization=town, department=department
    )
    user.groups.set([roles[CLERK]])
    return user


# ---------------------------------------------------------------- the journey


def test_clerk_records_leader_approves_other_town_sees_nothing(open_session):
    call_command("load_demo", "--quiet-logins", verbosity=0)

    clerk = open_session()
    clerk.login("clerk")
    officer_url = register_officer(clerk)
    register_certificate(clerk, officer_url)
    training_url = record_training(clerk)
    dispute_url = mediate_dispute(clerk)
    case_url = register_reconsideration(clerk)
    report_url = submit_report(clerk)

    leader = open_session()
    leader.login("leader")
    leader_checks_dashboard(leader)
    pdf_text = leader_approves_and_downloads(leader, report_url)
    assert "全镇共有12人持有行政执法证" in pdf_text
    assert "行政复议4件" in pdf_text
    assert "调解矛盾纠纷789件" in pdf_text

    other = open_session()
    other_town_clerk()
    other.login("tiaodeng", "Tiaodeng@2023")
    record_urls = [
        officer_url,
        officer_url + "edit/",
        training_url,
        dispute_url,
        dispute_url + "agreement/",
        case_url,
        case_url + "edit/",
        report_url,
    ]
    for url in record_urls:
        response = other.goto(url)
        assert response.status == 404, url
        assert "404" in other.page.inner_text("main") or "不存在" in other.page.inner_text("main")
    other.shot("journey_other_town_404")
    # Their lists do not show them either.
    other.goto("/enforcement/")
    assert OFFICER_NAME not in other.page.inner_text("main")
    other.goto("/litigation/reconsideration/")
    assert CASE_NUMBER not in other.page.inner_text("main")
    other.goto("/enforcement/trainings/")
    assert TRAINING_TITLE not in other.page.inner_text("main")
    other.goto(f"/disputes/?q={DISPUTE_SUMMARY[:8]}")
    assert "共 0 件" in other.page.inner_text("main")
