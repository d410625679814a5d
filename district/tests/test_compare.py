"""镇街对比: the towns' published figures side by side, totals from summed parts, sorting,
links into each town's ledgers, last year beside each figure, and the Excel 台账."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.figure_cache import year_figures
from disputes.tests.factories import DisputeFactory
from district.selectors import COLUMNS
from goals.models import Goal
from goals.tests.factories import GoalAreaFactory, GoalFactory
from reports.tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db

COMPARE = reverse("district:compare")


def goals(town, year, completed, total):
    area = GoalAreaFactory(organization=town, name="依法行政")
    for i in range(total):
        status = Goal.Status.COMPLETED if i < completed else Goal.Status.IN_PROGRESS
        progress = 100 if i < completed else 50
        GoalFactory(
            organization=town,
            area=area,
            year=year,
            status=status,
            progress=progress,
            due_date=datetime.date(year, 12, 31),
        )


@pytest.fixture
def records(district, org, other_org):
    # 目标完成率: 八桥 1/1 = 100%, 跳磴 1/4 = 25% → the district 2/5 = 40% (not the average 62.5%).
    goals(org, 2023, 1, 1)
    goals(other_org, 2023, 1, 4)
    goals(org, 2022, 1, 2)  # 八桥 last year 50% → +50 个百分点
    for day in (datetime.date(2023, 3, 1), datetime.date(2023, 5, 1), datetime.date(2022, 5, 1)):
        DisputeFactory(organization=org, received_on=day)
    DisputeFactory(organization=other_org, received_on=datetime.date(2023, 6, 1))
    AnnualReportFactory(organization=org, year=2023, publicly_released_on=datetime.date(2024, 3, 20))


def rows_of(response):
    assert response.status_code == 200
    return {row.town.name: row for row in response.context["comparison"].rows}


def test_each_figure_is_the_towns_published_figure(district_client, records, org, other_org):
    rows = rows_of(district_client.get(COMPARE, {"year": 2023}))
    assert list(rows) == ["八桥镇", "跳磴镇"]
    for town in (org, other_org):
        published, last_year = year_figures(town, 2023), year_figures(town, 2022)
        for column in COLUMNS:
            cell = rows[town.name].cells[column.key]
            assert cell.value == published[column.figure].value.value, (town, column.key)
            assert cell.previous == last_year[column.figure].value.value, (town, column.key)
    assert rows["八桥镇"].cells["mediation"].value == 2 and rows["跳磴镇"].cells["mediation"].value == 1
    assert rows["八桥镇"].cells["goals"].value == Decimal("100.00")


def test_totals_are_ratios_of_sums_not_averages(district_client, records):
    totals = district_client.get(COMPARE, {"year": 2023}).context["comparison"].totals
    assert totals["goals"].value == Decimal("40.00")  # 2/5, not (100 + 25) / 2
    assert (totals["goals"].numerator, totals["goals"].denominator) == (2, 5)
    assert totals["mediation"].value == 3
    assert totals["goals"].previous == Decimal("50.00")  # 2022: 八桥 1/2, 跳磴 none


def test_year_over_year_change_is_shown(district_client, records):
    response = district_client.get(COMPARE, {"year": 2023})
    row = rows_of(response)["八桥镇"]
    assert row.cells["goals"].change == Decimal("50.00")
    assert row.cells["mediation"].change == 1
    html = response.content.decode()
    assert "▲50.0个百分点" in html and "▲1<" in html


def test_every_number_links_to_that_towns_records(district_client, records, org):
    response = district_client.get(COMPARE, {"year": 2023})
    cell = rows_of(response)["八桥镇"].cells["mediation"]
    assert f"org={org.pk}" in cell.url and cell.url in response.content.decode().replace("&amp;", "&")
    listed = district_client.get(cell.url)
    assert listed.status_code == 200
    assert listed.context["paginator"].count == cell.value == 2


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("goals", ["跳磴镇", "八桥镇"]),
        ("-goals", ["八桥镇", "跳磴镇"]),
        ("-mediation", ["八桥镇", "跳磴镇"]),
        ("-town", ["跳磴镇", "八桥镇"]),
        ("status", ["跳磴镇", "八桥镇"]),  # 未建立 before 起草 (workflow order)
        ("-status", ["八桥镇", "跳磴镇"]),
        ("__class__", ["八桥镇", "跳磴镇"]),  # not a column: ignored
        ("'; drop table", ["八桥镇", "跳磴镇"]),
    ],
)
def test_sort_by_any_column(district_client, records, sort, expected):
    assert list(rows_of(district_client.get(COMPARE, {"year": 2023, "sort": sort}))) == expected


def test_report_status_and_release_date(district_client, records):
    rows = rows_of(district_client.get(COMPARE, {"year": 2023}))
    assert rows["八桥镇"].status_label == "起草" and rows["八桥镇"].released_on == datetime.date(2024, 3, 20)
    assert rows["跳磴镇"].status_label == "未建立" and rows["跳磴镇"].released_on is None


def test_bad_year_falls_back(district_client, records):
    response = district_client.get(COMPARE, {"year": "99999999999999999999"})
    assert response.status_code == 200


def test_district_pages_refuse_posts(district_client, district):
    for name in ("district:compare", "district:reports", "district:export"):
        assert district_client.post(reverse(name)).status_code == 405


def test_excel_is_a_ledger(district_client, records):
    response = district_client.get(reverse("district:export"), {"year": 2023})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("大渡口区各镇街法治政府建设情况对比（2023年度）  导出时间：")
    assert sheet["A2"].value == "镇街" and sheet["A2"].font.bold
    assert sheet.freeze_panes == "B3"
    assert sheet.column_dimensions["A"].width == 14
    header = [c.value for c in sheet[2]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert set(rows) == {"八桥镇", "跳磴镇", "合计"}
    goals_at = header.index("目标完成率（%）")
    assert rows["合计"][goals_at] == 40  # a number, not text
    assert rows["八桥镇"][header.index("调解件数")] == 2
    assert rows["八桥镇"][header.index("调解件数同比")] == 1
    assert rows["八桥镇"][header.index("公开日期")] == datetime.datetime(2024, 3, 20)


def test_export_is_audited(district_client, district_user, records):
    from core.models import AuditLog

    district_client.get(reverse("district:export"), {"year": 2023})
    entry = AuditLog.objects.get(action="export")
    assert entry.user == district_user and entry.row_count == 2


def test_a_write_in_a_town_shows_at_once(district_client, records, org, settings):
    settings.FIGURE_CACHE_SECONDS = 3600  # as in production: the figures are cached
    before = rows_of(district_client.get(COMPARE, {"year": 2023}))["八桥镇"].cells["mediation"].value
    DisputeFactory(organization=org, received_on=datetime.date(2023, 8, 1))
    after = rows_of(district_client.get(COMPARE, {"year": 2023}))
    assert after["八桥镇"].cells["mediation"].value == before + 1
    assert after["跳磴镇"].cells["mediation"].value == 1


def test_figures_without_the_cache_are_the_same(district_client, records, settings):
    cached = district_client.get(COMPARE, {"year": 2023}).context["comparison"]
    settings.FIGURE_CACHE_SECONDS = 0
    fresh = district_client.get(COMPARE, {"year": 2023}).context["comparison"]
    for a, b in zip(cached.rows, fresh.rows, strict=True):
        assert {k: c.value for k, c in a.cells.items()} == {k: c.value for k, c in b.cells.items()}


@pytest.mark.parametrize("value", ["99999", "9" * 30, "\x00", "-1", "abc", "1e309", "١٢٣", "x" * 5000])
def test_hostile_parameters_never_break_a_district_page(district_client, district, value):
    for name in ("district:compare", "district:reports", "district:export"):
        for param in ("year", "sort", "org"):
            response = district_client.get(reverse(name), {param: value})
            assert response.status_code in (200, 404), (name, param, value, response.status_code)


@pytest.mark.django_db
def test_the_district_pages_open_on_the_picked_year_else_last_year(district_client):
    from django.utils import timezone

    url = reverse("district:compare")
    assert district_client.get(url).context["year"] == timezone.localdate().year - 1
    district_client.get(url, {"year": 2021})
    response = district_client.get(reverse("district:reports"))
    assert response.context["year"] == 2021 and 2021 in response.context["years"]
