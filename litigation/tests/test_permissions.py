"""Permission matrix of every litigation view: anonymous → login, other town → 404,
leader → 403 on writes (nothing changed), clerk → 200."""

import pytest
from django.conf import settings
from django.urls import reverse

from core.models import AuditLog
from litigation.models import CaseDocument, Hearing, LitigationCase, ReconsiderationCase

# (url name, which fixture's pk goes in the URL, kwarg name)
READ_URLS = [
    ("litigation:reconsideration_list", None, None),
    ("litigation:reconsideration_export", None, None),
    ("litigation:reconsideration_detail", "rcase", "pk"),
    ("litigation:litigation_list", None, None),
    ("litigation:litigation_export", None, None),
    ("litigation:litigation_detail", "lcase", "pk"),
    ("litigation:deadlines", None, None),
    ("litigation:document_download", "document", "pk"),
]
WRITE_URLS = [
    ("litigation:reconsideration_add", None, None),
    ("litigation:reconsideration_edit", "rcase", "pk"),
    ("litigation:reconsideration_decision", "rcase", "pk"),
    ("litigation:reconsideration_delete", "rcase", "pk"),
    ("litigation:reconsideration_document_add", "rcase", "case_pk"),
    ("litigation:litigation_add", None, None),
    ("litigation:litigation_edit", "lcase", "pk"),
    ("litigation:litigation_judgment", "lcase", "pk"),
    ("litigation:litigation_delete", "lcase", "pk"),
    ("litigation:litigation_document_add", "lcase", "case_pk"),
    ("litigation:hearing_add", "lcase", "case_pk"),
    ("litigation:hearing_edit", "hearing", "pk"),
    ("litigation:hearing_delete", "hearing", "pk"),
    ("litigation:document_delete", "document", "pk"),
]
ALL_URLS = READ_URLS + WRITE_URLS
OBJECT_URLS = [u for u in ALL_URLS if u[1]]


@pytest.fixture
def objects(rcase, lcase, hearing, document):
    return {"rcase": rcase, "lcase": lcase, "hearing": hearing, "document": document}


def url_for(spec, objects):
    name, fixture, kwarg = spec
    return reverse(name, kwargs={kwarg: objects[fixture].pk}) if fixture else reverse(name)


def snapshot():
    return (
        list(ReconsiderationCase.objects.values()),
        list(LitigationCase.objects.values()),
        list(Hearing.objects.values()),
        list(CaseDocument.objects.values()),
        AuditLog.objects.exclude(action__in=["login", "export"]).count(),
    )


def test_every_litigation_url_is_in_the_matrix():
    from core.testing import all_routes

    names = {r.name for r in all_routes() if r.name.startswith("litigation:")}
    assert names == {u[0] for u in ALL_URLS}


@pytest.mark.django_db
@pytest.mark.parametrize("spec", ALL_URLS, ids=lambda s: s[0])
def test_anonymous_is_sent_to_login(client, objects, spec):
    url = url_for(spec, objects)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.django_db
@pytest.mark.parametrize("spec", OBJECT_URLS, ids=lambda s: s[0])
def test_other_town_gets_404_and_changes_nothing(other_town, objects, spec):
    before = snapshot()
    url = url_for(spec, objects)
    assert other_town.get(url).status_code == 404
    assert other_town.post(url, {"case_number": "篡改"}).status_code == 404
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("spec", READ_URLS, ids=lambda s: s[0])
def test_leader_reads(leader, objects, spec):
    assert leader.get(url_for(spec, objects)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("spec", WRITE_URLS, ids=lambda s: s[0])
def test_leader_gets_403_on_writes_and_nothing_changes(leader, objects, spec):
    before = snapshot()
    url = url_for(spec, objects)
    assert leader.get(url).status_code == 403
    assert leader.post(url, {"case_number": "篡改", "held_on": "2024-05-01"}).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("spec", ALL_URLS, ids=lambda s: s[0])
def test_clerk_opens_every_page(clerk, objects, spec):
    assert clerk.get(url_for(spec, objects)).status_code == 200


@pytest.mark.django_db
def test_other_town_lists_do_not_show_our_cases(other_town, objects):
    for name in ("litigation:reconsideration_list", "litigation:litigation_list", "litigation:deadlines"):
        html = other_town.get(reverse(name)).content.decode()
        assert "渡府复〔2024〕8号" not in html and "（2024）渝0104行初12号" not in html


@pytest.mark.django_db
def test_admin_without_data_role_cannot_write(town_admin, objects):
    # The 管理员 role reads the data apps but does not edit cases.
    assert town_admin.get(reverse("litigation:litigation_list")).status_code == 200
    assert town_admin.get(reverse("litigation:litigation_add")).status_code == 403
