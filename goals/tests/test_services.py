import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.models import AuditLog
from goals.models import Goal, GoalUpdate
from goals.services import goals_carry_over
from goals.tests.factories import GoalAreaFactory, GoalFactory, GoalUpdateFactory


@pytest.fixture
def goals_2023(org):
    area = GoalAreaFactory(organization=org, name="提升依法行政水平，优化法治化营商环境", order=2)
    done = GoalFactory(organization=org, area=area, order=1, title="已完成", status="completed", progress=100)
    open_a = GoalFactory(organization=org, area=area, order=2, title="推进中", status="in_progress", progress=60)
    open_b = GoalFactory(organization=org, area=area, order=3, title="未开始", status="not_started", progress=0)
    GoalUpdateFactory(goal=open_a, text="上半年完成 60%")
    return done, open_a, open_b


@pytest.mark.django_db
def test_carry_over_copies_unfinished_goals_and_links_history(org, clerk_user, goals_2023):
    done, open_a, open_b = goals_2023
    GoalFactory(organization=org, area=open_a.area, year=2024, order=7, title="已有计划")
    result = goals_carry_over(organization=org, from_year=2023, by=clerk_user)

    assert result.count == 2
    carried = list(Goal.objects.filter(year=2024, carried_from__isnull=False).order_by("order"))
    assert [g.title for g in carried] == ["推进中", "未开始"]
    assert [g.carried_from for g in carried] == [open_a, open_b]
    # appended after the existing plans of 2024, progress kept, status follows progress
    assert [g.order for g in carried] == [8, 9]
    assert (carried[0].progress, carried[0].status) == (60, "in_progress")
    assert (carried[1].progress, carried[1].status) == (0, "not_started")
    assert carried[0].due_date == datetime.date(2024, 12, 31)
    # the originals keep their status and their updates, plus a note where they went
    open_a.refresh_from_db()
    assert open_a.status == "in_progress" and open_a.progress == 60
    texts = list(open_a.updates.values_list("text", flat=True))
    assert "上半年完成 60%" in texts and any("已结转至2024年" in t for t in texts)
    assert not Goal.objects.filter(carried_from=done).exists()
    entry = AuditLog.objects.get(action="workflow", model_label="goals.Goal")
    assert entry.row_count == 2 and entry.user == clerk_user


@pytest.mark.django_db
def test_second_run_does_not_duplicate(org, clerk_user, goals_2023):
    goals_carry_over(organization=org, from_year=2023, by=clerk_user)
    counts = (Goal.objects.count(), GoalUpdate.objects.count())
    again = goals_carry_over(organization=org, from_year=2023, by=clerk_user)
    assert again.count == 0
    assert (Goal.objects.count(), GoalUpdate.objects.count()) == counts


@pytest.mark.django_db
def test_database_refuses_a_second_copy_of_the_same_goal(org, goals_2023):
    _done, open_a, _ = goals_2023
    GoalFactory(organization=org, area=open_a.area, year=2024, carried_from=open_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalFactory(organization=org, area=open_a.area, year=2024, carried_from=open_a)


@pytest.mark.django_db
def test_carried_goal_detail_shows_the_original_history(clerk, org, clerk_user, goals_2023):
    _done, open_a, _ = goals_2023
    goals_carry_over(organization=org, from_year=2023, by=clerk_user)
    new = Goal.objects.get(carried_from=open_a)
    html = clerk.get(new.get_absolute_url()).content.decode()
    assert "上半年完成 60%" in html and "2023年同名目标" in html
    html = clerk.get(open_a.get_absolute_url()).content.decode()
    assert "已结转至" in html and new.get_absolute_url() in html


@pytest.mark.django_db
def test_carry_over_is_scoped_to_the_organization(org, other_org, clerk_user, goals_2023):
    GoalFactory(organization=other_org, title="外镇未完成", status="in_progress")
    goals_carry_over(organization=org, from_year=2023, by=clerk_user)
    assert not Goal.objects.filter(organization=other_org, year=2024).exists()


@pytest.mark.django_db
def test_carry_over_page_preview_and_action(clerk, leader, goals_2023):
    url = reverse("goals:carry_over") + "?year=2023"
    html = clerk.get(url).content.decode()
    assert "推进中" in html and "未开始" in html and "（2项）" in html
    assert leader.post(reverse("goals:carry_over"), {"year": 2023}).status_code == 403
    assert not Goal.objects.filter(year=2024).exists()
    response = clerk.post(reverse("goals:carry_over"), {"year": 2023}, follow=True)
    assert "已将2023年未完成的 2 项目标任务结转至2024年" in response.content.decode()
    response = clerk.post(reverse("goals:carry_over"), {"year": 2023}, follow=True)
    assert "没有需要结转的目标任务" in response.content.decode()
    assert Goal.objects.filter(year=2024).count() == 2


@pytest.mark.django_db
def test_carry_over_refuses_a_bad_year(clerk):
    response = clerk.post(reverse("goals:carry_over"), {"year": 3000})
    assert response.status_code == 200
    assert "确保该值小于或等于2099" in response.content.decode()
