"""The project's calendar beyond the published holiday data (issue #17):

- the statutory holidays of 《全国年节及纪念日放假办法》（2024年修订） computed for a year the
  `chinesecalendar` package does not cover (2027 on), with 补假 for a holiday on a weekend;
- the administrator's table of the State Council's yearly 放假安排, which overrides both;
- a date counted on the estimate says so.
"""

import datetime

import pytest
from django.core.management import CommandError, call_command

from core import calendar
from core.calendar import add_days, add_working_days, is_confirmed, is_workday, statutory_holidays
from core.models import HolidaySchedule, HolidayScheduleDay

D = datetime.date


def test_the_package_tables_read_directly_answer_like_the_package():
    """core.calendar reads chinese_calendar's tables itself (its is_workday scans them on every
    call): over every day the package covers, and a day either side, the answers are the same."""
    import chinese_calendar

    first, last = calendar.covered_years()
    day = D(first, 1, 1)
    while day <= D(last, 12, 31):
        assert calendar._official_workday(day) == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(days=1)
    for outside in (D(first - 1, 12, 31), D(last + 1, 1, 1)):
        assert calendar._official_workday(outside) is None
        with pytest.raises(NotImplementedError):
            chinese_calendar.is_workday(outside)


@pytest.mark.parametrize("count", [0, 1, 5, 10, 15, 20, 60, 300])
def test_working_days_read_off_the_year_tables_as_if_counted_one_by_one(count):
    """add_working_days reads each year's list of working days; counted day by day (as it was
    until issue 22) every start gives the same day and the same "estimated" flag, across New
    Year, 春节, 国庆 and into the year the package does not cover yet."""
    last = calendar.covered_years()[1]
    start = D(last - 1, 1, 1)
    while start <= D(last + 1, 2, 1):
        assert calendar._count_working_days(start, count) == calendar._count_day_by_day(start, count), start
        start += datetime.timedelta(days=3)


class TestStatutoryHolidaysBeyondTheData:
    def test_the_package_stops_before_2027(self):
        # If a new package release covers 2027, the estimate is no longer used for it:
        # move these tests to the first uncovered year.
        assert calendar.covered_years()[1] < 2027
        assert not is_confirmed(D(2027, 1, 1))

    @pytest.mark.parametrize(
        "day,name",
        [
            (D(2027, 1, 1), "元旦"),  # a Friday
            (D(2027, 2, 5), "春节"),  # 除夕, a Friday
            (D(2027, 2, 8), "春节"),  # 正月初三, a Monday
            (D(2027, 4, 5), "清明节"),  # the solar term, a Monday
            (D(2027, 5, 3), "劳动节（补假）"),  # 5/1–5/2 fall on Saturday and Sunday
            (D(2027, 6, 9), "端午节"),
            (D(2027, 9, 15), "中秋节"),
            (D(2027, 10, 1), "国庆节"),  # a Friday
        ],
    )
    def test_2027_holidays_are_not_working_days(self, day, name):
        assert not is_workday(day)
        assert statutory_holidays(2027)[day] == name

    def test_spring_festival_2027_weekend_days_are_made_up(self):
        # 初一 (6 Feb) and 初二 (7 Feb) are a Saturday and a Sunday: 补假 on 9 and 10 Feb (放假办法第六条).
        assert statutory_holidays(2027)[D(2027, 2, 9)] == "春节（补假）"
        assert statutory_holidays(2027)[D(2027, 2, 10)] == "春节（补假）"
        assert is_workday(D(2027, 2, 11))  # no 调休 can be guessed: an ordinary Thursday

    def test_ordinary_days_of_2027(self):
        assert is_workday(D(2027, 1, 4))  # Monday
        assert not is_workday(D(2027, 1, 2))  # Saturday

    @pytest.mark.parametrize("year", [2025, 2026])
    def test_the_estimate_never_adds_a_day_the_notice_did_not_give(self, year):
        # Checked against the published notices of 2025 and 2026 (in the package): every
        # statutory day, 补假 included, was a day off. The notices only add 调休.
        for day, name in statutory_holidays(year).items():
            assert not calendar._official_workday(day), (day, name)
        # …and they gave the statutory days their length: 春节 4 days, 劳动节 2, 国庆 3 (2025 law).
        names = list(statutory_holidays(year).values())
        assert names.count("春节") == 4 and names.count("劳动节") == 2 and names.count("国庆节") == 3

    def test_a_holiday_on_another_holiday_is_made_up(self):
        # 2028: 中秋 falls on Tue 3 October, a 国庆 day, and 1 October is a Sunday: two days
        # are owed, made up on 4 and 5 October.
        days = statutory_holidays(2028)
        assert days[D(2028, 10, 3)] in ("中秋节", "国庆节")
        october = {day: name for day, name in days.items() if day.month == 10}
        assert sorted(october) == [D(2028, 10, d) for d in (1, 2, 3, 4, 5)]
        assert sum(name.endswith("（补假）") for name in october.values()) == 2

    def test_a_deadline_on_the_estimate_says_so(self):
        # Thu 17 Dec 2026 + 15 days = Sat 1 Jan 2027 (元旦) → Mon 4 Jan 2027, estimated.
        assert add_days(D(2026, 12, 17), 15) == (D(2027, 1, 4), True)
        deadline = calendar.Deadline("答辩期限", D(2027, 1, 4), "行诉法第67条·15日", False, estimated=True)
        assert deadline.estimate_note == "（按法定节日推算，待国务院放假安排公布后核对）"
        assert calendar.Deadline("答辩期限", D(2026, 1, 5), "x", False).estimate_note == ""

    def test_national_day_2027_rolls_a_period_to_the_first_working_day(self):
        # 10 Sep 2027 + 21 days = Fri 1 Oct (国庆); 2, 3 Oct weekend; 补假 4, 5 Oct → Wed 6 Oct.
        assert add_days(D(2027, 9, 10), 21) == (D(2027, 10, 6), True)


@pytest.mark.django_db
class TestTheEnteredSchedule:
    @pytest.fixture
    def schedule_2027(self):
        schedule = HolidaySchedule.objects.create(
            year=2027, title="国务院办公厅关于2027年部分节假日安排的通知", document_number="国办发明电〔2026〕1号"
        )
        for day in (5, 6, 7, 8, 9, 10, 11, 12, 13):
            HolidayScheduleDay.objects.create(schedule=schedule, date=D(2027, 2, day), kind="rest", name="春节")
        HolidayScheduleDay.objects.create(schedule=schedule, date=D(2027, 2, 20), kind="work", name="春节")
        return schedule

    def test_a_row_overrides_the_estimate(self, schedule_2027):
        assert not is_workday(D(2027, 2, 11))  # the estimate worked it; the notice gives it off
        assert is_confirmed(D(2027, 2, 11)) and is_confirmed(D(2027, 7, 1))

    def test_a_makeup_saturday_counts_as_working(self, schedule_2027):
        assert D(2027, 2, 20).weekday() == 5
        assert is_workday(D(2027, 2, 20))
        # Fri 19 Feb + 1 working day = Sat 20 Feb (调休), no longer an estimate.
        assert add_working_days(D(2027, 2, 19), 1) == (D(2027, 2, 20), False)

    def test_working_days_across_an_entered_year_are_read_off_its_table(self, schedule_2027):
        last = calendar.covered_years()[1]
        start = D(last, 12, 1)
        while start <= D(2027, 3, 1):
            for count in (1, 10, 60):
                assert calendar._count_working_days(start, count) == calendar._count_day_by_day(start, count)
            start += datetime.timedelta(days=2)
        # From Monday 1 Feb 2027: 2–4 Feb, the nine days of 春节 entered skipped, 15–19 Feb,
        # Saturday 20 Feb worked (调休): the 10th working day is Monday 22 Feb.
        assert add_working_days(D(2027, 2, 1), 10) == (D(2027, 2, 22), False)

    def test_a_year_with_a_schedule_is_no_longer_estimated(self, schedule_2027):
        # Its weekdays not listed are worked; the statutory estimate is not used for it.
        assert is_workday(D(2027, 1, 4))
        assert add_days(D(2027, 3, 1), 10) == (D(2027, 3, 11), False)

    def test_a_row_overrides_the_package(self):
        # 2026-01-05 is a Monday worked in the package's data; a correction entered wins.
        assert is_workday(D(2026, 1, 5))
        schedule = HolidaySchedule.objects.create(year=2026)
        HolidayScheduleDay.objects.create(schedule=schedule, date=D(2026, 1, 5), kind="rest", name="更正")
        assert not is_workday(D(2026, 1, 5))

    def test_deleting_a_row_takes_effect(self, schedule_2027):
        HolidayScheduleDay.objects.get(date=D(2027, 2, 20)).delete()
        assert not is_workday(D(2027, 2, 20))

    def test_other_workers_read_the_table_again_after_a_while(self, schedule_2027, monkeypatch):
        calendar.invalidate_schedule()
        assert is_workday(D(2027, 2, 20))
        # A change made by another process (no signal here) is seen once the cache expires.
        HolidayScheduleDay.objects.filter(date=D(2027, 2, 20)).update(kind="rest")
        assert is_workday(D(2027, 2, 20))
        now = calendar.time.monotonic()
        monkeypatch.setattr(calendar.time, "monotonic", lambda: now + calendar.RELOAD_SECONDS + 1)
        assert not is_workday(D(2027, 2, 20))


@pytest.mark.django_db
class TestLoadHolidayScheduleCommand:
    CSV = "日期,安排,节日\n2027-01-01,放假,元旦\n2027-02-05,放假,春节\n2027-02-11,放假,春节\n2027-02-20,上班,春节\n"

    def _file(self, tmp_path, text):
        path = tmp_path / "2027.csv"
        path.write_text(text, encoding="utf-8-sig")
        return str(path)

    def test_loads_and_replaces_the_year(self, tmp_path, capsys):
        path = self._file(tmp_path, self.CSV)
        call_command("load_holiday_schedule", path, "--year", "2027", "--number", "国办发明电〔2026〕1号")
        assert "放假 3 天，调休上班 1 天" in capsys.readouterr().out
        schedule = HolidaySchedule.objects.get(year=2027)
        assert schedule.document_number == "国办发明电〔2026〕1号" and schedule.days.count() == 4
        assert not is_workday(D(2027, 2, 11)) and is_workday(D(2027, 2, 20))
        # Run again with a corrected file: the year's days are replaced, not added to.
        call_command(
            "load_holiday_schedule", self._file(tmp_path, "date,kind,name\n2027-02-12,rest,春节\n"), "--year", "2027"
        )
        assert list(HolidaySchedule.objects.get(year=2027).days.values_list("date", flat=True)) == [D(2027, 2, 12)]
        assert is_workday(D(2027, 2, 11)) and not is_workday(D(2027, 2, 12))

    def test_a_bad_row_changes_nothing(self, tmp_path):
        call_command("load_holiday_schedule", self._file(tmp_path, self.CSV), "--year", "2027")
        bad = self._file(tmp_path, "日期,安排,节日\n2027-03-01,放假,x\n2027-03-02,补班,x\n")
        with pytest.raises(CommandError, match="第3行：安排“补班”无法识别"):
            call_command("load_holiday_schedule", bad, "--year", "2027")
        bad = self._file(tmp_path, "日期,安排,节日\n2029-03-01,放假,x\n")
        with pytest.raises(CommandError, match="第2行：日期须在2027年前后"):
            call_command("load_holiday_schedule", bad, "--year", "2027")
        assert HolidaySchedule.objects.get(year=2027).days.count() == 4

    def test_bad_dates_and_headers_are_named(self, tmp_path):
        with pytest.raises(CommandError, match="第2行：日期“2027/1/1”无法识别"):
            call_command("load_holiday_schedule", self._file(tmp_path, "日期,安排\n2027/1/1,放假\n"), "--year", "2027")
        with pytest.raises(CommandError, match="表头"):
            call_command("load_holiday_schedule", self._file(tmp_path, "a,b\n"), "--year", "2027")
        with pytest.raises(CommandError, match="与第2行重复"):
            call_command(
                "load_holiday_schedule",
                self._file(tmp_path, "日期,安排\n2027-01-01,放假\n2027-01-01,上班\n"),
                "--year",
                "2027",
            )
        assert not HolidaySchedule.objects.exists()


@pytest.mark.django_db
class TestAdmin:
    def test_superuser_edits_the_schedule_and_the_town_admin_cannot(self, client, admin_user_town, django_user_model):
        from django.urls import reverse

        url = reverse("admin:core_holidayschedule_changelist")
        client.force_login(admin_user_town)
        assert client.get(url).status_code == 403
        superuser = django_user_model.objects.create_superuser("root", password="x-Strong-Pass-1")
        client.force_login(superuser)
        assert client.get(url).status_code == 200
        response = client.post(
            reverse("admin:core_holidayschedule_add"),
            {
                "year": "2027",
                "title": "国务院办公厅关于2027年部分节假日安排的通知",
                "document_number": "",
                "published_on": "",
                "days-TOTAL_FORMS": "1",
                "days-INITIAL_FORMS": "0",
                "days-MIN_NUM_FORMS": "0",
                "days-MAX_NUM_FORMS": "1000",
                "days-0-date": "2027-02-20",
                "days-0-kind": "work",
                "days-0-name": "春节",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert is_workday(D(2027, 2, 20))
