"""load_demo's district (bench/demo.py): seven generated towns and 八桥镇's 2022, without
touching a figure of 八桥镇's 2023 (the seed report's); the `district` login; the district's
own report, whose figures are its towns' summed; idempotent.

Loading the district takes ~20 s on SQLite: loaded once for the module, two tests each running
several checks.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from accounts.models import Organization, User
from accounts.roles import CLERK, DISTRICT_VIEWER, LEADER
from core import figure_cache
from core.figures import FigureValue, registry
from core.testing import settle_deferred_checks

pytestmark = [pytest.mark.django_db, pytest.mark.district_demo]
OTHER_TOWNS = ["新山村街道", "跃进村街道", "九宫庙街道", "茄子溪街道", "春晖路街道", "建胜镇", "跳磴镇"]
DATA_APPS = ["enforcement", "litigation", "disputes", "publicity", "goals", "indicators"]


def snapshot(figures: dict) -> dict:
    """Everything a figure says: value, numerator, denominator, breakdown, items."""
    result = {}
    for key, resolved in figures.items():
        v = resolved.value
        breakdown = {
            label: (p.value, p.numerator, p.denominator) if isinstance(p, FigureValue) else p
            for label, p in (v.breakdown or {}).items()
        }
        result[key] = (v.value, v.numerator, v.denominator, breakdown, v.items, resolved.url)
    return result


def row_counts() -> dict:
    counts = {}
    for label in ["accounts", "reports", *DATA_APPS]:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model.objects.count()
    return counts


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """八桥镇's demo alone, its 2023 figures, then the district on top: loaded once for the
    module (a transaction rolled back after it), each test in its own savepoint inside it."""
    from bench import demo as district_demo

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--quiet-logins", "--without-district-records", verbosity=0)
        baqiao = Organization.objects.get(name="八桥镇")
        before = snapshot(registry.compute(baqiao, 2023))
        district_demo.RECORDS = True  # conftest.py turns the district off for the session
        try:
            call_command("load_demo", "--quiet-logins", verbosity=0)
        finally:
            district_demo.RECORDS = False
        settle_deferred_checks()
        yield before
        transaction.set_rollback(True)


def test_the_district_demo(demo):
    baqiao = Organization.objects.get(name="八桥镇")
    district = Organization.objects.get(name="大渡口区")

    # 八桥镇's 2023 is the seed report's, to the last numerator and breakdown.
    assert snapshot(registry.compute(baqiao, 2023)) == demo

    # Seven more towns under the district, each with records of 2022 and 2023 in every app.
    towns = Organization.objects.filter(parent=district)
    assert sorted(towns.values_list("name", flat=True)) == sorted(["八桥镇", *OTHER_TOWNS])
    baqiao_2023 = registry.compute(baqiao, 2023)
    for town in towns:
        for year in (2022, 2023):
            figures = registry.compute(town, year)
            for key in ["调解纠纷数", "行政复议案件数", "普法活动场次", "培训场次", "目标任务数", "网格数"]:
                assert figures[key].value.value, (town.name, year, key)
            assert figures["孵化基地注册企业数"].value.value, (town.name, year)
            # Plausible: around 八桥镇's own caseload (sizes 0.55–1.35, a 2022 trend of 0.80–1.03).
            ratio = figures["调解纠纷数"].value.value / baqiao_2023["调解纠纷数"].value.value
            assert 0.4 < ratio < 1.4, (town.name, year, ratio)
        if town.name != "八桥镇":
            assert registry.compute(town, 2023)["持证人数"].value.value
            assert registry.compute(town, 2023)["法律明白人数"].value.value

    # The district's figures are its towns' numerators and denominators summed.
    for year in (2022, 2023):
        per_town = [registry.compute(town, year) for town in towns]
        aggregated = figure_cache.year_figures(district, year)
        for key in ["调解成功率", "复议被纠错率", "败诉率", "负责人出庭应诉率", "目标完成率", "持证率"]:
            got = aggregated[key].value
            numerator = sum(f[key].value.numerator for f in per_town)
            denominator = sum(f[key].value.denominator for f in per_town)
            assert (got.numerator, got.denominator) == (numerator, denominator), key
            assert got.value == (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.01"))
        for key in ["调解纠纷数", "持证人数", "普法参与人数", "网格数", "入户走访户数", "培训总学时"]:
            assert aggregated[key].value.value == sum(f[key].value.value for f in per_town), key

    # The district login: 区级查看 of 大渡口区, the demo password, changed at first sign-in.
    user = User.objects.get(username="district")
    assert user.organization == district
    assert list(user.groups.values_list("name", flat=True)) == [DISTRICT_VIEWER]
    assert user.must_change_password and user.check_password("Baqiao@2023")
    # The district's own drafter (录入员) and approver (领导) of its report, loaded once.
    for username, role in [("district_clerk", CLERK), ("district_leader", LEADER)]:
        user = User.objects.get(username=username)
        assert user.organization == district, username
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.must_change_password and user.check_password("Baqiao@2023")
    # Every other town has its own leader and clerk (demo password, must change it).
    assert (
        User.objects.filter(organization__name="跳磴镇", username__in=["tiaodeng_leader", "tiaodeng_clerk"]).count()
        == 2
    )
    assert not User.objects.filter(organization__name="跳磴镇", must_change_password=False).exists()


def check_the_districts_report_resolves_every_placeholder_to_its_towns_total():
    from reports.models import AnnualReport
    from reports.selectors import document_plain_text, draft_document

    report = AnnualReport.objects.get(organization__name="大渡口区", year=2023)
    built = draft_document(report)
    assert built.problems == []
    text = document_plain_text(built.document)
    total = figure_cache.year_figures(report.organization, 2023)["调解纠纷数"].value.value
    assert f"共受理矛盾纠纷{total}件" in text
    assert total > 5 * 788  # eight towns, not 八桥镇's alone
    # Every other town has its 2023 report too (the 报告进度 page has rows to show).
    assert AnnualReport.objects.filter(organization__parent__name="大渡口区", year=2023).count() == 8


def check_baqiao_2022_closes_within_2022():
    """Nothing of 八桥镇's generated 2022 reaches into 2023 (it would move a seed figure)."""
    from disputes.models import Agreement, Dispute
    from litigation.models import Hearing, LitigationCase, ReconsiderationCase

    end = datetime.date(2022, 12, 31)
    disputes = Dispute.objects.filter(organization__name="八桥镇", year=2022)
    assert disputes.exists() and not disputes.filter(concluded_on__gt=end).exists()
    assert not disputes.filter(concluded_on__isnull=True).exists()
    assert not Agreement.objects.filter(dispute__in=disputes, performance_due__gt=end).exists()
    recon = ReconsiderationCase.objects.filter(organization__name="八桥镇", copy_received_on__year=2022)
    assert recon.exists() and not recon.filter(decided_on__gt=end).exists()
    suits = LitigationCase.objects.filter(organization__name="八桥镇", filed_on__year=2022)
    assert suits.exists() and not suits.filter(judged_on__gt=end).exists()
    assert not suits.exclude(appeal="none").exists()
    assert not Hearing.objects.filter(case__in=suits, held_on__gt=end).exists()


def check_generated_rows_pass_their_models_validation():
    errors, checked = [], 0
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical") or model._meta.auto_created:
                continue
            for row in model.objects.order_by("-pk")[:60]:  # the newest: the district's
                checked += 1
                try:
                    row.full_clean(validate_unique=False)
                except ValidationError as exc:
                    errors.append(f"{model._meta.label} {row.pk}: {exc.messages}")
    assert checked > 500
    assert errors == []


def check_a_second_load_changes_nothing():
    before = row_counts()
    tokens = dict(apps.get_model("core", "FigureVersion").objects.values_list("organization_id", "token"))
    call_command("load_demo", "--quiet-logins", verbosity=0)
    assert row_counts() == before
    # A load replaces every town's figure version (its rows were bulk-created without signals).
    after = dict(apps.get_model("core", "FigureVersion").objects.values_list("organization_id", "token"))
    assert all(after[pk] != token for pk, token in tokens.items())


def test_the_districts_report_its_records_and_a_second_load(demo):
    check_the_districts_report_resolves_every_placeholder_to_its_towns_total()
    check_baqiao_2022_closes_within_2022()
    check_generated_rows_pass_their_models_validation()
    check_a_second_load_changes_nothing()
