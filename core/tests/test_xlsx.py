import io

import pytest
from openpyxl import Workbook, load_workbook

from accounts.forms import CommunityForm
from accounts.models import Community
from core.models import AuditLog
from core.registers.export import ExportColumn, ledger_response
from core.xlsx import Column, XlsxImporter


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
    response = ledger_response(
        title="测试台账", organization=org, year_label="2023年度", columns=[ExportColumn("a", lambda row: row)],
        objects=["=HYPERLINK(1)", "+1", 2, True, ""], user=clerk_user,
    )  # fmt: skip
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    # Row 1 the title, row 2 the header: text stays text (never a formula), numbers numbers.
    assert [ws.cell(row, 1).value for row in range(3, 8)] == ["'=HYPERLINK(1)", "'+1", 2, "是", None]
    assert ws["A3"].data_type == "s" and ws["A5"].data_type == "n"
    entry = AuditLog.objects.get(action="export")
    assert entry.row_count == 5 and entry.user == clerk_user


@pytest.mark.django_db
@pytest.mark.parametrize("shared", [True, False])
def test_a_choice_named_on_many_rows_is_looked_up_once_per_import(org, clerk_user, shared):
    """The rows of a ledger name the same few 村（社区）: each is looked up once per import, not once
    per row (share_lookups; an importer whose choices depend on the row turns it off). A value
    refused on one row is refused on every row that gives it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from disputes.importers import DisputeImporter
    from disputes.tests.factories import CommunityFactory, DisputeCategoryFactory

    CommunityFactory(organization=org, name="双山社区")
    CommunityFactory(organization=org, name="八桥社区")
    DisputeCategoryFactory(organization=org, name="邻里纠纷")
    header = [c.header for c in DisputeImporter.columns]

    def row(community):
        values = {"received_on": "2023-03-01", "source": "来访", "community": community, "category": "邻里纠纷",
                  "summary": "漏水", "status": "受理"}  # fmt: skip
        return [values.get(c.field, "") for c in DisputeImporter.columns]

    communities = ["双山社区", "八桥社区", "双山社区", "无此社区", "八桥社区", "无此社区", "双山社区"]
    importer = DisputeImporter()
    importer.share_lookups = shared
    with CaptureQueriesContext(connection) as queries:
        result = importer.run(_xlsx([header, *map(row, communities)]), organization=org, user=clerk_user)
    lookups = [q for q in queries.captured_queries if 'FROM "accounts_community"' in q["sql"] and "name" in q["sql"]]
    # two found once each, the refused one asked on each of its rows; without sharing, every row
    assert len(lookups) == (2 + 2 if shared else len(communities))
    assert [(e.row, e.column) for e in result.errors] == [(5, "村（社区）"), (7, "村（社区）")]
    assert all("本镇没有这个村（社区）" in e.message for e in result.errors)


@pytest.mark.django_db
def test_rows_sharing_a_lookup_are_each_saved_with_it(org, clerk_user):
    from disputes.importers import DisputeImporter
    from disputes.models import Dispute
    from disputes.tests.factories import CommunityFactory, DisputeCategoryFactory

    shuangshan = CommunityFactory(organization=org, name="双山社区")
    DisputeCategoryFactory(organization=org, name="邻里纠纷")
    header = [c.header for c in DisputeImporter.columns]
    values = {"received_on": "2023-03-01", "source": "来访", "community": "双山社区", "category": "邻里纠纷",
              "status": "受理"}  # fmt: skip
    rows = [[{**values, "summary": f"第{i}件"}.get(c.field, "") for c in DisputeImporter.columns] for i in range(3)]
    result = DisputeImporter().run(_xlsx([header, *rows]), organization=org, user=clerk_user)
    assert result.ok and result.created == 3
    saved = Dispute.objects.filter(organization=org).order_by("summary")
    assert [(d.summary, d.community_id) for d in saved] == [(f"第{i}件", shuangshan.pk) for i in range(3)]


@pytest.mark.django_db
def test_an_export_that_fails_halfway_leaves_no_file_behind(org, clerk_user, tmp_path, monkeypatch):
    """The rows wait in temporary files until the sheet is closed; personal data must not stay
    on disk when an export fails (nor when it succeeds)."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def value(row):
        if row == "坏":
            raise RuntimeError("a value that cannot be read")
        return row

    columns = [ExportColumn("姓名", value)]
    arguments = {"title": "测试台账", "organization": org, "year_label": "2023年度", "user": clerk_user}
    with pytest.raises(RuntimeError):
        ledger_response(columns=columns, objects=["张某某", "坏"], **arguments)
    assert list(tmp_path.iterdir()) == []
    ledger_response(columns=columns, objects=["张某某"], **arguments)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_a_conflict_found_at_the_commit_is_a_clear_error_and_saves_nothing(org, clerk_user, monkeypatch):
    """PostgreSQL checks foreign keys at the commit: a 村（社区） deleted while a long import ran
    fails there, after every row was saved. The clerk gets a message, not a 500; nothing stays."""
    from django.db import IntegrityError

    from core import xlsx

    def conflict(*args, **kwargs):
        raise IntegrityError("insert or update violates foreign key constraint")

    monkeypatch.setattr(
        CommunityImporter, "read_rows", lambda self, file, **_: ([(2, {"name": "双山社区", "kind": "community"})], [])
    )
    monkeypatch.setattr(xlsx, "log_event", conflict)  # the last step inside the import's transaction
    result = CommunityImporter().run(None, organization=org, user=clerk_user)
    assert [str(e) for e in result.errors] == [str(xlsx.RowError(0, "", xlsx.CHANGED_DURING_IMPORT))]
    assert not Community.objects.filter(organization=org).exists()
