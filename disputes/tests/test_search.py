"""Free-text search of the register (?q=): serial, old ledger number, summary and the parties'
names, through one stored column that every way of writing a party keeps current."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from openpyxl import load_workbook

from disputes import search
from disputes.models import SEARCH_SEPARATOR, Dispute, Party
from disputes.tests.factories import DisputeFactory, PartyFactory
from disputes.tests.test_views import intake_payload


def found(client, q) -> list[str]:
    response = client.get(reverse("disputes:dispute_list"), {"q": q})
    assert response.status_code == 200
    return [d.serial for d in response.context["object_list"]]


def matches(q) -> set[int]:
    return set(Dispute.objects.filter(search.search_condition(q)).values_list("pk", flat=True))


@pytest.fixture
def two(org, community, grid, category):
    first = DisputeFactory(
        organization=org, community=community, grid=grid, category=category, summary="楼上漏水", original_number="BQ-17"
    )
    second = DisputeFactory(organization=org, community=community, grid=grid, category=category, summary="噪音扰民")
    return first, second


@pytest.mark.django_db
class TestSearchFields:
    def test_each_field_is_searched(self, two):
        first, second = two
        PartyFactory(dispute=second, name="欧阳明月")
        assert matches("漏水") == {first.pk}
        assert matches(first.serial) == {first.pk}
        assert matches(second.serial[-7:]) == {second.pk}  # part of the serial: 0002号
        assert matches("bq-17") == {first.pk}  # the old number, in either case
        assert matches("BQ-17") == {first.pk}
        assert matches("欧阳") == {second.pk}
        assert matches("明月") == {second.pk}
        assert matches("不存在的内容") == set()

    def test_no_match_across_two_names_or_two_fields(self, two):
        first, second = two
        PartyFactory(dispute=first, name="张三")
        PartyFactory(dispute=first, name="李四")
        assert matches("张三") == {first.pk} and matches("李四") == {first.pk}
        assert matches("三李") == set() and matches("三 李") == set()
        assert matches("号bq") == set() and matches("17张") == set()  # serial|old number|names

    def test_like_wildcards_are_literal(self, two):
        first, second = two
        assert matches("%") == set() and matches("_") == set()
        Dispute.objects.filter(pk=second.pk).update(summary="涉及金额50%")
        assert matches("%") == {second.pk}

    def test_other_towns_disputes_are_not_found(self, clerk, two, other_town_dispute):
        PartyFactory(dispute=other_town_dispute, name="欧阳明月")
        assert found(clerk, "欧阳明月") == []
        assert found(clerk, other_town_dispute.serial) == []


@pytest.mark.django_db
class TestPartyNamesFollowEveryWrite:
    def test_party_saved_renamed_and_deleted(self, dispute):
        party = PartyFactory(dispute=dispute, name="司马光")
        assert matches("司马") == {dispute.pk}
        party.name = "诸葛亮"
        party.save()
        assert matches("司马") == set() and matches("诸葛亮") == {dispute.pk}
        party.delete()
        assert matches("诸葛亮") == set()
        dispute.refresh_from_db()
        assert dispute.party_names == ""

    def test_intake_and_edit_through_the_pages(self, clerk, community, grid, category):
        clerk.post(reverse("disputes:dispute_add"), intake_payload(community, category, grid))
        dispute = Dispute.objects.get()
        assert found(clerk, "张三丰") == [dispute.serial]
        party = dispute.parties.get()
        payload = intake_payload(community, category, grid, original_number="")
        payload.update(
            {
                "parties-TOTAL_FORMS": "1",
                "parties-INITIAL_FORMS": "1",
                "parties-0-id": party.pk,
                "parties-0-name": "李四光",
            }
        )
        response = clerk.post(reverse("disputes:dispute_edit", args=[dispute.pk]), payload)
        assert response.status_code == 302
        assert found(clerk, "张三丰") == []
        assert found(clerk, "李四光") == [dispute.serial]

    def test_dispute_fields_are_derived_by_the_database(self, dispute):
        # A queryset update sends no signal and calls no save(): the column follows anyway.
        Dispute.objects.filter(pk=dispute.pk).update(summary="宅基地边界争议")
        assert matches("宅基地") == {dispute.pk}
        dispute.refresh_from_db()
        assert dispute.search_text == SEARCH_SEPARATOR.join([dispute.serial, "", "", "宅基地边界争议"])

    def test_bulk_inserts_are_found_after_refresh(self, dispute):
        Party.objects.bulk_create([Party(dispute=dispute, name="上官婉儿"), Party(dispute=dispute, name="公孙胜")])
        assert matches("上官") == set()  # bulk_create sends no signal: the loader must refresh
        assert search.refresh_party_names(Dispute.objects.filter(pk=dispute.pk)) == 1
        assert matches("上官") == {dispute.pk} and matches("公孙胜") == {dispute.pk}

    def test_migration_copies_existing_names(self, dispute, org, community, category):
        without_parties = DisputeFactory(organization=org, community=community, category=category)
        Party.objects.bulk_create([Party(dispute=dispute, name="慕容复")])
        Dispute.objects.update(party_names="stale")
        migration = importlib.import_module("disputes.migrations.0003_search_text")
        migration.copy_party_names(apps, None)
        assert matches("慕容复") == {dispute.pk}
        assert Dispute.objects.get(pk=without_parties.pk).party_names == ""


def _old_search(q) -> set[int]:
    """What the search meant before the stored column: any of the fields or a party's name."""
    condition = (
        Q(serial__icontains=q)
        | Q(summary__icontains=q)
        | Q(original_number__icontains=q)
        | Q(parties__name__icontains=q)
    )
    return set(Dispute.objects.filter(condition).values_list("pk", flat=True))


@pytest.mark.django_db
def test_demo_disputes_are_found_as_by_a_join_over_the_parties():
    call_command("load_demo", "--quiet-logins", verbosity=0)
    parties = list(Party.objects.order_by("pk")[:: max(1, Party.objects.count() // 12)])
    assert len(parties) >= 10
    for q in [p.name for p in parties] + [p.name[:1] for p in parties[:3]] + ["2023", "邻里"]:
        expected = _old_search(q)
        assert expected and matches(q) == expected, q


@pytest.mark.django_db
def test_search_columns_stay_out_of_history_and_export(clerk_other_dept, party):
    """party_names copies personal data: never in the history, the audit log or a masked export."""
    from core.models import AuditLog
    from disputes import services

    dispute = party.dispute
    assert dispute.__class__.objects.get(pk=dispute.pk).party_names == "张三丰"
    services.dispute_start_mediation(dispute=dispute, started_on=dispute.received_on, by=None)
    history_fields = {f.name for f in Dispute.history.model._meta.fields}
    assert "summary" in history_fields
    assert not history_fields & {"party_names", "search_text"}
    assert dispute.history.count() == 2
    for entry in AuditLog.objects.all():
        assert "张三丰" not in repr(entry.__dict__)
    response = clerk_other_dept.get(reverse("disputes:dispute_export"))
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [str(c.value) for row in workbook.worksheets[0].iter_rows() for c in row]
    assert "申请人：张**" in cells and not any("张三丰" in c for c in cells)


@pytest.mark.django_db
def test_saving_a_dispute_read_before_a_party_changed_keeps_the_new_names(dispute):
    stale = Dispute.objects.get(pk=dispute.pk)
    PartyFactory(dispute=dispute, name="赵六")  # a colleague adds a party meanwhile
    stale.summary = "补充：双方同意调解"
    stale.save()
    assert matches("赵六") == {dispute.pk} and matches("补充") == {dispute.pk}
    deferred = Dispute.objects.only("pk", "summary", "organization", "handling_level", "grade").get(pk=dispute.pk)
    deferred.summary = "再次补充"
    deferred.save()
    assert matches("赵六") == {dispute.pk} and matches("再次补充") == {dispute.pk}


@pytest.mark.django_db
def test_edit_refuses_when_a_party_changed_after_the_form_was_checked(clerk, party, community, category, monkeypatch):
    """The row-locked re-check: a colleague's party write lands between validation and save."""
    from disputes.forms import PartyFormSet

    dispute = party.dispute
    url = reverse("disputes:dispute_edit", args=[dispute.pk])
    version = clerk.get(url).context["form"].initial["edit_version"]
    payload = intake_payload(community, category, original_number="", summary="我改的简况", edit_version=version)
    payload.update({"parties-TOTAL_FORMS": "1", "parties-INITIAL_FORMS": "1", "parties-0-id": party.pk})
    checked = PartyFormSet.is_valid

    def colleague_saves_meanwhile(self):
        valid = checked(self)
        if not Party.objects.filter(name="钱七").exists():
            PartyFactory(dispute=dispute, name="钱七")
        return valid

    monkeypatch.setattr(PartyFormSet, "is_valid", colleague_saves_meanwhile)
    response = clerk.post(url, payload)
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.summary != "我改的简况"
    assert matches("钱七") == {dispute.pk}
