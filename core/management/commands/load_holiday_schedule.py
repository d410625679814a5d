"""Load the State Council's yearly 放假安排 from a CSV file (for the IT person, each November):

    python manage.py load_holiday_schedule 2027放假安排.csv --year 2027 \\
        --title "国务院办公厅关于2027年部分节假日安排的通知" --number "国办发明电〔2026〕X号" --published-on 2026-11-12

The file has a header and one row per day of the notice, every day off and every 调休
working day (UTF-8, with or without BOM; the header may be Chinese or English):

    日期,安排,节日
    2027-01-01,放假,元旦
    2027-02-05,放假,春节
    2027-02-20,上班,春节

安排 is 放假 (or 休 / rest) or 上班 (or 班 / 调休 / work). The year's days are replaced as a
whole, in one transaction: running the command again with a corrected file is safe, and a
file with any bad row changes nothing. Deadlines use the new days at once in this process
and within a minute in the running web workers (core.calendar.RELOAD_SECONDS).
"""

from __future__ import annotations

import csv
import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.models import HolidaySchedule, HolidayScheduleDay

KINDS = {
    "放假": HolidayScheduleDay.Kind.REST,
    "休": HolidayScheduleDay.Kind.REST,
    "rest": HolidayScheduleDay.Kind.REST,
    "上班": HolidayScheduleDay.Kind.WORK,
    "班": HolidayScheduleDay.Kind.WORK,
    "调休": HolidayScheduleDay.Kind.WORK,
    "调休上班": HolidayScheduleDay.Kind.WORK,
    "work": HolidayScheduleDay.Kind.WORK,
}
COLUMNS = {"日期": "date", "date": "date", "安排": "kind", "kind": "kind", "节日": "name", "name": "name"}


def _date(text: str, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CommandError(f"{what}：日期“{text}”无法识别，请写作 2027-01-01。") from exc


def read_rows(path: str) -> list[tuple[int, datetime.date, str, str]]:
    """(line, date, kind, name) for each row of the file; CommandError naming the first bad line."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise CommandError("文件为空。")
            names = [COLUMNS.get(cell.strip().lower()) for cell in header]
            if "date" not in names or "kind" not in names:
                raise CommandError("第1行须为表头：日期,安排,节日")
            rows = []
            for line, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                record = {key: cell.strip() for key, cell in zip(names, cells, strict=False) if key}
                kind = KINDS.get(record.get("kind", "").lower())
                if kind is None:
                    raise CommandError(f"第{line}行：安排“{record.get('kind', '')}”无法识别，应为“放假”或“上班”。")
                rows.append((line, _date(record.get("date", ""), f"第{line}行"), kind, record.get("name", "")))
    except OSError as exc:
        raise CommandError(f"无法读取文件：{exc}") from exc
    except UnicodeDecodeError as exc:
        raise CommandError("文件须为 UTF-8 编码的 CSV。") from exc
    return rows


class Command(BaseCommand):
    help = "从 CSV 文件导入国务院年度放假安排（放假日期与调休上班日期），整年替换"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True, help="通知所安排的年度，如 2027")
        parser.add_argument("--title", default="", help="通知名称")
        parser.add_argument("--number", default="", help="文号")
        parser.add_argument("--published-on", default="", help="发布日期，如 2026-11-12")

    def handle(self, *args, **options):
        year = options["year"]
        rows = read_rows(options["file"])
        if not rows:
            raise CommandError("文件中没有日期。")
        seen: dict[datetime.date, int] = {}
        for line, day, _, _ in rows:
            if day in seen:
                raise CommandError(f"第{line}行：日期 {day} 与第{seen[day]}行重复。")
            seen[day] = line
        published_on = _date(options["published_on"], "--published-on") if options["published_on"] else None

        with transaction.atomic():
            schedule, _ = HolidaySchedule.objects.get_or_create(year=year)
            for attr, value in (
                ("title", options["title"]),
                ("document_number", options["number"]),
                ("published_on", published_on),
            ):
                if value:
                    setattr(schedule, attr, value)
            try:
                schedule.full_clean()
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from exc
            schedule.save()
            for old in schedule.days.all():
                old.delete()  # one by one, so each deletion is in the history and the audit log
            for line, day, kind, name in rows:
                entry = HolidayScheduleDay(schedule=schedule, date=day, kind=kind, name=name)
                try:
                    entry.full_clean()
                except ValidationError as exc:
                    raise CommandError(f"第{line}行：{'；'.join(exc.messages)}") from exc
                entry.save()

        rest = sum(kind == HolidayScheduleDay.Kind.REST for _, _, kind, _ in rows)
        self.stdout.write(f"{year}年放假安排：放假 {rest} 天，调休上班 {len(rows) - rest} 天，已导入。")
