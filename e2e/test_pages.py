"""Every main page, as the clerk and the leader see it, on a 1366×768 desktop and a
390-px-wide phone: screenshots into artifacts/screenshots/ for people to look at,
and the checks a machine can make — nothing sticks out sideways on the phone (a wide
table scrolls inside its .table-responsive box), no English left in the page, no
page resource missing, no console error (e2e/conftest.py).
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Words of a Django/Bootstrap default left untranslated, or a Python value printed raw.
ENGLISH = re.compile(
    r"\b(None|True|False|Submit|Search|Save|Cancel|Delete|Next|Previous|Page \d|Filter|"
    r"Loading|undefined|null|NaN|nan|Choose|Select|Yes|No)\b"
)


def pages_for(who: str) -> list[tuple[str, str]]:
    """(screenshot name, path) of the main pages one persona works with in the demo."""
    from disputes.models import Dispute
    from enforcement.models import Officer, Training
    from goals.models import Goal
    from litigation.models import LitigationCase, ReconsiderationCase
    from publicity.models import LegalEducationEvent, LegalLiaison
    from reports.models import AnnualReport

    if who == "leader":
        return [
            ("dashboard", reverse("dashboard:index") + "?year=2023"),
            ("dashboard_alerts", reverse("dashboard:alert_list")),
        ]
    officer = Officer.objects.filter(certificates__isnull=False).order_by("pk").first()
    dispute = Dispute.objects.filter(agreement__isnull=False).order_by("pk").first()
    report = AnnualReport.objects.get(year=2023, organization__name="八桥镇")
    first = {
        model: model.objects.order_by("pk").first()
        for model in (Training, ReconsiderationCase, LitigationCase, Goal, LegalEducationEvent, LegalLiaison)
    }
    pages = [
        ("home", reverse("core:home")),
        ("officer_list", reverse("enforcement:officer_list")),
        ("officer_detail", officer.get_absolute_url()),
        ("officer_form", reverse("enforcement:officer_add")),
        ("certificate_list", reverse("enforcement:certificate_list")),
        ("certificate_form", reverse("enforcement:certificate_add", args=[officer.pk])),
        ("training_list", reverse("enforcement:training_list")),
        ("training_detail", first[Training].get_absolute_url()),
        ("training_form", reverse("enforcement:training_add")),
        ("exam_list", reverse("enforcement:exam_list")),
        ("deadlines", reverse("litigation:deadlines")),
        ("reconsideration_list", reverse("litigation:reconsideration_list")),
        ("reconsideration_detail", first[ReconsiderationCase].get_absolute_url()),
        ("reconsideration_form", reverse("litigation:reconsideration_add")),
        ("litigation_list", reverse("litigation:litigation_list")),
        ("litigation_detail", first[LitigationCase].get_absolute_url()),
        ("litigation_form", reverse("litigation:litigation_add")),
        ("dispute_list", reverse("disputes:dispute_list")),
        ("dispute_detail", dispute.get_absolute_url()),
        ("dispute_form", reverse("disputes:dispute_add")),
        ("agreement_form", reverse("disputes:agreement_edit", args=[dispute.pk])),
        ("goal_list", reverse("goals:goal_list")),
        ("goal_detail", first[Goal].get_absolute_url()),
        ("goal_form", reverse("goals:goal_add")),
        ("event_list", reverse("publicity:event_list")),
        ("event_detail", first[LegalEducationEvent].get_absolute_url()),
        ("event_form", reverse("publicity:event_add")),
        ("liaison_list", reverse("publicity:liaison_list")),
        ("liaison_detail", first[LegalLiaison].get_absolute_url()),
        ("grid_work_list", reverse("publicity:entry_list")),
        ("grid_work_form", reverse("publicity:entry_add")),
        ("indicators", reverse("indicators:yearly")),
        ("indicators_form", reverse("indicators:yearly_edit")),
        ("report_list", reverse("reports:report_list")),
        ("report_detail", report.get_absolute_url()),
        ("report_edit", reverse("reports:report_edit", args=[report.pk])),
        ("report_preview", reverse("reports:report_preview", args=[report.pk])),
        ("report_meta_form", reverse("reports:report_meta", args=[report.pk])),
        ("report_figures", reverse("reports:figure_list")),
        ("organization", reverse("accounts:organization")),
    ]
    return pages


def visit(s, name: str, path: str, problems: list[str]) -> None:
    s.desktop()
    response = s.goto(path)
    if response.status != 200:
        problems.append(f"{name} {path}: HTTP {response.status}")
        return
    s.shot(f"{name}_desktop")
    text = s.page.inner_text("body")
    english = sorted(set(ENGLISH.findall(text)))
    if english:
        problems.append(f"{name} {path}: English words {english}")
    if not re.search(r"[\u4e00-\u9fff]", s.page.title()):
        problems.append(f"{name} {path}: the window title {s.page.title()!r} is not Chinese")

    s.phone()
    overflow = s.overflow()
    s.shot(f"{name}_phone")
    if overflow > 1:
        problems.append(f"{name} {path}: {overflow}px wider than a 390-px phone; sticking out: {s.widest()}")


@pytest.mark.parametrize("who", ["clerk", "leader"])
def test_main_pages_fit_desktop_and_phone(open_session, who):
    call_command("load_demo", "--quiet-logins", verbosity=0)
    s = open_session()
    s.login(who)
    problems: list[str] = []
    for name, path in pages_for(who):
        visit(s, name, path, problems)
    assert problems == []
