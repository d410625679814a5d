import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditLog
from core.testing import count_queries
from goals.models import Goal, GoalArea, GoalAttachment, GoalUpdate
from goals.tests.factories import GoalAreaFactory, GoalFactory, GoalUpdateFactory
from goals.tests.matrix import R, assert_all_routes_listed, check_clerk_get, check_leader, check_other_town

ROUTES = [
    R("goals:goal_list", None, "read"),
    R("goals:goal_export", None, "read"),
    R("goals:goal_detail", "goal", "read"),
    R("goals:attachment_download", "attachment", "read"),
    R("goals:area_list", None, "read"),
    R("goals:goal_add", None, "write"),
    R("goals:goal_edit", "goal", "write"),
    R("goals:goal_delete", "goal", "write"),
    R("goals:carry_over", None, "write"),
    R("goals:update_add", "goal", "write"),
    R("goals:update_delete", "update", "write"),
    R("goals:attachment_add", "goal", "write"),
    R("goals:attachment_delete", "attachment", "write"),
    R("goals:area_add", None, "write"),
    R("goals:area_edit", "area", "write"),
]


@pytest.fixture
def area(org):
    # Not the help text's example (强化组织领导，扎实推进法治政府建设), which every add form shows.
    return GoalAreaFactory(organization=org, name="强化组织领导，全面推进依法行政", order=1)


@pytest.fixture
def goal(org, area, department):
    return GoalFactory(organization=org, area=area, title="深入学习宣传贯彻习近平法治思想", department=department)


@pytest.fixture
def objects(goal, area):
    update = GoalUpdateFactory(goal=goal)
    attachment = GoalAttachment(goal=goal, file=SimpleUploadedFile("总结.pdf", b"%PDF-1.4 test"))
    attachment.save()
    return {"goal": goal, "area": area, "update": update, "attachment": attachment}


def snapshot():
    return (
        list(Goal.objects.values_list("pk", "title", "progress", "status")),
        GoalUpdate.objects.count(),
        GoalAttachment.objects.count(),
        list(GoalArea.objects.values_list("pk", "name")),
    )


def test_every_route_is_in_the_matrix():
    assert_all_routes_listed("goals", ROUTES)


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


@pytest.mark.django_db
def test_clerk_creates_goal_with_audit_and_message(clerk, clerk_user, area, department, org):
    response = clerk.post(
        reverse("goals:goal_add"),
        {
            "year": 2024,
            "area": area.pk,
            "order": 1,
            "title": "深入开展普法宣传",
            "description": "积极开展多种形式的普法宣传活动。",
            "department": department.pk,
            "responsible_person": "李司法",
            "due_date": "2024-12-31",
            "status": "not_started",
            "progress": 0,
        },
        follow=True,
    )
    goal = Goal.objects.get(title="深入开展普法宣传")
    assert goal.organization == org and goal.year == 2024
    assert response.redirect_chain[-1][0] == goal.get_absolute_url()
    assert "已保存" in response.content.decode()
    entry = AuditLog.objects.get(action="create", model_label="goals.Goal")
    assert entry.user == clerk_user and entry.organization_id == org.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"progress": 101}, "100"),
        ({"progress": -5}, "0"),
        ({"status": "completed", "progress": 80}, "完成进度须为 100%"),
        ({"year": 1999}, "2000"),
        ({"title": ""}, "这个字段是必填项"),
    ],
)
def test_bad_goal_input_shows_chinese_error_and_saves_nothing(clerk, goal, changes, message):
    data = {
        "year": goal.year,
        "area": goal.area_id,
        "order": goal.order,
        "title": goal.title,
        "status": goal.status,
        "progress": goal.progress,
        **changes,
    }
    before = snapshot()
    response = clerk.post(reverse("goals:goal_edit", args=[goal.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_progress_over_100_is_refused_by_the_database_too(goal):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.filter(pk=goal.pk).update(progress=150)


@pytest.mark.django_db
def test_foreign_area_and_department_are_refused(clerk, goal, other_org):
    foreign_area = GoalAreaFactory(organization=other_org, name="外镇领域")
    response = clerk.post(
        reverse("goals:goal_edit", args=[goal.pk]),
        {"year": 2023, "area": foreign_area.pk, "order": 1, "title": "x", "status": "in_progress", "progress": 10},
    )
    assert "选择一个有效的选项" in response.content.decode()
    goal.refresh_from_db()
    assert goal.area_id != foreign_area.pk


@pytest.mark.django_db
def test_duplicate_area_name_is_a_chinese_error(clerk, area):
    before = GoalArea.objects.count()
    response = clerk.post(reverse("goals:area_add"), {"name": area.name, "order": 5, "is_active": "on"})
    assert "本单位已有同名工作领域" in response.content.decode()
    assert GoalArea.objects.count() == before


@pytest.mark.django_db
def test_progress_update_moves_goal_progress_and_is_audited(clerk, clerk_user, goal):
    response = clerk.post(
        reverse("goals:update_add", args=[goal.pk]),
        {"date": "2023-09-30", "text": "完成专题学习会 4 场。", "reported_by": "周文", "progress": 80},
    )
    assert response.status_code == 302
    update = GoalUpdate.objects.get(goal=goal)
    assert update.created_by == clerk_user and update.organization_id == goal.organization_id
    goal.refresh_from_db()
    assert goal.progress == 80
    assert AuditLog.objects.filter(action="create", model_label="goals.GoalUpdate", organization=goal.organization)
    assert AuditLog.objects.filter(action="update", model_label="goals.Goal", changed_fields=["完成进度（%）"])


@pytest.mark.django_db
def test_progress_update_over_100_saves_nothing(clerk, goal):
    response = clerk.post(
        reverse("goals:update_add", args=[goal.pk]),
        {"date": "2023-09-30", "text": "x", "reported_by": "周文", "progress": 120},
    )
    assert response.status_code == 200
    assert "确保该值小于或等于100" in response.content.decode()
    assert not GoalUpdate.objects.exists()
    goal.refresh_from_db()
    assert goal.progress == 50


@pytest.mark.django_db
def test_attachment_upload_download_and_bad_type(clerk, goal, clerk_user):
    url = reverse("goals:attachment_add", args=[goal.pk])
    response = clerk.post(url, {"file": SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 x"), "title": ""})
    assert response.status_code == 302
    attachment = GoalAttachment.objects.get(goal=goal)
    assert attachment.original_name == "会议纪要.pdf" and attachment.title == "会议纪要"
    assert attachment.uploaded_by == clerk_user
    assert "会议纪要" not in attachment.file.name  # stored under a random name
    download = clerk.get(reverse("goals:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 x"

    response = clerk.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ"), "title": ""})
    assert response.status_code == 200
    assert "不支持“exe”格式的附件" in response.content.decode()
    assert GoalAttachment.objects.count() == 1


@pytest.mark.django_db
def test_delete_goal_with_message_and_audit(clerk, goal):
    response = clerk.post(reverse("goals:goal_delete", args=[goal.pk]), follow=True)
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert "已删除" in response.content.decode()
    assert AuditLog.objects.filter(action="delete", model_label="goals.Goal").exists()


@pytest.mark.django_db
def test_carried_goal_cannot_be_deleted(clerk, goal, org, clerk_user):
    from goals.services import goals_carry_over

    goals_carry_over(organization=org, from_year=2023, by=clerk_user)
    response = clerk.post(reverse("goals:goal_delete", args=[goal.pk]), follow=True)
    assert "已结转至下一年度" in response.content.decode()
    assert Goal.objects.filter(pk=goal.pk).exists()


@pytest.mark.django_db
def test_list_groups_by_area_and_flags_overdue(clerk, org, area):
    GoalFactory(organization=org, area=area, title="逾期目标", due_date=datetime.date(2023, 3, 1))
    GoalFactory(organization=org, area=area, title="已完成目标", status="completed", progress=100)
    html = clerk.get(reverse("goals:goal_list") + "?year=2023").content.decode()
    assert area.name in html and "逾期目标" in html
    assert html.count('badge text-bg-danger">逾期') == 1
    overdue = clerk.get(reverse("goals:goal_list") + "?year=2023&overdue=1").content.decode()
    assert "逾期目标" in overdue and "已完成目标" not in overdue


@pytest.mark.django_db
def test_list_shows_only_own_town(clerk, goal, other_org):
    GoalFactory(organization=other_org, title="外镇目标")
    html = clerk.get(reverse("goals:goal_list") + "?year=2023").content.decode()
    assert goal.title in html and "外镇目标" not in html


@pytest.mark.django_db
def test_goal_list_query_count_is_pinned(clerk, org, area):
    url = reverse("goals:goal_list") + "?year=2023"
    GoalFactory(organization=org, area=area)
    clerk.get(url)  # the ?year= is kept in the session: written once, on the first visit
    few, _ = count_queries(clerk, url)
    other_area = GoalAreaFactory(organization=org, name="第二领域")
    for i in range(30):
        GoalFactory(organization=org, area=area if i % 2 else other_area, carried_from=None)
    many, sql = count_queries(clerk, url)
    # session, user, groups perms, user perms, years, counts aggregate, filter areas,
    # filter departments, page count, page rows (area/department/carried_from joined),
    # the header's groups
    assert few == many, "\n".join(sql)
    assert many <= 11, "\n".join(sql)


@pytest.mark.django_db
def test_detail_query_count_does_not_grow_with_updates(clerk, goal):
    url = goal.get_absolute_url()
    GoalUpdateFactory(goal=goal)
    few, _ = count_queries(clerk, url)
    for _ in range(10):
        GoalUpdateFactory(goal=goal)
    many, sql = count_queries(clerk, url)
    assert few == many, "\n".join(sql)


@pytest.mark.parametrize("n, text", [(1, "一"), (4, "四"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")])
def test_cn_numeral(n, text):
    from goals.templatetags.goals_tags import cn_numeral

    assert cn_numeral(n) == text


@pytest.mark.django_db
def test_area_headings_are_numbered_like_the_report(clerk, goal):
    html = clerk.get(reverse("goals:goal_list") + "?year=2023").content.decode()
    assert "（一）强化组织领导，全面推进依法行政" in html


def _sheet(response) -> list[list]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]  # row 1: the 台账 title


@pytest.mark.django_db
def test_goal_export_follows_the_year_and_filters_and_is_audited(clerk, clerk_user, org, area, goal):
    GoalFactory(organization=org, area=area, title="已完成的任务", status=Goal.Status.COMPLETED, progress=100)
    GoalFactory(organization=org, area=area, year=2022, title="上年任务")
    rows = _sheet(clerk.get(reverse("goals:goal_export"), {"year": "2023", "status": Goal.Status.IN_PROGRESS}))
    assert rows[0][:4] == ["年度", "工作领域", "序号", "目标任务"]
    assert [r[3] for r in rows[1:]] == ["深入学习宣传贯彻习近平法治思想"]
    assert rows[1][1] == area.name and rows[1][8] == "推进中" and rows[1][9] == 50
    assert rows[1][10] == "是"  # due 2023-12-31, not completed, today is later
    entry = AuditLog.objects.get(action="export")
    assert entry.user == clerk_user and entry.row_count == 1 and entry.detail == "导出目标任务台账"
    assert len(_sheet(clerk.get(reverse("goals:goal_export"), {"all": "1"}))) == 4


@pytest.mark.django_db
def test_goal_list_links_to_the_export_of_the_year_it_shows(clerk, goal):
    clerk.get(reverse("dashboard:index"), {"year": 2023})
    html = clerk.get(reverse("goals:goal_list")).content.decode()  # no ?year=: the portal's year, 2023
    assert f'href="{reverse("goals:goal_export")}?year=2023"' in html
    html = clerk.get(reverse("goals:goal_list"), {"all": "1", "page": "1"}).content.decode()
    assert f'href="{reverse("goals:goal_export")}?all=1"' in html
