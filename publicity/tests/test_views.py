import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import CommunityFactory, GridFactory
from core.models import AuditLog
from core.testing import count_queries
from goals.tests.matrix import R, assert_all_routes_listed, check_clerk_get, check_leader, check_other_town
from publicity.models import EventAttachment, GridMonthlyEntry, LegalEducationEvent, LegalLiaison
from publicity.tests.factories import GridMonthlyEntryFactory, LegalEducationEventFactory, LegalLiaisonFactory

ID_NUMBER = "500104198001019017"  # valid check digit, fictional (born 1980, before 重庆直辖)

ROUTES = [
    R("publicity:event_list", None, "read"),
    R("publicity:event_export", None, "read"),
    R("publicity:event_detail", "event", "read"),
    R("publicity:attachment_download", "attachment", "read"),
    R("publicity:liaison_list", None, "read"),
    R("publicity:liaison_detail", "liaison", "read"),
    R("publicity:liaison_export", None, "read"),
    R("publicity:entry_list", None, "read"),
    R("publicity:entry_export", None, "read"),
    R("publicity:grid_summary", None, "read"),
    R("publicity:event_add", None, "write"),
    R("publicity:event_edit", "event", "write"),
    R("publicity:event_delete", "event", "write"),
    R("publicity:attachment_add", "event", "write"),
    R("publicity:attachment_delete", "attachment", "write"),
    R("publicity:liaison_add", None, "write"),
    R("publicity:liaison_edit", "liaison", "write"),
    R("publicity:liaison_delete", "liaison", "write"),
    R("publicity:entry_add", None, "write"),
    R("publicity:entry_edit", "entry", "write"),
    R("publicity:entry_delete", "entry", "write"),
    R("publicity:entry_import", None, "write"),
    R("publicity:entry_import_template", None, "write"),
]


@pytest.fixture
def community(org):
    return CommunityFactory(organization=org, name="双山社区")


@pytest.fixture
def grid(community):
    return GridFactory(community=community, name="第1网格")


@pytest.fixture
def objects(org, community, grid):
    event = LegalEducationEventFactory(organization=org, community=community)
    attachment = EventAttachment(event=event, file=SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff jpeg"))
    attachment.save()
    liaison = LegalLiaisonFactory(organization=org, community=community, id_number=ID_NUMBER, phone="13900001234")
    entry = GridMonthlyEntryFactory(grid=grid, month=1)
    return {"event": event, "attachment": attachment, "liaison": liaison, "entry": entry}


def snapshot():
    return (
        list(LegalEducationEvent.objects.values_list("pk", "title", "participants")),
        EventAttachment.objects.count(),
        list(LegalLiaison.objects.values_list("pk", "name", "status")),
        list(GridMonthlyEntry.objects.values_list("pk", "households_visited", "problems_solved")),
    )


def test_every_route_is_in_the_matrix():
    assert_all_routes_listed("publicity", ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_other_town_gets_404(other_town, objects, route):
    check_other_town(other_town, route, objects)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_leader_reads_but_gets_403_on_writes(leader, objects, route):
    check_leader(leader, route, objects, snapshot)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_clerk_opens_every_page(clerk, objects, route):
    check_clerk_get(clerk, route, objects)


# ---- 普法活动 ----------------------------------------------------------------
def event_data(community, **changes):
    return {
        "date": "2023-04-18",
        "kind": "mock_trial",
        "title": "“模拟法庭”进社区",
        "place": "党群服务中心",
        "community": community.pk,
        "organizer": "八桥镇司法所",
        "participants": 220,
        "materials_count": 300,
        **changes,
    }


@pytest.mark.django_db
def test_clerk_creates_event_with_audit_and_message(clerk, clerk_user, community, org):
    response = clerk.post(reverse("publicity:event_add"), event_data(community), follow=True)
    event = LegalEducationEvent.objects.get()
    assert (event.organization, event.participants, event.kind) == (org, 220, "mock_trial")
    assert "已保存" in response.content.decode()
    entry = AuditLog.objects.get(action="create", model_label="publicity.LegalEducationEvent")
    assert entry.user == clerk_user and entry.organization_id == org.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"participants": -1}, "确保该值大于或等于0"),
        ({"materials_count": -3}, "确保该值大于或等于0"),
        ({"kind": "party"}, "选择一个有效的选项"),
        ({"date": ""}, "这个字段是必填项"),
    ],
)
def test_bad_event_input_saves_nothing(clerk, community, changes, message):
    response = clerk.post(reverse("publicity:event_add"), event_data(community, **changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert not LegalEducationEvent.objects.exists()


@pytest.mark.django_db
def test_foreign_community_is_refused(clerk, other_org):
    foreign = CommunityFactory(organization=other_org, name="外镇社区")
    response = clerk.post(reverse("publicity:event_add"), event_data(foreign))
    assert "选择一个有效的选项" in response.content.decode()
    assert not LegalEducationEvent.objects.exists()


@pytest.mark.django_db
def test_event_list_totals_follow_filters(clerk, org):
    LegalEducationEventFactory(organization=org, kind="mock_trial", participants=220)
    LegalEducationEventFactory(organization=org, kind="mock_trial", participants=210)
    LegalEducationEventFactory(organization=org, kind="lecture", participants=35)
    LegalEducationEventFactory(organization=org, kind="mock_trial", participants=999, date=datetime.date(2022, 5, 1))
    html = clerk.get(reverse("publicity:event_list") + "?year=2023&kind=mock_trial").content.decode()
    assert "共 2 场，参与 430 人次" in html


@pytest.mark.django_db
def test_event_list_query_count_is_pinned(clerk, org, community):
    url = reverse("publicity:event_list") + "?year=2023"
    LegalEducationEventFactory(organization=org, community=community)
    clerk.get(url)  # the ?year= is kept in the session: written once, on the first visit
    few, _ = count_queries(clerk, url)
    for _ in range(25):
        LegalEducationEventFactory(organization=org, community=community)
    many, sql = count_queries(clerk, url)
    # session, user, group perms, user perms, filter communities, totals, page count, page rows
    # (community joined), header groups
    assert few == many <= 9, "\n".join(sql)


# ---- 法律明白人 --------------------------------------------------------------
def liaison_data(community, **changes):
    return {
        "name": "王秀英",
        "gender": "female",
        "id_number": ID_NUMBER,
        "phone": "13900001234",
        "community": community.pk,
        "trained_on": "2023-02-21",
        "status": "active",
        **changes,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"id_number": "500104198001019018"}, "身份证号校验位不正确"),
        ({"id_number": "500104198002309016"}, "出生日期无效"),
        ({"id_number": "50010419800101901"}, "应为 18 位"),
        ({"status": "withdrawn"}, "须填写退出日期"),
        ({"status": "active", "left_on": "2023-09-30"}, "不应填写退出日期"),
        ({"status": "withdrawn", "left_on": "2023-01-01"}, "退出日期不能早于培训日期"),
    ],
)
def test_bad_liaison_input_saves_nothing(clerk, community, changes, message):
    response = clerk.post(reverse("publicity:liaison_add"), liaison_data(community, **changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert not LegalLiaison.objects.exists()


@pytest.mark.django_db
def test_duplicate_id_number_is_refused(clerk, community, org):
    LegalLiaisonFactory(organization=org, community=community, id_number=ID_NUMBER)
    response = clerk.post(reverse("publicity:liaison_add"), liaison_data(community, name="另一人"))
    assert "本单位已登记该身份证号" in response.content.decode()
    assert LegalLiaison.objects.count() == 1


@pytest.mark.django_db
def test_personal_data_masked_in_list_and_detail_and_reveal_is_audited(clerk, pii_clerk, pii_clerk_user, objects):
    liaison = objects["liaison"]
    for client in (clerk, pii_clerk):
        html = client.get(reverse("publicity:liaison_list")).content.decode()
        assert ID_NUMBER not in html and "500104********9017" in html and "139****1234" in html
        assert ID_NUMBER not in client.get(liaison.get_absolute_url()).content.decode()
    # a clerk without the permission asking to reveal still sees the mask
    assert ID_NUMBER not in clerk.get(liaison.get_absolute_url() + "?show_personal=1").content.decode()
    assert not AuditLog.objects.filter(action="view_personal").exists()
    html = pii_clerk.get(liaison.get_absolute_url() + "?show_personal=1").content.decode()
    assert ID_NUMBER in html and "13900001234" in html
    entry = AuditLog.objects.get(action="view_personal")
    assert entry.user == pii_clerk_user and ID_NUMBER not in entry.detail


@pytest.mark.django_db
def test_liaison_list_year_filter_counts_active_at_year_end(clerk, org, community):
    LegalLiaisonFactory(organization=org, community=community)
    LegalLiaisonFactory(organization=org, community=community, status="withdrawn", left_on=datetime.date(2023, 9, 30))
    LegalLiaisonFactory(organization=org, community=community, trained_on=datetime.date(2024, 3, 1))
    html = clerk.get(reverse("publicity:liaison_list") + "?year=2023").content.decode()
    assert "共 1 人" in html


# ---- 网格月度工作 ------------------------------------------------------------
def entry_data(grid, **changes):
    return {
        "grid": grid.pk,
        "year": 2023,
        "month": 3,
        "households_visited": 55,
        "suggestions": 1,
        "problems_found": 2,
        "problems_solved": 1,
        **changes,
    }


@pytest.mark.django_db
def test_clerk_files_a_month_with_audit(clerk, clerk_user, grid, org):
    response = clerk.post(reverse("publicity:entry_add"), entry_data(grid), follow=True)
    entry = GridMonthlyEntry.objects.get()
    assert (entry.organization, entry.households_visited, entry.problems_solved) == (org, 55, 1)
    assert "已保存" in response.content.decode()
    assert AuditLog.objects.get(action="create", model_label="publicity.GridMonthlyEntry").user == clerk_user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"problems_found": 2, "problems_solved": 3}, "解决问题数不能大于排查问题数"),
        ({"households_visited": -1}, "确保该值大于或等于0"),
        ({"suggestions": -2}, "确保该值大于或等于0"),
        ({"problems_found": -1, "problems_solved": 0}, "确保该值大于或等于0"),
        ({"month": 13}, "确保该值小于或等于12"),
    ],
)
def test_bad_entry_input_saves_nothing(clerk, grid, changes, message):
    response = clerk.post(reverse("publicity:entry_add"), entry_data(grid, **changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert not GridMonthlyEntry.objects.exists()


@pytest.mark.django_db
def test_solved_over_found_is_refused_by_the_database_too(grid):
    from django.db import IntegrityError, transaction

    entry = GridMonthlyEntryFactory(grid=grid)
    with pytest.raises(IntegrityError), transaction.atomic():
        GridMonthlyEntry.objects.filter(pk=entry.pk).update(problems_solved=99)


@pytest.mark.django_db
def test_second_entry_for_the_same_grid_and_month_is_refused(clerk, grid):
    GridMonthlyEntryFactory(grid=grid, year=2023, month=3)
    response = clerk.post(reverse("publicity:entry_add"), entry_data(grid))
    assert "该网格本月已填报" in response.content.decode()
    assert GridMonthlyEntry.objects.count() == 1


@pytest.mark.django_db
def test_foreign_grid_is_refused(clerk, other_org):
    foreign = GridFactory(community=CommunityFactory(organization=other_org, name="外镇社区"))
    response = clerk.post(reverse("publicity:entry_add"), entry_data(foreign))
    assert "选择一个有效的选项" in response.content.decode()
    assert not GridMonthlyEntry.objects.exists()


@pytest.mark.django_db
def test_entry_form_is_prefilled_for_a_grid(clerk, grid):
    html = clerk.get(reverse("publicity:entry_add") + f"?grid={grid.pk}&year=2023&month=5").content.decode()
    assert f'<option value="{grid.pk}" selected>' in html


@pytest.mark.django_db
def test_summary_has_one_row_per_grid_with_sums(clerk, grid, community):
    other = GridFactory(community=community, name="第2网格")
    GridMonthlyEntryFactory(grid=grid, month=1, households_visited=40)
    GridMonthlyEntryFactory(grid=grid, month=2, households_visited=60)
    GridMonthlyEntryFactory(grid=other, month=1, households_visited=10)
    GridMonthlyEntryFactory(grid=other, year=2022, month=1, households_visited=999)
    html = clerk.get(reverse("publicity:grid_summary") + "?year=2023").content.decode()
    assert "共 2 个网格" in html and ">110<" in html and "999" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["publicity:entry_list", "publicity:grid_summary"])
def test_grid_work_query_counts_are_pinned(clerk, community, name):
    url = reverse(name) + "?year=2023"
    grids = [GridFactory(community=community, name=f"网格{i}") for i in range(20)]
    GridMonthlyEntryFactory(grid=grids[0], month=1)
    clerk.get(url)  # the ?year= is kept in the session: written once, on the first visit
    few, _ = count_queries(clerk, url)
    for grid in grids[1:]:
        for month in (1, 2):
            GridMonthlyEntryFactory(grid=grid, month=month)
    many, sql = count_queries(clerk, url)
    assert few == many <= 10, "\n".join(sql)


@pytest.mark.django_db
def test_liaison_export_is_masked_and_audited(clerk, pii_clerk, objects, clerk_user):
    import io

    from openpyxl import load_workbook

    def cells(response):
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]  # row 1: the 台账 title

    rows = cells(clerk.get(reverse("publicity:liaison_export") + "?show_personal=1"))
    assert rows[0][:4] == ["姓名", "性别", "身份证号", "联系电话"]
    assert rows[1][2] == "500104********9017" and rows[1][3] == "139****1234"
    entry = AuditLog.objects.get(action="export")
    assert entry.user == clerk_user and entry.row_count == 1 and "已脱敏" in entry.detail
    rows = cells(pii_clerk.get(reverse("publicity:liaison_export") + "?show_personal=1"))
    assert rows[1][2] == ID_NUMBER
    assert AuditLog.objects.filter(action="export", detail__contains="完整个人信息").count() == 1


def _sheet(response) -> list[list]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]  # row 1: the 台账 title


@pytest.mark.django_db
def test_event_export_follows_the_filters_and_is_audited(clerk, clerk_user, org, community, other_org):
    LegalEducationEventFactory(
        organization=org, community=community, title="模拟法庭进校园", kind=LegalEducationEvent.Kind.MOCK_TRIAL
    )
    LegalEducationEventFactory(organization=org, title="2022年宪法宣传周", date=datetime.date(2022, 12, 4))
    LegalEducationEventFactory(organization=other_org, title="外镇活动")
    rows = _sheet(clerk.get(reverse("publicity:event_export"), {"year": "2023"}))
    assert rows[0][:3] == ["活动日期", "活动类型", "活动名称"]
    assert [r[2] for r in rows[1:]] == ["模拟法庭进校园"]
    assert rows[1][1] == "模拟法庭" and rows[1][4] == "双山社区" and rows[1][6] == 100
    entry = AuditLog.objects.get(action="export")
    assert entry.user == clerk_user and entry.row_count == 1 and entry.detail == "导出普法活动台账"
    # No ?year= now means the year picked above (core.year), as on the list; blank means all years.
    assert len(_sheet(clerk.get(reverse("publicity:event_export")))) == 2
    assert len(_sheet(clerk.get(reverse("publicity:event_export"), {"year": ""}))) == 3  # not the other town's


@pytest.mark.django_db
def test_entry_export_has_the_import_columns_and_follows_the_filters(clerk, org, community, grid):
    from publicity.importers import GridMonthlyEntryImporter

    GridMonthlyEntryFactory(grid=grid, month=3, households_visited=61, note="走访独居老人")
    GridMonthlyEntryFactory(grid=grid, month=4)
    rows = _sheet(clerk.get(reverse("publicity:entry_export"), {"year": "2023", "month": "3"}))
    assert rows[0] == [column.header for column in GridMonthlyEntryImporter.columns]
    assert rows[1:] == [["双山社区", "第1网格", 2023, 3, 61, 1, 2, 2, "走访独居老人"]]
    assert AuditLog.objects.get(action="export").row_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("list_name", "export_name"),
    [
        ("publicity:event_list", "publicity:event_export"),
        ("publicity:liaison_list", "publicity:liaison_export"),
        ("publicity:entry_list", "publicity:entry_export"),
    ],
)
def test_each_list_links_to_its_export_with_its_filters(clerk, list_name, export_name):
    html = clerk.get(reverse(list_name), {"year": "2023", "page": "1"}).content.decode()
    assert f'href="{reverse(export_name)}?year=2023"' in html


@pytest.mark.django_db
def test_full_liaison_export_is_offered_only_to_who_may_see_personal_data(clerk, pii_clerk):
    url = reverse("publicity:liaison_list")
    assert "show_personal=1" not in clerk.get(url).content.decode()
    assert f'href="{reverse("publicity:liaison_export")}?show_personal=1"' in pii_clerk.get(url).content.decode()
