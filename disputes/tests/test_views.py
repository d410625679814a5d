"""Permission matrix of every page, the clerk's writes (row, audit entry, message),
bad input on the pages, masking of personal data and pinned list query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditLog
from core.testing import count_queries
from disputes import choices as c
from disputes import search, services
from disputes.models import Agreement, Dispute, DisputeCategory, FollowUp, Mediator, Party, SerialCounter
from disputes.tests.factories import DisputeFactory

D = datetime.date

# (url name, takes the dispute pk, is a write)
PAGES = [
    ("disputes:dispute_list", False, False),
    ("disputes:dispute_export", False, False),
    ("disputes:category_list", False, False),
    ("disputes:mediator_list", False, False),
    ("disputes:dispute_detail", True, False),
    ("disputes:dispute_add", False, True),
    ("disputes:dispute_import", False, True),
    ("disputes:dispute_import_template", False, True),
    ("disputes:category_add", False, True),
    ("disputes:mediator_add", False, True),
    ("disputes:dispute_edit", True, True),
    ("disputes:dispute_delete", True, True),
    ("disputes:dispute_start", True, True),
    ("disputes:dispute_conclude", True, True),
    ("disputes:dispute_refer", True, True),
    ("disputes:agreement_edit", True, True),
    ("disputes:followup_add", True, True),
]
OBJECT_PAGES = [(name, write) for name, takes_pk, write in PAGES if takes_pk]
WRITES = [name for name, _pk, write in PAGES if write]
READS = [name for name, _pk, write in PAGES if not write]


def url_for(name, dispute):
    takes_pk = dict((n, pk) for n, pk, _w in PAGES)[name]
    return reverse(name, args=[dispute.pk]) if takes_pk else reverse(name)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.mark.django_db
class TestPermissionMatrix:
    @pytest.mark.parametrize("name", [n for n, *_ in PAGES])
    def test_anonymous_goes_to_login(self, client, dispute, name):
        for method in (client.get, client.post):
            response = method(url_for(name, dispute))
            assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize(("name", "write"), OBJECT_PAGES)
    def test_other_town_gets_404(self, other_town, dispute, name, write):
        assert other_town.get(url_for(name, dispute)).status_code == 404
        assert other_town.post(url_for(name, dispute), {"summary": "x"}).status_code == 404
        dispute.refresh_from_db()
        assert dispute.status == c.Status.ACCEPTED

    @pytest.mark.parametrize("name", ["disputes:category_edit", "disputes:mediator_edit"])
    def test_other_town_gets_404_on_list_entries(self, other_town, category, mediator, name):
        obj = category if "category" in name else mediator
        assert other_town.get(reverse(name, args=[obj.pk])).status_code == 404

    def test_other_town_list_does_not_show_our_disputes(self, other_town, dispute, other_town_dispute):
        html = other_town.get(reverse("disputes:dispute_list")).content.decode()
        assert other_town_dispute.serial in html and dispute.serial not in html

    @pytest.mark.parametrize("name", READS)
    def test_leader_reads(self, leader, dispute, name):
        assert leader.get(url_for(name, dispute)).status_code == 200

    @pytest.mark.parametrize("name", WRITES)
    def test_leader_gets_403_on_writes_and_nothing_changes(self, leader, dispute, community, category, name):
        before = (Dispute.objects.count(), SerialCounter.objects.get().last_number)
        assert leader.get(url_for(name, dispute)).status_code == 403
        payload = {"received_on": "2023-05-01", "community": community.pk, "category": category.pk, "summary": "x"}
        assert leader.post(url_for(name, dispute), payload).status_code == 403
        dispute.refresh_from_db()
        assert dispute.status == c.Status.ACCEPTED
        assert (Dispute.objects.count(), SerialCounter.objects.get().last_number) == before

    @pytest.mark.parametrize("name", ["disputes:category_edit", "disputes:mediator_edit"])
    def test_leader_gets_403_on_list_entries(self, leader, category, mediator, name):
        obj = category if "category" in name else mediator
        assert leader.get(reverse(name, args=[obj.pk])).status_code == 403

    @pytest.mark.parametrize("name", READS + WRITES)
    def test_clerk_may_open_every_page(self, clerk, dispute, name):
        assert clerk.get(url_for(name, dispute)).status_code == 200


def intake_payload(community, category, grid=None, **extra):
    data = {
        "received_on": "2023-05-04",
        "source": c.Source.VISIT,
        "community": community.pk,
        "grid": grid.pk if grid else "",
        "category": category.pk,
        "summary": "楼上漏水",
        "grade": c.Grade.SIMPLE,
        "handling_level": "",
        "risk": c.Risk.GREEN,
        "mediation_type": c.MediationType.PEOPLE,
        "amount": "1200",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "30",
        "parties-0-role": c.PartyRole.APPLICANT,
        "parties-0-kind": c.PartyKind.PERSON,
        "parties-0-name": "张三丰",
        "parties-0-id_number": "11010519491231002X",
        "parties-0-phone": "13812345678",
        "parties-0-address": "双山社区88号",
        "parties-1-role": c.PartyRole.RESPONDENT,
        "parties-1-kind": c.PartyKind.PERSON,
        "parties-1-name": "",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
class TestClerkWrites:
    def test_intake(self, clerk, clerk_user, community, grid, category, mediator):
        response = clerk.post(
            reverse("disputes:dispute_add"),
            intake_payload(community, category, grid, mediators=[mediator.pk]),
            follow=True,
        )
        dispute = Dispute.objects.get()
        assert response.redirect_chain[-1][0] == dispute.get_absolute_url()
        assert dispute.serial == "八桥调〔2023〕0001号" and dispute.registered_by == clerk_user
        assert dispute.grid == grid and list(dispute.mediators.all()) == [mediator]
        assert dispute.parties.get().id_number == "11010519491231002X"
        assert "已受理登记，编号 八桥调〔2023〕0001号。" in messages_of(response)
        entry = AuditLog.objects.get(action="create", model_label="disputes.Dispute")
        assert entry.user == clerk_user and entry.object_id == str(dispute.pk)
        # The party's audit entry names the party masked, never in full.
        assert AuditLog.objects.get(model_label="disputes.Party").object_repr == "申请人 张**"

    def test_edit(self, clerk, clerk_user, dispute, party, community, category):
        payload = intake_payload(community, category, summary="改：楼上漏水且拒不维修")
        payload.update(
            {
                "parties-TOTAL_FORMS": "1",
                "parties-INITIAL_FORMS": "1",
                "parties-0-id": party.pk,
                "original_number": "",
            }
        )
        response = clerk.post(reverse("disputes:dispute_edit", args=[dispute.pk]), payload, follow=True)
        dispute.refresh_from_db()
        assert dispute.summary == "改：楼上漏水且拒不维修" and dispute.serial == "八桥调〔2023〕0001号"
        assert "已保存。" in messages_of(response)
        entry = AuditLog.objects.filter(action="update", model_label="disputes.Dispute").get()
        assert "纠纷简要情况" in entry.changed_fields and entry.user == clerk_user

    def test_start_conclude_agreement_followup(self, clerk, clerk_user, dispute, party):
        r = clerk.post(reverse("disputes:dispute_start", args=[dispute.pk]), {"started_on": "2023-03-02"}, follow=True)
        assert "已开始调解" in "".join(messages_of(r))
        r = clerk.post(
            reverse("disputes:dispute_conclude", args=[dispute.pk]),
            {"result": c.Status.SUCCEEDED, "concluded_on": "2023-03-09", "outcome": "赔偿800元"},
            follow=True,
        )
        assert "已调结" in "".join(messages_of(r))
        dispute.refresh_from_db()
        assert dispute.status == c.Status.SUCCEEDED and dispute.concluded_on == D(2023, 3, 9)
        assert AuditLog.objects.filter(action="update", model_label="disputes.Dispute", user=clerk_user).count() == 2
        r = clerk.post(
            reverse("disputes:agreement_edit", args=[dispute.pk]),
            {
                "form": c.AgreementForm.WRITTEN,
                "signed_on": "2023-03-09",
                "facts": "漏水致损",
                "responsibilities": "楼上住户负主要责任",
                "terms": "赔偿800元",
                "performance_method": "转账",
                "performance_due": "2023-03-20",
                "performance": c.Performance.PENDING,
                "confirmation_applied": "on",
                "confirmation_applied_on": "2023-03-15",
                "confirmation_court": "大渡口区人民法院",
                "confirmation_result": c.ConfirmationResult.PENDING,
            },
            follow=True,
        )
        assert "调解协议已保存。" in messages_of(r)
        assert Agreement.objects.get().confirmation_applied
        assert AuditLog.objects.filter(action="create", model_label="disputes.Agreement").exists()
        r = clerk.post(
            reverse("disputes:followup_add", args=[dispute.pk]),
            {
                "visited_on": "2023-03-25",
                "visitor": "陈和平",
                "method": c.VisitMethod.PHONE,
                "satisfaction": c.Satisfaction.SATISFIED,
                "result": "已履行",
                "performance": c.Performance.PERFORMED,
                "performed_on": "2023-03-20",
            },
            follow=True,
        )
        assert "回访记录已保存。" in messages_of(r)
        assert FollowUp.objects.get().visitor == "陈和平"
        assert Agreement.objects.get().performance == c.Performance.PERFORMED
        kinds = list(dispute.events.values_list("kind", flat=True))
        # (the fixture's dispute was created without the registration service, so no 受理 entry)
        assert kinds == ["started", "concluded", "agreement", "confirmation", "followup"]
        html = clerk.get(dispute.get_absolute_url()).content.decode()
        assert "办理过程" in html and "申请司法确认" in html and "陈和平" in html

    def test_refer(self, clerk, dispute):
        r = clerk.post(
            reverse("disputes:dispute_refer", args=[dispute.pk]),
            {"referred_to": "八桥派出所", "concluded_on": "2023-03-03", "note": "涉嫌治安案件"},
            follow=True,
        )
        dispute.refresh_from_db()
        assert dispute.status == c.Status.REFERRED and dispute.referred_to == "八桥派出所"
        assert "已转办" in "".join(messages_of(r))

    def test_delete_keeps_the_number_used(self, clerk, dispute, community, category):
        r = clerk.post(reverse("disputes:dispute_delete", args=[dispute.pk]), follow=True)
        assert not Dispute.objects.exists()
        assert "该编号不再使用" in "".join(messages_of(r))
        assert AuditLog.objects.filter(action="delete", model_label="disputes.Dispute").exists()
        clerk.post(reverse("disputes:dispute_add"), intake_payload(community, category))
        assert Dispute.objects.get().serial == "八桥调〔2023〕0002号"

    def test_managed_lists(self, clerk, org):
        r = clerk.post(
            reverse("disputes:category_add"), {"name": "校园纠纷", "sort_order": 95, "is_active": "on"}, follow=True
        )
        assert DisputeCategory.objects.get(organization=org).name == "校园纠纷"
        assert "已保存。" in messages_of(r)
        category = DisputeCategory.objects.get()
        clerk.post(reverse("disputes:category_edit", args=[category.pk]), {"name": "校园纠纷", "sort_order": 5})
        category.refresh_from_db()
        assert not category.is_active and category.sort_order == 5
        clerk.post(reverse("disputes:mediator_add"), {"name": "赵静宜", "unit": "司法所", "is_active": "on"})
        assert Mediator.objects.get().organization == org
        assert AuditLog.objects.filter(action="create", model_label="disputes.Mediator").exists()

    def test_duplicate_category_is_refused_in_chinese(self, clerk, category):
        r = clerk.post(reverse("disputes:category_add"), {"name": category.name, "sort_order": 1, "is_active": "on"})
        assert r.status_code == 200 and "已有同名纠纷类别" in r.content.decode()
        assert DisputeCategory.objects.count() == 1


@pytest.mark.django_db
class TestBadInputOnPages:
    def test_negative_amount(self, clerk, community, category):
        r = clerk.post(reverse("disputes:dispute_add"), intake_payload(community, category, amount="-5"))
        assert r.status_code == 200 and "涉及金额不能为负数" in r.content.decode()
        assert not Dispute.objects.exists() and not Party.objects.exists() and not SerialCounter.objects.exists()

    def test_grid_outside_the_community(self, clerk, org, community, category):
        from accounts.tests.factories import CommunityFactory, GridFactory

        elsewhere = GridFactory(community=CommunityFactory(organization=org, name="八桥社区"), organization=org)
        r = clerk.post(reverse("disputes:dispute_add"), intake_payload(community, category, elsewhere))
        assert "所选网格不属于所选村（社区）" in r.content.decode()
        assert not Dispute.objects.exists()

    def test_foreign_community_is_refused(self, clerk, category, other_org):
        from accounts.tests.factories import CommunityFactory

        foreign = CommunityFactory(organization=other_org, name="外镇社区")
        r = clerk.post(reverse("disputes:dispute_add"), intake_payload(foreign, category))
        assert "选择一个有效的选项" in r.content.decode()
        assert not Dispute.objects.exists()

    def test_bad_id_number(self, clerk, community, category):
        r = clerk.post(
            reverse("disputes:dispute_add"), intake_payload(community, category, **{"parties-0-id_number": "123"})
        )
        assert "身份证号应为 18 位" in r.content.decode()
        assert not Dispute.objects.exists()

    def test_concluded_before_received(self, clerk, mediating):
        r = clerk.post(
            reverse("disputes:dispute_conclude", args=[mediating.pk]),
            {"result": c.Status.SUCCEEDED, "concluded_on": "2023-02-01", "outcome": "x"},
        )
        assert r.status_code == 200 and "办结日期不能早于" in r.content.decode()
        mediating.refresh_from_db()
        assert mediating.status == c.Status.MEDIATING and mediating.concluded_on is None

    def test_editing_received_after_concluded_is_refused(self, clerk, succeeded, community, category):
        payload = intake_payload(community, category, received_on="2023-03-20")
        payload.update({"parties-TOTAL_FORMS": "0", "parties-INITIAL_FORMS": "0", "original_number": ""})
        r = clerk.post(reverse("disputes:dispute_edit", args=[succeeded.pk]), payload)
        assert r.status_code == 200 and "办结日期不能早于受理日期" in r.content.decode()
        succeeded.refresh_from_db()
        assert succeeded.received_on == D(2023, 3, 1)

    def test_impossible_transition_on_the_page(self, clerk, dispute):
        # Before mediation the page offers only 终止; a forged 调解成功 is refused.
        page = clerk.get(reverse("disputes:dispute_conclude", args=[dispute.pk])).content.decode()
        assert 'value="terminated"' in page and 'value="succeeded"' not in page
        r = clerk.post(
            reverse("disputes:dispute_conclude", args=[dispute.pk]),
            {"result": c.Status.SUCCEEDED, "concluded_on": "2023-03-05", "outcome": "x"},
        )
        assert "选择一个有效的选项" in r.content.decode()
        dispute.refresh_from_db()
        assert dispute.status == c.Status.ACCEPTED

    def test_a_closed_dispute_cannot_be_referred(self, clerk, succeeded):
        r = clerk.post(
            reverse("disputes:dispute_refer", args=[succeeded.pk]),
            {"referred_to": "法院", "concluded_on": "2023-03-12", "note": ""},
        )
        assert "该纠纷已调解成功，不能再转办" in r.content.decode()
        succeeded.refresh_from_db()
        assert succeeded.status == c.Status.SUCCEEDED and succeeded.referred_to == ""

    def test_the_agreement_form_says_article_29_items_are_optional(self, clerk, succeeded):
        html = clerk.get(reverse("disputes:agreement_edit", args=[succeeded.pk])).content.decode()
        assert "须载明" not in html
        assert "可以载明" in html and "选填" in html
        r = clerk.post(
            reverse("disputes:agreement_edit", args=[succeeded.pk]),
            {
                "form": c.AgreementForm.WRITTEN,
                "signed_on": "2023-03-10",
                "terms": "赔偿500元",
                "performance": "pending",
            },
            follow=True,
        )
        assert "调解协议已保存。" in messages_of(r)
        assert Agreement.objects.get().form == c.AgreementForm.WRITTEN

    def test_agreement_without_parties(self, clerk, mediating):
        services.dispute_conclude(
            dispute=mediating, result=c.Status.SUCCEEDED, concluded_on=D(2023, 3, 9), outcome="x", by=None
        )
        r = clerk.post(
            reverse("disputes:agreement_edit", args=[mediating.pk]),
            {"form": c.AgreementForm.ORAL, "signed_on": "2023-03-09", "terms": "赔偿", "performance": "pending"},
        )
        assert r.status_code == 200 and "请先在纠纷中登记当事人" in r.content.decode()
        assert not Agreement.objects.exists()


@pytest.mark.django_db
class TestPersonalData:
    ID = "11010519491231002X"

    def test_list_and_detail_are_masked_for_a_plain_clerk(self, clerk_other_dept, party):
        detail = clerk_other_dept.get(party.dispute.get_absolute_url() + "?show_personal=1").content.decode()
        assert self.ID not in detail and "110105********002X" in detail
        assert "13812345678" not in detail and "138****5678" in detail
        assert "张三丰" not in detail and "张**" in detail
        assert "查看完整信息" not in detail
        listing = clerk_other_dept.get(reverse("disputes:dispute_list")).content.decode()
        assert "张三丰" not in listing and "张**" in listing
        assert not AuditLog.objects.filter(action="view_personal").exists()

    def test_permitted_user_sees_full_data_only_when_asking_and_it_is_audited(self, pii_clerk, pii_clerk_user, party):
        url = party.dispute.get_absolute_url()
        plain = pii_clerk.get(url).content.decode()
        assert self.ID not in plain and "查看完整信息" in plain
        revealed = pii_clerk.get(url + "?show_personal=1").content.decode()
        assert self.ID in revealed and "13812345678" in revealed and "张三丰" in revealed
        entry = AuditLog.objects.get(action="view_personal")
        assert entry.user == pii_clerk_user and entry.object_id == str(party.dispute.pk)

    def test_export_is_masked_unless_permitted_and_asked(self, clerk_other_dept, pii_clerk, party):
        def cells(client, query=""):
            response = client.get(reverse("disputes:dispute_export") + query)
            ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
            return [c.value for c in ws[3]]  # row 1: the 台账 title, row 2: the header

        masked = cells(clerk_other_dept, "?show_personal=1")
        assert "申请人：张**" in masked and "110105********002X" in masked and self.ID not in masked
        assert "申请人：张**" in cells(pii_clerk)
        full = cells(pii_clerk, "?show_personal=1")
        assert "申请人：张三丰" in full and self.ID in full
        details = list(AuditLog.objects.filter(action="export").values_list("detail", flat=True))
        assert details == [
            "导出矛盾纠纷台账（含完整个人信息）",
            "导出矛盾纠纷台账（个人信息已脱敏）",
            "导出矛盾纠纷台账（个人信息已脱敏）",
        ]

    def test_export_follows_the_filters(self, clerk, dispute, org, community, category):
        DisputeFactory(organization=org, community=community, category=category, received_on=D(2022, 5, 1))
        response = clerk.get(reverse("disputes:dispute_export") + "?year=2023")
        ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert [r[0].value for r in ws.iter_rows(min_row=3)] == [dispute.serial]
        assert AuditLog.objects.get(action="export").row_count == 1


def _bulk(org, community, grid, category, mediator, n, start=0):
    """n disputes with two parties and a mediator each, a third of them with agreements."""
    from disputes.models import Agreement as A
    from disputes.services import allocate_serials

    numbers = allocate_serials(organization=org, year=2023, count=n)
    disputes = Dispute.objects.bulk_create(
        [
            Dispute(
                organization=org,
                year=2023,
                number=number,
                serial=serial,
                received_on=D(2023, 1, 1) + datetime.timedelta(days=i % 300),
                community=community,
                grid=grid,
                category=category,
                summary="批量",
                status=c.Status.SUCCEEDED if i % 3 == 0 else c.Status.ACCEPTED,
                concluded_on=D(2023, 12, 1) if i % 3 == 0 else None,
            )
            for i, (number, serial) in enumerate(numbers)
        ]
    )
    disputes = list(Dispute.objects.filter(organization=org).order_by("-pk")[:n])
    Party.objects.bulk_create(
        [Party(dispute=d, name=f"当事人{d.pk}", role=role) for d in disputes for role in ("applicant", "respondent")]
    )
    search.refresh_party_names(Dispute.objects.filter(pk__in=[d.pk for d in disputes]))  # as bulk loaders do
    Dispute.mediators.through.objects.bulk_create(
        [Dispute.mediators.through(dispute_id=d.pk, mediator_id=mediator.pk) for d in disputes]
    )
    A.objects.bulk_create(
        [
            A(dispute=d, organization=org, form="oral", signed_on=D(2023, 12, 1), terms="x")
            for d in disputes
            if d.status == "succeeded"
        ]
    )


@pytest.mark.django_db
def test_list_query_count_is_pinned_at_10_and_1000_rows(clerk, org, community, grid, category, mediator):
    url = reverse("disputes:dispute_list")
    _bulk(org, community, grid, category, mediator, 10)
    few, _ = count_queries(clerk, url)
    _bulk(org, community, grid, category, mediator, 990)
    assert Dispute.objects.count() == 1000
    many, sql = count_queries(clerk, url)
    # session, user, group perms, user perms (for perms.* in the template), count, page rows
    # (category/community/grid/agreement joined, follow-up Exists), mediators, parties,
    # filter choices: categories, communities, grids, mediators; the header's groups.
    assert few == many == 13, "\n".join(sql)
    filtered_url = f"{url}?q=当事人&year=2023&agreement=any&mediator={mediator.pk}"
    clerk.get(filtered_url)  # the ?year= is kept in the session: written once, on the first visit
    filtered, filtered_sql = count_queries(clerk, filtered_url)
    # Filtering adds only the lookup that validates the chosen mediator.
    assert filtered == many + 1, "\n".join(filtered_sql)


@pytest.mark.django_db
def test_list_filters(clerk, org, community, grid, category, mediator, dispute):
    _bulk(org, community, grid, category, mediator, 6)
    url = reverse("disputes:dispute_list")

    def count(query):
        return clerk.get(url + query).context["page_obj"].paginator.count

    assert count("") == 7
    assert count("?status=succeeded") == 2
    assert count("?stage=open") == 5
    assert count(f"?mediator={mediator.pk}") == 6
    assert count(f"?grid={grid.pk}&community={community.pk}") == 7
    assert count("?month=2023-03") == 1
    assert count("?q=" + dispute.serial) == 1
    assert count("?overdue=true") == 5  # all open ones were received in early 2023
    assert count("?overdue=true&as_of=2023-01-20") == 0
    assert count("?agreement=any&agreement_year=2023") == 2


@pytest.mark.django_db
def test_the_mediator_list_says_which_mediators_are_in_use(clerk, mediator):
    """The 状态 cell (registers/includes/active_cell.html): 在用 until the mediator is retired."""
    html = clerk.get(reverse("disputes:mediator_list")).content.decode()
    assert 'text-bg-success">在用' in html and 'text-bg-secondary">停用' not in html
    mediator.is_active = False
    mediator.save()
    html = clerk.get(reverse("disputes:mediator_list")).content.decode()
    assert 'text-bg-secondary">停用' in html and 'text-bg-success">在用' not in html
