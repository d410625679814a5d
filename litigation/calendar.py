"""Statutory deadlines of 行政复议 and 行政应诉: which period, from which day, under which article.

Days are counted by `core.calendar` (the one calendar of the project, shared with the
disputes app's 司法确认 window): working days for the periods of 行政复议法（2023修订）
(第八十八条第二款), calendar days rolled past holidays for the others (民事诉讼法第八十五条,
applied through 行政诉讼法第一百零一条). A date counted beyond the published 放假安排 is an
estimate and says so (`Deadline.estimated`).

The day-counting names are re-exported here so the app's code reads `calendar.add_days(...)`.
"""

from __future__ import annotations

import datetime

from core.calendar import (  # noqa: F401  (re-exported for the app's models, views and tests)
    ESTIMATE_NOTE,
    Deadline,
    DeadlineStatus,
    add_days,
    add_months,
    add_working_days,
    check_count,
    check_date,
    covered_years,
    is_confirmed,
    is_workday,
    roll_to_workday,
    working_days_between,
)
from core.formfields import RECORD_DATE_MAX, RECORD_DATE_MIN

# Kept for callers of the former name: "counted on a published 放假安排".
is_covered = is_confirmed

# --- the rules ------------------------------------------------------------------
# Each function returns None when the date it starts from is not known yet, or is not a
# usable day: one outside the range forms accept (a typing error such as 9999-12-31 saved
# before forms were bounded) would overflow the date arithmetic and break every page
# listing the case, so it gets no deadline instead.


def _known(day: datetime.date | None) -> bool:
    return day is not None and RECORD_DATE_MIN <= day <= RECORD_DATE_MAX


LAW_2023 = "2023"  # 行政复议法（2023修订）, in force 2024-01-01
LAW_2017 = "2017"  # 行政复议法（1999年制定，2009、2017年修正）
NEW_LAW_FROM = datetime.date(2024, 1, 1)


def applicable_reconsideration_law(accepted_on: datetime.date) -> str:
    """行政复议法（2023修订）第九十条: in force 2024-01-01; cases accepted before it stay under the old law (不溯及既往)."""
    check_date(accepted_on, "accepted_on")
    return LAW_2023 if accepted_on >= NEW_LAW_FROM else LAW_2017


def reconsideration_reply_deadline(
    *, received_on: datetime.date | None, simple: bool, law: str = LAW_2023
) -> Deadline | None:
    if not _known(received_on):
        return None
    if law == LAW_2017:
        # 原行政复议法第二十三条: 十日内, calendar days (第四十条 → 民事诉讼法 on periods).
        due, estimated = add_days(received_on, 10)
        return Deadline("答复期限", due, "原复议法第23条·10日", False, estimated)
    if simple:
        # 行政复议法（2023修订）第五十四条 + 第八十八条: 五日 = 5 working days.
        due, estimated = add_working_days(received_on, 5)
        return Deadline("答复期限", due, "复议法第54条·5个工作日", True, estimated)
    # 行政复议法（2023修订）第四十八条 + 第八十八条: 十日 = 10 working days.
    due, estimated = add_working_days(received_on, 10)
    return Deadline("答复期限", due, "复议法第48条·10个工作日", True, estimated)


def reconsideration_decision_deadline(
    *, accepted_on: datetime.date | None, simple: bool, extension_days: int = 0, law: str = LAW_2023
) -> Deadline | None:
    if not _known(accepted_on):
        return None
    check_count(extension_days, "extension_days")
    if extension_days > 30:
        raise ValueError("延长期限最多不超过三十日")
    if simple and law == LAW_2023:
        # 行政复议法（2023修订）第六十二条第二款: 简易程序 30 days, no extension.
        due, estimated = add_days(accepted_on, 30)
        return Deadline("决定期限", due, "复议法第62条·30日", False, estimated, ours=False)
    # 第六十二条第一款 (原法第三十一条): 60 days, extendable once by at most 30 days. The
    # extension runs on from the original 60th day; only the final day is rolled forward.
    due, estimated = add_days(accepted_on, 60 + extension_days)
    article = "复议法第62条" if law == LAW_2023 else "原复议法第31条"
    basis = f"{article}·60日" + (f"+延长{extension_days}日" if extension_days else "")
    return Deadline("决定期限", due, basis, False, estimated, ours=False)


FIRST_ANSWER_BASIS = "行诉法第67条·15日"
APPEAL_ANSWER_BASIS = "行诉法解释第108条·15日"


def litigation_answer_deadline(*, received_on: datetime.date | None, instance: str = "1") -> Deadline | None:
    if not _known(received_on):
        return None
    due, estimated = add_days(received_on, 15)
    if instance == "2":
        # Second instance: 《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》(法释〔2018〕1号)
        # 第一百零八条: 对方当事人应当在收到上诉状副本之日起十五日内提出答辩状. The
        # administrative rule itself, so neither 行诉法第六十七条 (the complaint) nor the civil rule.
        return Deadline("答辩期限", due, APPEAL_ANSWER_BASIS, False, estimated)
    # 行政诉讼法第六十七条: 答辩状 and evidence within 15 days of receiving the complaint copy.
    return Deadline("答辩期限", due, FIRST_ANSWER_BASIS, False, estimated)


def litigation_judgment_deadline(*, filed_on: datetime.date | None, instance: str, simple: bool) -> Deadline | None:
    """The court's 审限. instance: "1" 一审, "2" 二审, "R" 再审 (再审 follows the original
    instance's procedure and has no period of its own, so None)."""
    if not _known(filed_on) or instance not in ("1", "2"):
        return None
    if instance == "2":
        # 行政诉讼法第八十八条: second instance within 3 months of receiving the appeal.
        due, estimated = add_months(filed_on, 3)
        return Deadline("审理期限", due, "行诉法第88条·3个月", False, estimated, ours=False)
    if simple:
        # 行政诉讼法第八十三条: 简易程序 within 45 days of 立案.
        due, estimated = add_days(filed_on, 45)
        return Deadline("审理期限", due, "行诉法第83条·45日", False, estimated, ours=False)
    # 行政诉讼法第八十一条: first instance within 6 months of 立案.
    due, estimated = add_months(filed_on, 6)
    return Deadline("审理期限", due, "行诉法第81条·6个月", False, estimated, ours=False)


def litigation_appeal_deadline(*, served_on: datetime.date | None, ruling: bool) -> Deadline | None:
    if not _known(served_on):
        return None
    # 行政诉讼法第八十五条: appeal within 15 days of service of a judgment, 10 days of a ruling.
    days = 10 if ruling else 15
    due, estimated = add_days(served_on, days)
    return Deadline("上诉期限", due, f"行诉法第85条·{days}日", False, estimated)
