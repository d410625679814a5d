"""Alerts (due within 3 working days or overdue) and pinned query counts."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from core.alerts import alert_registry
from core.testing import count_queries
from litigation import calendar
from litigation.alerts import deadline_alerts
from litigation.tests.factories import HearingFactory, LitigationCaseFactory, ReconsiderationCaseFactory


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.mark.django_db
class TestAlerts:
    def test_overdue_and_due_soon_answers_alert_the_handling_department(self, org, department, other_department):
        today = timezone.localdate()
        LitigationCaseFactory(
            organization=org, handling_department=department, case_number="逾期案",
            filed_on=days_ago(40), copy_received_on=days_ago(30),
        )  # fmt: skip
        # Received 14 days ago: due tomorrow at the latest (a holiday may push it a little).
        LitigationCaseFactory(
            organization=org, handling_department=other_department, case_number="将到期案",
            filed_on=days_ago(15), copy_received_on=days_ago(14),
        )  # fmt: skip
        LitigationCaseFactory(
            organization=org, handling_department=department, case_number="已答辩案",
            filed_on=days_ago(40), copy_received_on=days_ago(30), answer_submitted_on=days_ago(20),
        )  # fmt: skip
        LitigationCaseFactory(
            organization=org, handling_department=department, case_number="刚收到案",
            filed_on=today, copy_received_on=today,
        )  # fmt: skip
        alerts = {a.title.split(" ")[0]: a for a in alert_registry.collect(org, today) if a.app_label == "litigation"}
        assert set(alerts) == {"逾期案", "将到期案"}
        assert alerts["逾期案"].level == "danger" and alerts["逾期案"].category == "应诉答辩"
        assert alerts["逾期案"].department_id == department.pk
        assert alerts["将到期案"].level == "warning" and alerts["将到期案"].department_id == other_department.pk
        assert "「行诉法第67条·15日」" in alerts["将到期案"].detail
        mine = alert_registry.collect(org, today, department_id=other_department.pk)
        assert [a.title.split(" ")[0] for a in mine if a.app_label == "litigation"] == ["将到期案"]

    def test_reply_due_in_three_working_days(self, org, department):
        today = timezone.localdate()
        # Received so that the 10th working day is exactly 3 working days from today.
        received = today
        while calendar.add_working_days(received, 10)[0] > calendar.add_working_days(today, 3)[0]:
            received -= datetime.timedelta(days=1)
        ReconsiderationCaseFactory(
            organization=org, handling_department=department, case_number="复议将到期",
            accepted_on=received, copy_received_on=received, law=calendar.applicable_reconsideration_law(received),
        )  # fmt: skip
        alerts = [a for a in alert_registry.collect(org, today) if a.app_label == "litigation"]
        assert [a.category for a in alerts] == ["复议答复"]
        assert alerts[0].url.endswith(f"/reconsideration/{alerts[0].url.rstrip('/').rsplit('/', 1)[1]}/")

    def test_alerts_cost_two_queries(self, org, department, django_assert_num_queries):
        for i in range(5):
            LitigationCaseFactory(
                organization=org,
                handling_department=department,
                copy_received_on=days_ago(20 + i),
                filed_on=days_ago(30),
            )
        with django_assert_num_queries(2):  # open 复议 cases, open 应诉 cases
            deadline_alerts(org, timezone.localdate())


@pytest.mark.django_db
class TestQueryCounts:
    """List pages cost the same whatever the number of rows."""

    def make_litigation(self, org, department, n):
        for _ in range(n):
            case = LitigationCaseFactory(organization=org, handling_department=department)
            HearingFactory(case=case)

    def test_litigation_list(self, clerk, org, department):
        url = reverse("litigation:litigation_list")
        self.make_litigation(org, department, 1)
        few, _ = count_queries(clerk, url)
        self.make_litigation(org, department, 25)
        many, sql = count_queries(clerk, url)
        # session, user, group perms, user perms; count; page of cases (joined departments and
        # first instance); their hearings; departments for the filter; the user's groups in the
        # header (see sql on failure)
        assert few == many == 9, "\n".join(sql)

    def test_litigation_list_with_deadline_filters(self, clerk, org, department):
        url = reverse("litigation:litigation_list") + "?overdue=1&answer=overdue&year=2024"
        self.make_litigation(org, department, 1)
        clerk.get(url)  # the ?year= is kept in the session: written once, on the first visit
        few, _ = count_queries(clerk, url)
        self.make_litigation(org, department, 25)
        many, sql = count_queries(clerk, url)
        assert "<strong data-count>26</strong>" in clerk.get(url).content.decode()  # the rows are listed
        # the plain list's 9 + one candidate query for each Python-evaluated filter (2)
        assert few == many == 11, "\n".join(sql)

    def test_reconsideration_list(self, clerk, org, department):
        url = reverse("litigation:reconsideration_list") + "?reply=due"
        ReconsiderationCaseFactory(organization=org, handling_department=department)
        few, _ = count_queries(clerk, url)
        for _ in range(25):
            ReconsiderationCaseFactory(organization=org, handling_department=department)
        many, sql = count_queries(clerk, url)
        assert few == many == 9, "\n".join(sql)

    def test_deadlines_page(self, clerk, org, department):
        url = reverse("litigation:deadlines")
        LitigationCaseFactory(
            organization=org, handling_department=department, filed_on=days_ago(14), copy_received_on=days_ago(12)
        )
        few, _ = count_queries(clerk, url)
        for i in range(20):
            LitigationCaseFactory(
                organization=org, handling_department=department, filed_on=days_ago(20), copy_received_on=days_ago(i)
            )
            ReconsiderationCaseFactory(
                organization=org, handling_department=department, accepted_on=days_ago(i), copy_received_on=days_ago(i)
            )
        many, sql = count_queries(clerk, url)
        assert few == many == 7, "\n".join(sql)

    def test_export(self, clerk, org, department, django_assert_max_num_queries):
        self.make_litigation(org, department, 1)
        few, _ = count_queries(clerk, reverse("litigation:litigation_export"))
        self.make_litigation(org, department, 25)
        many, sql = count_queries(clerk, reverse("litigation:litigation_export"))
        assert few == many == 7, "\n".join(sql)

    def test_detail(self, clerk, org, department, lcase):
        for day in range(1, 6):
            HearingFactory(case=lcase, held_on=datetime.date(2024, 4, day))
        count, sql = count_queries(clerk, lcase.get_absolute_url())
        # session, user, scope check, user perms, group perms, the case (joined departments and
        # first instance), hearings, documents, later instances, 修改记录 (its history rows with
        # their users), the user's groups in the header
        assert count == 11, "\n".join(sql)


@pytest.mark.django_db
def test_database_constraints_hold_without_the_form(org, department):
    # A write that skips full_clean() (a script, a bulk import) still cannot store a
    # reply before the application copy arrived.
    with pytest.raises(IntegrityError):
        ReconsiderationCaseFactory(
            organization=org, handling_department=department,
            copy_received_on=datetime.date(2024, 3, 6), reply_submitted_on=datetime.date(2024, 3, 1),
        )  # fmt: skip
