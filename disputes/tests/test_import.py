"""Excel import of a year's 台账: template, all-or-nothing, per-row Chinese errors."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.models import AuditLog
from disputes import choices as c
from disputes.importers import DisputeImporter
from disputes.models import Dispute, Mediator, SerialCounter

HEADER = [col.header for col in DisputeImporter.columns]


def row(**values):
    base = {
        "受理日期": "2023-03-15",
        "纠纷来源": "来访",
        "村（社区）": "双山社区",
        "网格": "第1网格",
        "纠纷类别": "邻里纠纷",
        "纠纷等级": "复杂",
        "风险等级": "黄",
        "调解类型": "人民调解",
        "调解员": "陈和平、新调解员",
        "申请人": "张三",
        "申请人电话": "13800001111",
        "被申请人": "李四",
        "涉及金额（元）": 800,
        "纠纷简要情况": "漏水",
        "状态": "调解成功",
        "办结日期": "2023-03-20",
        "调解结果": "赔偿800元",
        "原台账编号": "",
    }
    base.update(values)
    return [base.get(h, "") for h in HEADER]


def workbook(*rows):
    wb = Workbook()
    wb.active.append(HEADER)
    for r in rows:
        wb.active.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "台账.xlsx"
    return buffer


@pytest.fixture
def setup(community, grid, category, mediator):
    return community


@pytest.mark.django_db
def test_import_saves_every_row_with_new_serials(org, clerk_user, setup):
    result = DisputeImporter().run(
        workbook(
            row(原台账编号="2023-001"),
            row(原台账编号="2023-002", 状态="受理", 办结日期="", 网格=""),
            row(原台账编号="2023-003", 状态="转办", 转办单位="八桥派出所"),
        ),
        organization=org,
        user=clerk_user,
    )
    assert result.ok, [str(e) for e in result.errors]
    disputes = list(Dispute.objects.order_by("number"))
    assert [d.serial for d in disputes] == [f"八桥调〔2023〕000{n}号" for n in (1, 2, 3)]
    first = disputes[0]
    assert (first.status, first.grade, first.risk, first.handling_level) == ("succeeded", "complex", "yellow", "town")
    assert sorted(first.mediators.values_list("name", flat=True)) == ["新调解员", "陈和平"]
    assert list(first.parties.values_list("role", "name")) == [("applicant", "张三"), ("respondent", "李四")]
    assert disputes[1].status == c.Status.ACCEPTED and disputes[1].grid is None
    assert disputes[2].referred_to == "八桥派出所"
    assert Mediator.objects.filter(name="新调解员").exists()
    assert AuditLog.objects.get(action="import").row_count == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad", "column", "message"),
    [
        ({"办结日期": "2023-03-01"}, "办结日期", "办结日期不能早于受理日期"),
        ({"涉及金额（元）": -5}, "涉及金额（元）", "涉及金额不能为负数"),
        ({"网格": "第99网格"}, "网格", "没有名为“第99网格”的网格"),
        ({"纠纷类别": "外星纠纷"}, "纠纷类别", "不在纠纷类别清单中"),
        ({"村（社区）": "外镇社区"}, "村（社区）", "本镇没有这个村（社区）"),
        ({"状态": "调解成功", "办结日期": ""}, "办结日期", "须填写办结日期"),
        ({"状态": "已结"}, "状态", "选择一个有效的选项"),
        ({"状态": "转办", "转办单位": ""}, "转办单位", "须填写转办单位"),
        ({"申请人电话": "12345"}, "申请人电话", "请填写 11 位手机号码"),
        ({"被申请人电话": "023-123"}, "被申请人电话", "请填写 11 位手机号码"),
    ],
)
def test_one_bad_row_saves_nothing(org, clerk_user, setup, bad, column, message):
    result = DisputeImporter().run(workbook(row(), row(**bad), row()), organization=org, user=clerk_user)
    assert not result.ok
    error = result.errors[0]
    assert (error.row, error.column) == (3, column), [str(e) for e in result.errors]
    assert message in error.message
    assert f"第3行「{column}」" in str(error)
    assert not Dispute.objects.exists() and not SerialCounter.objects.exists()
    assert not Mediator.objects.filter(name="新调解员").exists()


@pytest.mark.django_db
def test_duplicate_ledger_numbers_are_refused(org, clerk_user, setup):
    result = DisputeImporter().run(
        workbook(row(原台账编号="A-1"), row(原台账编号="A-1")), organization=org, user=clerk_user
    )
    assert [str(e) for e in result.errors] == ["第3行「原台账编号」：与第2行重复。"]
    assert DisputeImporter().run(workbook(row(原台账编号="A-1")), organization=org, user=clerk_user).ok
    again = DisputeImporter().run(workbook(row(原台账编号="A-1")), organization=org, user=clerk_user)
    assert "已导入过" in str(again.errors[0])
    assert Dispute.objects.count() == 1


@pytest.mark.django_db
def test_import_page(clerk, setup):
    template = clerk.get(reverse("disputes:dispute_import_template"))
    assert [c.value for c in load_workbook(io.BytesIO(template.content)).worksheets[0][1]] == HEADER
    bad = clerk.post(reverse("disputes:dispute_import"), {"file": workbook(row(), row(纠纷类别="外星纠纷"))})
    html = bad.content.decode()
    assert bad.status_code == 200 and "未导入" in html and "第3行「纠纷类别」" in html
    assert not Dispute.objects.exists()
    good = clerk.post(reverse("disputes:dispute_import"), {"file": workbook(row(), row())}, follow=True)
    assert "已导入 2 件纠纷。" in [str(m) for m in good.context["messages"]]
    assert Dispute.objects.count() == 2


@pytest.mark.django_db
def test_import_page_refuses_other_files(clerk, setup):
    upload = io.BytesIO(b"a,b")
    upload.name = "台账.csv"
    response = clerk.post(reverse("disputes:dispute_import"), {"file": upload})
    assert "请上传 .xlsx 格式的文件" in response.content.decode()


@pytest.mark.django_db
def test_a_web_upload_is_capped_to_fit_the_request_timeout_the_command_is_not(
    clerk, org, clerk_user, setup, settings, tmp_path
):
    """The web page takes IMPORT_MAX_ROWS rows (what can be checked and saved before gunicorn's
    60-s timeout kills the worker); a bigger ledger is refused there with a Chinese message and
    nothing saved, and goes through `manage.py import_xlsx`, which takes IMPORT_MAX_ROWS_COMMAND."""
    from django.core.management import CommandError, call_command

    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_ROWS_COMMAND = 3, 10
    assert "一次最多导入 3 行，行数更多时请分批导入" in clerk.get(reverse("disputes:dispute_import")).content.decode()
    ledger = workbook(*[row(原台账编号=f"2023-{n:03d}") for n in range(1, 6)])
    refused = clerk.post(reverse("disputes:dispute_import"), {"file": ledger})
    assert refused.status_code == 200 and "一次最多导入 3 行" in refused.content.decode()
    assert not Dispute.objects.exists()
    path = tmp_path / "台账.xlsx"
    path.write_bytes(ledger.getvalue())
    call_command("import_xlsx", "disputes.importers.DisputeImporter", str(path), "--org", org.name, "--user", "clerk")
    assert Dispute.objects.count() == 5
    settings.IMPORT_MAX_ROWS_COMMAND = 4  # the command has its cap too
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command(
            "import_xlsx", "disputes.importers.DisputeImporter", str(path), "--org", org.name, "--user", "clerk"
        )
    assert Dispute.objects.count() == 5
