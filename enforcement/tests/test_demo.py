"""The 2023 demo reproduces the seed report: 全镇共有 11 人持有行政执法证."""

import datetime
import types

import pytest
from django.core.management import call_command

from accounts import demo as accounts_demo
from core.alerts import alert_registry
from core.figures import registry
from enforcement import demo
from enforcement.models import Certificate, Officer


def load(today):
    ctx = types.SimpleNamespace(today=today, year=2023)
    accounts_demo.load(ctx)
    demo.load(ctx)
    return ctx


@pytest.mark.django_db
def test_load_demo_gives_the_seed_figures():
    call_command("load_demo", "--quiet-logins", verbosity=0)
    ctx = types.SimpleNamespace(today=datetime.date.today())
    accounts_demo.load(ctx)
    figures = {k: f.value for k, f in registry.compute(ctx.organization, 2023, apps=["enforcement"]).items()}
    assert figures["持证人数"].value == 11
    assert figures["执法人员数"].value == 11
    assert figures["持证率"].value == 100
    assert figures["换发证件数"].value == 4
    assert figures["新发证件数"].value == 1
    assert figures["培训场次"].value >= 3 and figures["考试人次"].value >= 3
    found = [a for a in alert_registry.collect(ctx.organization, ctx.today) if a.app_label == "enforcement"]
    assert [a.title.split("的")[0] for a in found] == ["孙志强"]
    assert found[0].level == "warning"


@pytest.mark.django_db
@pytest.mark.parametrize("today", [datetime.date(2024, 2, 1), datetime.date(2026, 11, 26), datetime.date(2031, 7, 1)])
def test_demo_holds_whatever_today_is(today):
    ctx = load(today)
    figures = registry.compute(ctx.organization, 2023, apps=["enforcement"])
    assert figures["持证人数"].value.value == 11
    assert figures["换发证件数"].value.value == 4
    found = [a for a in alert_registry.collect(ctx.organization, today) if a.app_label == "enforcement"]
    assert [a.title.split("的")[0] for a in found] == ["孙志强"]
    # idempotent: a second run adds nothing
    counts = (Officer.objects.count(), Certificate.objects.count())
    load(today)
    assert (Officer.objects.count(), Certificate.objects.count()) == counts


@pytest.mark.django_db
def test_demo_records_pass_the_form_rules():
    load(datetime.date(2026, 11, 26))
    for officer in Officer.objects.all():
        officer.full_clean()
    for certificate in Certificate.objects.all():
        certificate.full_clean()
