"""Yearly figures computed from the records; each equals the count of the list it links to."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from core.figures import registry
from enforcement import services
from enforcement.figures import DEFINITIONS, reference_day
from enforcement.tests.factories import (
    AttendanceFactory,
    CertificateFactory,
    ExamFactory,
    OfficerFactory,
    TrainingFactory,
)

D = datetime.date


def figures(org, year=2023):
    return registry.compute(org, year, apps=["enforcement"])


def value(org, key, year=2023):
    return figures(org, year)[key].value.value


def list_count(client, url):
    html = client.get(url).content.decode()
    match = re.search(r"共 (\d+) (?:人|张|场|人次)", html)
    assert match, url
    return int(match.group(1))


def test_keys_match_the_contract():
    text = (Path(settings.BASE_DIR) / "docs" / "figures.md").read_text()
    section = text.split("## enforcement")[1].split("\n## ")[0]
    keys = set()
    for cell in re.findall(r"^\| ([^|]+?) \|", section, re.M):
        keys.update(k.strip() for k in cell.split("/"))
    keys -= {"key", "---"}
    assert {d.key for d in DEFINITIONS} == keys


def test_reference_day():
    assert reference_day(2023, today=D(2026, 11, 26)) == D(2023, 12, 31)
    assert reference_day(2026, today=D(2026, 11, 26)) == D(2026, 11, 26)


@pytest.fixture
def year_2023(org, department, urban):
    """Three officers in post on 2023-12-31, two with a valid card; one renewal, one new card,
    one card revoked in the year, one retired officer; trainings and exams."""
    a = OfficerFactory(organization=org, department=department, name="甲")
    old = CertificateFactory(officer=a, number="A1", issued_on=D(2018, 5, 1), expires_on=D(2023, 4, 30))
    services.certificate_renew(certificate=old, new_number="A2", issued_on=D(2023, 4, 20), expires_on=D(2028, 4, 19))
    b = OfficerFactory(organization=org, department=department, name="乙")
    CertificateFactory(officer=b, number="B1", issued_on=D(2023, 2, 1), expires_on=D(2024, 3, 31))  # new, expiring
    c = OfficerFactory(organization=org, department=department, name="丙")
    bad = CertificateFactory(officer=c, number="C1", issued_on=D(2020, 1, 1), expires_on=D(2025, 1, 1))
    services.certificate_revoke(certificate=bad, reason="违法执法", on=D(2023, 7, 1))
    d = OfficerFactory(
        organization=org, department=department, name="丁", employment_status="retired", left_on=D(2023, 6, 30)
    )
    CertificateFactory(officer=d, number="D1", issued_on=D(2019, 1, 1), expires_on=D(2023, 10, 31))  # lapsed
    t1 = TrainingFactory(organization=org, start_on=D(2023, 3, 1), hours=40)
    t2 = TrainingFactory(organization=org, start_on=D(2023, 9, 1), hours=24)
    TrainingFactory(organization=org, start_on=D(2022, 9, 1), hours=99)  # another year
    for officer in (a, b):
        AttendanceFactory(training=t1, officer=officer)
    AttendanceFactory(training=t2, officer=a)
    ExamFactory(officer=a, exam_on=D(2023, 4, 1), passed=True)
    ExamFactory(officer=b, exam_on=D(2023, 1, 10), passed=False)
    return {"a": a, "b": b, "c": c}


@pytest.mark.django_db
def test_figures_of_2023(org, year_2023, other_org):
    OfficerFactory(organization=other_org)  # another town never counts
    f = {k: v.value for k, v in figures(org).items()}
    assert f["持证人数"].value == 2
    assert f["执法人员数"].value == 3
    assert (f["持证率"].value, f["持证率"].numerator, f["持证率"].denominator) == (Decimal("66.67"), 2, 3)
    assert f["新发证件数"].value == 1  # B1 (C1, D1, A1 earlier years)
    assert f["换发证件数"].value == 1  # A2
    assert f["到期证件数"].value == 1  # D1 lapsed; A1 was renewed before expiry
    assert f["注销吊销证件数"].value == 1  # C1 revoked; A1's 换发 not counted
    assert f["即将到期证件数"].value == 1  # B1 expires 2024-03-31
    assert f["培训场次"].value == 2
    assert f["培训总学时"].value == Decimal("104")  # 40 + 40 + 24
    assert f["学时达标人数"].value == 1  # 甲 64 ≥ 60
    # 培训达标率 carries its parts, so the district can total it over its towns.
    rate = f["培训达标率"]
    assert (rate.value, rate.numerator, rate.denominator) == (Decimal("33.33"), 1, 3)
    assert (f["考试人次"].value, f["考试通过人次"].value) == (2, 1)


@pytest.mark.django_db
def test_changing_a_record_changes_the_figure(org, year_2023, settings):
    assert value(org, "持证人数") == 2
    b_card = year_2023["b"].certificates.get()
    services.certificate_suspend(certificate=b_card, reason="调查", on=D(2023, 12, 1))
    assert value(org, "持证人数") == 1
    assert value(org, "即将到期证件数") == 0
    settings.TRAINING_HOURS_TARGET = 40
    assert value(org, "学时达标人数") == 2
    year_2023["c"].certificates.get().delete()
    assert value(org, "注销吊销证件数") == 0


@pytest.mark.django_db
def test_each_figure_equals_its_list(leader, org, year_2023):
    for key in [
        "持证人数",
        "执法人员数",
        "新发证件数",
        "换发证件数",
        "到期证件数",
        "注销吊销证件数",
        "即将到期证件数",
        "培训场次",
        "学时达标人数",
        "考试人次",
        "考试通过人次",
    ]:
        figure = figures(org)[key]
        assert figure.url, key
        assert list_count(leader, figure.url) == figure.value.value, key


@pytest.mark.django_db
def test_provider_runs_a_fixed_number_of_queries(org, year_2023, django_assert_num_queries):
    # officers, certificates, trainings, attended hours, exams
    with django_assert_num_queries(5):
        figures(org)


@pytest.mark.django_db
def test_several_years_at_once_are_each_year_alone(org, department, year_2023, django_assert_num_queries):
    """compute_years (the dashboard's year and the one before, in one pass) gives each year
    what that year alone gives, from the same five queries: nothing counted in the wrong year."""
    from enforcement.figures import compute, compute_years

    t2022 = TrainingFactory(organization=org, start_on=D(2022, 5, 1), hours=70)
    AttendanceFactory(training=t2022, officer=year_2023["c"])  # 丙 meets the target in 2022 only
    ExamFactory(officer=year_2023["c"], exam_on=D(2022, 6, 1), passed=True)

    with django_assert_num_queries(5):
        together = compute_years(org, [2023, 2022])
    assert sorted(together) == [2022, 2023]
    for year in (2022, 2023):
        alone = compute(org, year)
        assert {k: (v.value, v.numerator, v.denominator) for k, v in together[year].items()} == {
            k: (v.value, v.numerator, v.denominator) for k, v in alone.items()
        }, year
    assert together[2022]["培训场次"].value == 2 and together[2023]["培训场次"].value == 2
    assert together[2022]["学时达标人数"].value == 1 and together[2022]["考试人次"].value == 1
    assert together[2022]["培训总学时"].value == Decimal("70")  # attended hours: the 99-hour training had nobody
