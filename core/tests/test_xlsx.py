import io

import pytest
from openpyxl import Workbook, load_workbook

from accounts.forms import CommunityForm
from accounts.models import Community
from core.models import AuditLog
from core.xlsx import Column, XlsxImporter, export_response


class CommunityImporter(XlsxImporter):
    title = "村社区"
    columns = [Column("名称", "name", required=True, example="双山社区"), Column("类别", "kind", required=True)]
    form_class = CommunityForm

    def validate_rows(self, forms):
        from core.xlsx import RowError

        seen, errors = set(), []
        for number, form in forms:
            name = form.cleaned_data["name"]
            if name in seen:
                errors.append(RowError(number, "名称", "文件中重复。"))
            seen.add(name)
        return errors


def _xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.django_db
def test_import_all_rows(org, clerk_user):
    result = CommunityImporter().run(
        _xlsx([["名称", "类别"], ["甲社区", "community"], ["乙村", "village"]]), organization=org, user=clerk_user
    )
    assert result.ok and result.created == 2
    assert Community.objects.filter(organization=org).count() == 2
    assert AuditLog.objects.get(action="import").row_count == 2


@pytest.mark.django_db
def test_one_bad_row_saves_nothing_and_names_row_and_column(org, clerk_user):
    result = CommunityImporter().run(
        _xlsx([["名称", "类别"], ["甲社区", "community"], ["乙村", "城市"]]), organization=org, user=clerk_user
    )
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "类别")]
    assert "第3行「类别」" in str(result.errors[0])
    assert Community.objects.count() == 0


@pytest.mark.django_db
def test_database_conflict_rolls_back_everything(org, clerk_user):
    Community.objects.create(organization=org, name="乙村")
    result = CommunityImporter().run(
        _xlsx([["名称", "类别"], ["甲社区", "community"], ["乙村", "village"]]), organization=org, user=clerk_user
    )
    assert not result.ok and result.errors[0].row == 3
    assert list(Community.objects.values_list("name", flat=True)) == ["乙村"]


@pytest.mark.django_db
def test_missing_column_and_garbage_file(org, clerk_user):
    assert "缺少此列" in str(
        CommunityImporter().run(_xlsx([["名称"], ["甲"]]), organization=org, user=clerk_user).errors[0]
    )
    garbage = CommunityImporter().run(io.BytesIO(b"not a workbook"), organization=org, user=clerk_user)
    assert "无法读取" in str(garbage.errors[0])


def test_template_has_headers_and_notes():
    response = CommunityImporter().template_response()
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == ["名称", "类别"]
    assert wb.sheetnames[1] == "填写说明"


@pytest.mark.django_db
def test_export_is_audited_and_neutralises_formulas(org, clerk_user):
    response = export_response(
        filename="x.xlsx", title="测试", headers=["a"], rows=[["=HYPERLINK(1)"], [2]], user=clerk_user, organization=org
    )
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert ws["A2"].value == "'=HYPERLINK(1)"
    entry = AuditLog.objects.get(action="export")
    assert entry.row_count == 2 and entry.user == clerk_user
