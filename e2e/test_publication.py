"""Issue 21 in a browser: a leader cannot publish before the 保密审查, records it, publishes,
downloads the release package and opens its HTML edition; the clerk records 报送 and 公开.

The HTML edition is opened as a page of its own (set_content, no portal around it): it must
show the report with its own inline CSS and ask the browser for nothing — any request it
made would be recorded by the session and fail the test (conftest.open_session).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

import pytest
from django.core.management import call_command
from django.utils import timezone

from e2e.conftest import ARTIFACTS
from e2e.test_journey import YEAR, click_save, submit_report, success_message
from reports.models import AnnualReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def error_message(s) -> str:
    return " ".join(s.page.locator(".alert-danger, .alert-error").all_inner_texts())


def press(s, name: str) -> None:
    s.page.locator("main").get_by_role("button", name=re.compile(rf"^\W*{name}$")).click()
    s.page.wait_for_load_state()


def test_review_publish_download_package_and_open_the_html(open_session):
    call_command("load_demo", "--quiet-logins", verbosity=0)
    clerk = open_session()
    clerk.login("clerk")
    report_url = submit_report(clerk)

    leader = open_session()
    leader.page.on("dialog", lambda dialog: dialog.accept())  # 发布's data-confirm
    leader.login("leader")
    leader.goto(report_url)
    press(leader, "审定")
    assert "已审定" in success_message(leader)

    # 发布 without a 保密审查 is refused, saying why.
    press(leader, "发布")
    assert "发布前须经保密审查" in error_message(leader)
    assert "未审查" in leader.page.inner_text("[data-role=publication]")

    leader.page.locator("main").get_by_role("link", name=re.compile("登记保密审查")).click()
    leader.page.wait_for_load_state()
    assert leader.path().endswith("/secrecy/")
    leader.page.fill("#id_reviewer", "镇保密工作领导小组 王敏")
    leader.page.fill("#id_reviewed_on", timezone.localdate().isoformat())
    leader.page.get_by_label("通过", exact=True).check()
    leader.page.fill("#id_note", "全文未涉及国家秘密和工作秘密，同意公开。")
    leader.shot("publication_secrecy_form")
    click_save(leader, "登记保密审查")
    assert "已登记保密审查：通过" in success_message(leader)

    press(leader, "发布")
    assert "已发布第1版" in success_message(leader)
    leader.shot("publication_published")

    with leader.page.expect_download() as info:
        leader.page.locator("main").get_by_role("link", name=re.compile("下载发布包")).first.click()
    download = info.value
    # Building the package takes a moment: the link shows it and cannot be clicked twice (portal.js).
    package = leader.page.locator("main a[data-busy]").first
    assert package.get_attribute("aria-disabled") == "true" and "正在打包" in package.inner_text()
    assert download.suggested_filename == f"{YEAR}年法治政府建设年度报告（第1版发布包）.zip"
    path = ARTIFACTS / "publication_package.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(path)
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    name = f"{YEAR}年法治政府建设年度报告"
    assert archive.namelist() == [f"{name}.pdf", f"{name}.html", "metadata.json", "SHA256SUMS"]
    for line in archive.read("SHA256SUMS").decode().splitlines():
        digest, fname = line.split("  ", 1)
        assert hashlib.sha256(archive.read(fname)).hexdigest() == digest
    meta = json.loads(archive.read("metadata.json"))
    assert meta["发布机构"] == "重庆市大渡口区八桥镇人民政府" and meta["成文日期"] == "2024-01-24"

    # The HTML edition, alone in a browser tab.
    html = archive.read(f"{name}.html").decode()
    edition = leader.context.new_page()
    edition.on("request", lambda request: leader.requests.append(request.url))
    edition.set_content(html, wait_until="load")
    assert edition.title() == f"重庆市大渡口区八桥镇人民政府{YEAR}年法治政府建设年度报告"
    assert edition.get_by_role("heading", level=1).inner_text().replace("\n", "") == (
        f"重庆市大渡口区八桥镇人民政府{YEAR}年法治政府建设年度报告"
    )
    assert edition.get_by_role("heading", level=2).first.inner_text() == f"一、{YEAR}年目标任务完成情况"
    assert "全镇共有11人持有行政执法证" in edition.inner_text("article")  # the demo (seed) figure
    assert edition.evaluate("document.scripts.length") == 0
    # The inline CSS applies: the title is centred, paragraphs indented two characters.
    assert edition.evaluate("getComputedStyle(document.querySelector('h1')).textAlign") == "center"
    edition.screenshot(path=str(ARTIFACTS / "screenshots" / "publication_html_edition.png"), full_page=True)
    edition.close()

    # 报送 and 公开, recorded by the clerk after the town's website has it.
    clerk.goto(report_url)
    clerk.page.locator("main").get_by_role("link", name=re.compile("登记报送和公开情况")).click()
    clerk.page.wait_for_load_state()
    today = timezone.localdate().isoformat()
    clerk.page.fill("#id_sent_to_district_on", today)
    clerk.page.fill("#id_publicly_released_on", today)
    clerk.page.fill("#id_public_url", "ftp://www.ddk.gov.cn/2023.html")
    click_save(clerk)
    assert "http:// 或 https://" in clerk.page.inner_text("main")
    clerk.page.fill("#id_public_url", "https://www.ddk.gov.cn/bqz/zfxxgk/2023.html")
    click_save(clerk)
    assert "已保存报送和公开情况" in success_message(clerk)
    report = AnnualReport.objects.get(organization__name="八桥镇", year=YEAR)
    assert str(report.publicly_released_on) == today and report.public_url.startswith("https://www.ddk.gov.cn/")
