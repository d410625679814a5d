"""The statutory periods, checked against dates counted by hand on the State Council's
holiday notices (国务院办公厅关于2023/2024/2025年部分节假日安排的通知)."""

import datetime

import pytest

from litigation import calendar
from litigation.calendar import (
    LAW_2017,
    LAW_2023,
    add_days,
    add_months,
    add_working_days,
    applicable_reconsideration_law,
    covered_years,
    is_covered,
    is_workday,
    litigation_answer_deadline,
    litigation_appeal_deadline,
    litigation_judgment_deadline,
    reconsideration_decision_deadline,
    reconsideration_reply_deadline,
    working_days_between,
)

D = datetime.date


class TestWorkdays:
    def test_spring_festival_2023_is_off_and_its_makeup_weekend_is_worked(self):
        assert not is_workday(D(2023, 1, 23))  # 春节
        assert is_workday(D(2023, 1, 28))  # 调休 Saturday
        assert is_workday(D(2023, 1, 29))  # 调休 Sunday
        assert not is_workday(D(2023, 2, 4))  # an ordinary Saturday

    def test_beyond_the_data_statutory_holidays_and_weekends(self):
        assert not is_covered(D(2099, 1, 1))
        assert not is_workday(D(2099, 1, 1))  # a Thursday, 元旦 by 放假办法第二条 (core.calendar)
        assert is_workday(D(2099, 1, 2))  # Friday
        assert not is_workday(D(2099, 1, 3))  # Saturday

    def test_covered_years_include_the_demo_year_and_today(self):
        first, last = covered_years()
        assert first <= 2023 <= last


class TestReconsiderationReply:
    def test_ten_working_days_across_spring_festival_2025(self):
        # Received Fri 24 Jan 2025. Counted: 26 Jan (调休 Sun) 27 Jan, [28 Jan–4 Feb 春节],
        # 5, 6, 7, 8 (调休 Sat), 10, 11, 12, 13 Feb → the 10th working day is 13 Feb.
        d = reconsideration_reply_deadline(received_on=D(2025, 1, 24), simple=False)
        assert d.due == D(2025, 2, 13)
        assert d.basis == "复议法第48条·10个工作日"
        assert d.working_days and not d.estimated

    def test_ten_working_days_across_spring_festival_2023(self):
        # 19, 20, 28 (调休 Sat), 29 (调休 Sun), 30, 31 Jan, 1, 2, 3, 6 Feb.
        assert add_working_days(D(2023, 1, 18), 10) == (D(2023, 2, 6), False)

    def test_simple_procedure_five_working_days_across_national_day_2024(self):
        # Received Fri 27 Sep 2024: 29 Sep (调休 Sun), 30 Sep, [1–7 Oct 国庆], 8, 9, 10 Oct.
        d = reconsideration_reply_deadline(received_on=D(2024, 9, 27), simple=True)
        assert d.due == D(2024, 10, 10)
        assert d.basis == "复议法第54条·5个工作日"

    def test_a_makeup_saturday_counts_as_a_working_day(self):
        # Thu 10 Oct 2024 + 2 working days: Fri 11, Sat 12 Oct (调休上班).
        assert add_working_days(D(2024, 10, 10), 2) == (D(2024, 10, 12), False)

    def test_old_law_counts_calendar_days(self):
        # 原复议法第二十三条: 10 days after 25 Sep 2023 = 5 Oct, a holiday → first working
        # day after it: Sat 7 Oct 2023 (调休上班).
        d = reconsideration_reply_deadline(received_on=D(2023, 9, 25), simple=False, law=LAW_2017)
        assert d.due == D(2023, 10, 7)
        assert d.basis == "原复议法第23条·10日"
        assert not d.working_days

    def test_the_receipt_day_is_not_counted(self):
        # Received Mon 6 Mar 2023: Tue 7 is day 1 … Mon 20 Mar is day 10.
        assert reconsideration_reply_deadline(received_on=D(2023, 3, 6), simple=False).due == D(2023, 3, 20)

    def test_no_receipt_no_deadline(self):
        assert reconsideration_reply_deadline(received_on=None, simple=False) is None


class TestReconsiderationDecision:
    def test_sixty_days(self):
        d = reconsideration_decision_deadline(accepted_on=D(2024, 3, 1), simple=False)
        assert d.due == D(2024, 4, 30)
        assert d.basis == "复议法第62条·60日"
        assert not d.ours

    def test_approved_extension_adds_up_to_thirty_days(self):
        d = reconsideration_decision_deadline(accepted_on=D(2024, 3, 1), simple=False, extension_days=30)
        assert d.due == D(2024, 5, 30)
        assert d.basis == "复议法第62条·60日+延长30日"

    def test_extension_beyond_thirty_days_is_refused(self):
        with pytest.raises(ValueError, match="三十日"):
            reconsideration_decision_deadline(accepted_on=D(2024, 3, 1), simple=False, extension_days=31)

    def test_simple_procedure_thirty_days(self):
        d = reconsideration_decision_deadline(accepted_on=D(2024, 3, 1), simple=True)
        # 31 Mar 2024 is a Sunday → Mon 1 Apr.
        assert d.due == D(2024, 4, 1)
        assert d.basis == "复议法第62条·30日"

    def test_old_law_article(self):
        d = reconsideration_decision_deadline(accepted_on=D(2023, 5, 4), simple=False, law=LAW_2017)
        assert d.basis == "原复议法第31条·60日"


class TestLitigation:
    def test_answer_ending_on_a_sunday_moves_to_monday(self):
        # 民诉法第八十五条: received Sat 11 Nov 2023 + 15 = Sun 26 Nov → Mon 27 Nov.
        d = litigation_answer_deadline(received_on=D(2023, 11, 11))
        assert d.due == D(2023, 11, 27)
        assert d.basis == "行诉法第67条·15日"

    def test_old_law_reply_ending_on_a_sunday(self):
        # Thu 9 Mar 2023 + 10 = Sun 19 Mar → Mon 20 Mar.
        assert add_days(D(2023, 3, 9), 10) == (D(2023, 3, 20), False)

    def test_answer_ending_in_spring_festival_moves_to_the_makeup_saturday(self):
        # 10 Jan 2023 + 15 = 25 Jan (春节) → the first working day after it is Sat 28 Jan (调休).
        assert litigation_answer_deadline(received_on=D(2023, 1, 10)).due == D(2023, 1, 28)

    def test_answer_ending_in_national_day(self):
        # 15 Sep 2023 + 15 = 30 Sep (国庆) → Sat 7 Oct 2023 (调休上班).
        assert litigation_answer_deadline(received_on=D(2023, 9, 15)).due == D(2023, 10, 7)

    def test_a_period_ending_on_a_makeup_saturday_stays_there(self):
        # 27 Sep 2024 + 15 = Sat 12 Oct 2024, a 调休 working day: not moved.
        assert litigation_answer_deadline(received_on=D(2024, 9, 27)).due == D(2024, 10, 12)

    def test_second_instance_answer_cites_the_2018_interpretation(self):
        # 法释〔2018〕1号第一百零八条: 答辩状 within 15 days of receiving the 上诉状副本 — not
        # 行诉法第六十七条 (the complaint) and not the civil procedure law.
        d = litigation_answer_deadline(received_on=D(2023, 7, 6), instance="2")
        assert (d.due, d.basis) == (D(2023, 7, 21), "行诉法解释第108条·15日")

    def test_first_instance_six_months(self):
        d = litigation_judgment_deadline(filed_on=D(2023, 8, 31), instance="1", simple=False)
        assert d.due == D(2024, 2, 29)  # no 31 Feb: the month's last day (民法典第二百零二条)
        assert d.basis == "行诉法第81条·6个月"

    def test_six_months_ending_in_national_day(self):
        assert add_months(D(2023, 3, 31), 6) == (D(2023, 10, 7), False)

    def test_simple_procedure_forty_five_days(self):
        # 19 Feb 2024 + 45 = 4 Apr (清明) → 5, 6 Apr off → Sun 7 Apr (调休上班).
        d = litigation_judgment_deadline(filed_on=D(2024, 2, 19), instance="1", simple=True)
        assert d.due == D(2024, 4, 7)
        assert d.basis == "行诉法第83条·45日"

    def test_second_instance_three_months_and_retrial_none(self):
        d = litigation_judgment_deadline(filed_on=D(2023, 6, 5), instance="2", simple=False)
        assert d.due == D(2023, 9, 5)
        assert d.basis == "行诉法第88条·3个月"
        assert litigation_judgment_deadline(filed_on=D(2023, 6, 5), instance="R", simple=False) is None

    def test_appeal_fifteen_days_for_a_judgment_ten_for_a_ruling(self):
        assert litigation_appeal_deadline(served_on=D(2023, 6, 1), ruling=False).due == D(2023, 6, 16)
        d = litigation_appeal_deadline(served_on=D(2023, 6, 1), ruling=True)
        assert d.due == D(2023, 6, 12)  # 11 Jun is a Sunday
        assert d.basis == "行诉法第85条·10日"


class TestBeyondTheHolidayData:
    def test_far_future_counts_weekends_only_and_says_so(self):
        # Mon 2 Mar 2099 + 10 working days (Mon–Fri) = Mon 16 Mar 2099.
        d = reconsideration_reply_deadline(received_on=D(2099, 3, 2), simple=False)
        assert d.due == D(2099, 3, 16)
        assert d.estimated

    def test_a_period_running_past_the_last_year_of_data_is_estimated(self):
        last = covered_years()[1]
        due, estimated = add_working_days(D(last, 12, 28), 10)
        assert estimated
        assert due.year == last + 1 and due.weekday() < 5

    def test_a_period_inside_the_data_is_not_estimated(self):
        assert add_working_days(D(2023, 6, 1), 10)[1] is False

    def test_calendar_days_rolled_past_a_weekend_beyond_the_data(self):
        # Sat 7 Mar 2099 → Mon 9 Mar 2099.
        assert add_days(D(2099, 2, 20), 15) == (D(2099, 3, 9), True)


class TestStatus:
    deadline = calendar.Deadline("答复期限", D(2023, 3, 20), "复议法第48条·10个工作日", True)

    def test_on_time(self):
        s = self.deadline.status(D(2023, 3, 20), today=D(2023, 5, 1))
        assert (s.code, s.text, s.css) == ("on_time", "按期", "success")

    def test_late_counts_working_days(self):
        # Fri 24 Mar is 4 working days after Mon 20 Mar.
        s = self.deadline.status(D(2023, 3, 24), today=D(2023, 5, 1))
        assert (s.code, s.text) == ("late", "逾期4个工作日")

    def test_pending_counts_working_days_left(self):
        s = self.deadline.status(None, today=D(2023, 3, 10))  # Fri → Mon 13 … Mon 20 = 6
        assert (s.code, s.text, s.days_left, s.css) == ("pending", "剩余6个工作日", 6, "info")
        assert self.deadline.status(None, today=D(2023, 3, 16)).css == "warning"

    def test_due_today(self):
        s = self.deadline.status(None, today=D(2023, 3, 20))
        assert (s.code, s.text) == ("pending", "今日到期")

    def test_overdue(self):
        s = self.deadline.status(None, today=D(2023, 3, 22))
        assert (s.code, s.text, s.days_left) == ("overdue", "已逾期2个工作日", -2)
        assert s.is_open

    def test_calendar_day_deadline_counts_calendar_days(self):
        d = calendar.Deadline("答辩期限", D(2023, 3, 20), "行诉法第67条·15日", False)
        assert d.status(None, today=D(2023, 3, 10)).text == "剩余10日"
        assert d.status(D(2023, 3, 23), today=D(2023, 4, 1)).text == "逾期3日"


class TestBadInput:
    @pytest.mark.parametrize("value", [None, "2023-01-01", 20230101])
    def test_not_a_date(self, value):
        with pytest.raises(TypeError, match="日期"):
            add_working_days(value, 10)

    def test_a_datetime_is_refused(self):
        with pytest.raises(TypeError, match="datetime"):
            add_days(datetime.datetime(2023, 1, 1, 12, 0), 10)

    def test_negative_count(self):
        with pytest.raises(ValueError, match="负数"):
            add_working_days(D(2023, 1, 1), -1)

    @pytest.mark.parametrize("value", [True, 1.5, "10"])
    def test_count_must_be_an_integer(self, value):
        with pytest.raises(TypeError, match="整数"):
            add_days(D(2023, 1, 1), value)

    def test_absurd_span(self):
        with pytest.raises(ValueError):
            add_working_days(D(2023, 1, 1), 100000)


class TestApplicableLaw:
    def test_boundary(self):
        assert applicable_reconsideration_law(D(2023, 12, 31)) == LAW_2017
        assert applicable_reconsideration_law(D(2024, 1, 1)) == LAW_2023


def test_working_days_between_is_signed():
    assert working_days_between(D(2023, 1, 19), D(2023, 1, 30)) == 4  # 20, 28, 29, 30
    assert working_days_between(D(2023, 1, 30), D(2023, 1, 19)) == -4
    assert working_days_between(D(2023, 1, 30), D(2023, 1, 30)) == 0
