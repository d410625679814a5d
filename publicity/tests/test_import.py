import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.tests.factories import CommunityFactory, GridFactory
from core.models import AuditLog
from publicity.models import GridMonthlyEntry
from publicity.tests.factories import GridMonthlyEntryFactory

HEADER = ["村（社区）", "网格", "年份", "月份", "入户走访户数", "收集意见建议数", "排查问题数", "解决问题数", "备注"]


def upload(rows):
    wb = Workbook()
    wb.active.append(HEADER)
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("网格.xlsx", buffer.getvalue())


@pytest.fixture
def grids(org):
    community = CommunityFactory(organization=org, name="双山社区")
    return GridFactory(community=community, name="第1网格"), GridFactory(community=community, name="第2网格")


URL = "/publicity/grid-work/import/"


@pytest.mark.django_db
def test_import_saves_every_row_and_audits(clerk, clerk_user, grids, org):
    response = clerk.post(
        URL,
        {
            "file": upload(
                [
                    ["双山社区", "第1网格", 2023, 1, 55, 1, 2, 2, ""],
                    ["双山社区", "第2网格", 2023, 1, 60, 0, 1, 0, "待解决"],
                ]
            )
        },
        follow=True,
    )
    assert "已导入 2 条网格月度工作记录" in response.content.decode()
    assert GridMonthlyEntry.objects.filter(organization=org).count() == 2
    assert GridMonthlyEntry.objects.get(grid=grids[1]).note == "待解决"
    assert AuditLog.objects.get(action="import", model_label="publicity.GridMonthlyEntry").row_count == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row, message",
    [
        (["双山社区", "第2网格", 2023, 1, 60, 0, 1, 3, ""], "第3行「解决问题数」：解决问题数不能大于排查问题数"),
        (["双山社区", "第2网格", 2023, 1, -6, 0, 1, 0, ""], "第3行「入户走访户数」：确保该值大于或等于0"),
        (["双山社区", "第9网格", 2023, 1, 6, 0, 1, 0, ""], "本单位没有网格「双山社区·第9网格」"),
        (["双山社区", "第1网格", 2023, 1, 6, 0, 1, 0, ""], "与第2行是同一网格同一月份"),
    ],
)
def test_one_bad_row_saves_nothing(clerk, grids, row, message):
    rows = [["双山社区", "第1网格", 2023, 1, 55, 1, 2, 2, ""], row]
    response = clerk.post(URL, {"file": upload(rows)})
    html = response.content.decode()
    assert "未导入任何数据" in html and message in html
    assert not GridMonthlyEntry.objects.exists()


@pytest.mark.django_db
def test_month_already_filed_is_refused(clerk, grids):
    GridMonthlyEntryFactory(grid=grids[0], year=2023, month=1)
    html = clerk.post(URL, {"file": upload([["双山社区", "第1网格", 2023, 1, 5, 0, 0, 0, ""]])}).content.decode()
    assert "2023年1月已填报" in html
    assert GridMonthlyEntry.objects.count() == 1


@pytest.mark.django_db
def test_another_towns_grid_cannot_be_named(clerk, grids, other_org):
    GridFactory(community=CommunityFactory(organization=other_org, name="外镇社区"), name="第1网格")
    html = clerk.post(URL, {"file": upload([["外镇社区", "第1网格", 2023, 1, 5, 0, 0, 0, ""]])}).content.decode()
    assert "本单位没有网格「外镇社区·第1网格」" in html
    assert not GridMonthlyEntry.objects.exists()


@pytest.mark.django_db
def test_template_lists_the_columns(clerk):
    response = clerk.get(reverse("publicity:entry_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
