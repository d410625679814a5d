"""xlsx import of the 执法人员台账: template, all-or-nothing, errors by row and column."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.models import AuditLog
from enforcement.importers import OfficerImporter
from enforcement.models import Certificate, Officer
from enforcement.tests.factories import make_id_number, with_bad_checksum

HEADERS = [c.header for c in OfficerImporter.columns]


def row(**values):
    base = {
        "姓名": "王一",
        "性别": "男",
        "身份证号": make_id_number(301),
        "联系电话": "13900000001",
        "所属科室": "司法所",
        "职务": "科员",
        "法律职业资格": "否",
        "人员状态": "在岗",
        "证件类型": "行政执法证",
        "证件编号": "50010420230101",
        "发证机关": "重庆市人民政府",
        "发证日期": "2023-03-15",
        "有效期至": "2028-03-14",
        "执法区域": "大渡口区八桥镇",
        "执法类别": "城市管理、安全生产",
    }
    base.update(values)
    return [base.get(h, "") for h in HEADERS]


def xlsx(*rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("台账.xlsx", buffer.getvalue())


def upload(client, *rows):
    return client.post(reverse("enforcement:officer_import"), {"file": xlsx(*rows)})


GOOD = [
    row(),
    row(姓名="刘二", 性别="", 身份证号=make_id_number(302, male=False), 证件编号="50010420230102", 执法类别="城市管理"),
]


@pytest.mark.django_db
class TestImport:
    def test_template_lists_every_column(self, clerk):
        response = clerk.get(reverse("enforcement:officer_import_template"))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(BytesIO(response.content)).worksheets[0]
        assert [c.value for c in sheet[1]] == HEADERS

    def test_template_example_row_is_itself_valid(self, clerk, department, urban, safety):
        response = clerk.get(reverse("enforcement:officer_import_template"))
        example = [c.value for c in load_workbook(BytesIO(response.content)).worksheets[0][2]]
        example[HEADERS.index("所属科室")] = department.name
        response = upload(clerk, example)
        assert response.status_code == 302, response.content.decode()

    def test_good_sheet_imports_officers_with_certificates(self, clerk, clerk_user, department, urban, safety):
        response = upload(clerk, *GOOD)
        assert response.status_code == 302
        assert Officer.objects.count() == 2
        second = Officer.objects.get(name="刘二")
        assert second.gender == "female"  # derived from the ID number
        cert = Certificate.objects.get(number="50010420230101")
        assert cert.officer.name == "王一" and {c.name for c in cert.categories.all()} == {"城市管理", "安全生产"}
        entry = AuditLog.objects.get(action="import")
        assert entry.row_count == 2 and entry.user == clerk_user

    def test_one_bad_row_saves_nothing_and_names_row_and_column(self, clerk, department, urban, safety):
        bad = row(姓名="错三", 身份证号=with_bad_checksum(make_id_number(303)), 证件编号="50010420230103")
        response = upload(clerk, *GOOD, bad)
        html = response.content.decode()
        assert response.status_code == 200
        assert "第4行「身份证号」：身份证号校验位不正确" in html
        assert "所有行均未保存" in html
        assert not Officer.objects.exists() and not Certificate.objects.exists()

    @pytest.mark.parametrize(
        "values, message",
        [
            ({"有效期至": "2022-03-14"}, "第2行「有效期至」：有效期至必须晚于发证日期。"),
            ({"执法类别": "城市管理、捕鱼"}, "第2行「执法类别」：执法类别“捕鱼”不在本单位的执法类别清单中"),
            ({"所属科室": "不存在科"}, "第2行「所属科室」：本单位没有名为“不存在科”的科室"),
            ({"人员状态": "退休"}, "第2行「离岗日期」：调离或退休的人员须填写离岗日期。"),
            ({"性别": "女"}, "第2行「性别」：性别与身份证号不符"),
            ({"发证日期": ""}, "第2行「发证日期」：填写了证件编号时必须填写此项。"),
            ({"联系电话": "1380000"}, "第2行「联系电话」：请填写 11 位手机号码，或带区号的固定电话"),
        ],
    )
    def test_row_errors(self, clerk, department, urban, safety, values, message):
        response = upload(clerk, row(**values))
        assert message in response.content.decode()
        assert not Officer.objects.exists()

    def test_duplicates_inside_the_file_and_against_the_database(self, clerk, department, urban, safety, certificate):
        response = upload(clerk, row(), row(姓名="重复", 证件编号="X-2"))
        assert "第3行「身份证号」：与第2行重复。" in response.content.decode()
        response = upload(clerk, row(证件编号=certificate.number))
        assert "该证件编号无法使用，请核对；如有疑问请联系管理员。" in response.content.decode()
        response = upload(clerk, row(身份证号=certificate.officer.id_number))
        assert "本单位已登记该身份证号的执法人员" in response.content.decode()
        assert Officer.objects.count() == 1

    def test_not_an_xlsx(self, clerk):
        response = clerk.post(
            reverse("enforcement:officer_import"), {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")}
        )
        assert "无法读取文件" in response.content.decode()
