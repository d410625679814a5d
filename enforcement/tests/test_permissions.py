"""Permission matrix of every enforcement view: anonymous, other town, leader, clerk."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from core.testing import all_routes
from enforcement.models import Certificate, EnforcementCategory, Exam, Officer, Training
from enforcement.tests.factories import AttendanceFactory, ExamFactory, TrainingFactory

TODAY = datetime.date.today()


@pytest.fixture
def world(org, officer, certificate, urban):
    training = TrainingFactory(organization=org)
    return {
        "officer": officer,
        "certificate": certificate,
        "training": training,
        "attendance": AttendanceFactory(training=training, officer=officer),
        "exam": ExamFactory(officer=officer),
        "category": urban,
    }


# url name → (kwargs from the world, is a write)
VIEWS = {
    "officer_list": ({}, False),
    "officer_export": ({}, False),
    "officer_detail": ({"pk": "officer"}, False),
    "certificate_list": ({}, False),
    "training_list": ({}, False),
    "training_detail": ({"pk": "training"}, False),
    "exam_list": ({}, False),
    "category_list": ({}, False),
    "officer_add": ({}, True),
    "officer_edit": ({"pk": "officer"}, True),
    "officer_delete": ({"pk": "officer"}, True),
    "officer_import": ({}, True),
    "officer_import_template": ({}, True),
    "certificate_add": ({"officer_pk": "officer"}, True),
    "certificate_edit": ({"pk": "certificate"}, True),
    "certificate_delete": ({"pk": "certificate"}, True),
    "certificate_renew": ({"pk": "certificate"}, True),
    "certificate_suspend": ({"pk": "certificate"}, True),
    "certificate_reinstate": ({"pk": "certificate"}, True),
    "certificate_cancel": ({"pk": "certificate"}, True),
    "certificate_revoke": ({"pk": "certificate"}, True),
    "exam_add": ({"officer_pk": "officer"}, True),
    "exam_edit": ({"pk": "exam"}, True),
    "exam_delete": ({"pk": "exam"}, True),
    "training_add": ({}, True),
    "training_edit": ({"pk": "training"}, True),
    "training_delete": ({"pk": "training"}, True),
    "attendance_edit": ({"pk": "attendance"}, True),
    "category_add": ({}, True),
    "category_edit": ({"pk": "category"}, True),
    "category_seed": ({}, True),
}
OBJECT_VIEWS = [name for name, (kwargs, _) in VIEWS.items() if kwargs]
WRITE_VIEWS = [name for name, (_, write) in VIEWS.items() if write]
READ_VIEWS = [name for name, (_, write) in VIEWS.items() if not write]


def url(name, world):
    kwargs, _ = VIEWS[name]
    return reverse(f"enforcement:{name}", kwargs={k: world[v].pk for k, v in kwargs.items()})


def snapshot():
    return (
        list(Officer.objects.values()),
        list(Certificate.objects.values()),
        list(Training.objects.values()),
        list(Exam.objects.values()),
        EnforcementCategory.objects.count(),
    )


def test_every_enforcement_url_is_in_the_matrix():
    names = {r.name.split(":", 1)[1] for r in all_routes() if r.name.startswith("enforcement:")}
    assert names == set(VIEWS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(VIEWS))
def test_anonymous_is_sent_to_login(client, world, name):
    for method in (client.get, client.post):
        response = method(url(name, world))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.django_db
@pytest.mark.parametrize("name", OBJECT_VIEWS)
def test_other_town_gets_404_and_changes_nothing(other_town, world, name):
    before = snapshot()
    assert other_town.get(url(name, world)).status_code == 404
    assert other_town.post(url(name, world), {"name": "改", "reason": "x", "on": TODAY}).status_code == 404
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_leader_gets_403_on_writes_and_changes_nothing(leader, world, name):
    before = snapshot()
    assert leader.get(url(name, world)).status_code == 403
    assert leader.post(url(name, world), {"name": "改", "reason": "x", "on": TODAY}).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", READ_VIEWS)
def test_leader_reads(leader, world, name):
    assert leader.get(url(name, world)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(VIEWS))
def test_clerk_opens_every_page(clerk, world, name):
    expected = 405 if name == "category_seed" else 200  # a POST-only action
    assert clerk.get(url(name, world)).status_code == expected


@pytest.mark.django_db
def test_lists_show_only_own_town(clerk, world, foreign_certificate):
    html = clerk.get(reverse("enforcement:officer_list")).content.decode()
    assert "陈立军" in html and "外镇人员" not in html
    html = clerk.get(reverse("enforcement:certificate_list")).content.decode()
    assert world["certificate"].number in html and foreign_certificate.number not in html


@pytest.mark.django_db
def test_certificate_of_another_town_cannot_be_added_under_own_url(clerk, foreign_officer):
    response = clerk.get(reverse("enforcement:certificate_add", kwargs={"officer_pk": foreign_officer.pk}))
    assert response.status_code == 404


@pytest.mark.django_db
def test_personal_data_permission_does_not_grant_writes(leader_user, roles, leader, world):
    leader_user.groups.add(roles["个人信息查看"])
    assert leader.get(url("officer_edit", world)).status_code == 403
