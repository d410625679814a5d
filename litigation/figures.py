"""The litigation figures of docs/figures.md (行政复议 / 行政应诉), for one organization and year.

Three queries whatever the number of cases: the 复议 cases received or decided in
the year, the 应诉 cases received or judged in the year (each flagged whether its judgment
ends the lawsuit), and the trials of the year. Timeliness is judged in Python because the
due dates come from the holiday calendar (core.calendar), not from the database.

Year semantics (each figure's list link uses the same filter, so the list count equals it):
- 案件数: application/complaint copy received in the year (`?year=`);
- 审结数, 复议被纠错率: decided/judged in the year (`?concluded_year=`);
- 败诉率: lawsuits whose final judgment (last 审级, selectors.final_judgment_q) was given in
  the year, each counted once (`?final_year=`);
- 按期答复率/按期答辩率: cases received in the year whose reply/answer was due (submitted,
  or deadline passed); on time = submitted on or before the due date (`?year=&reply=due`);
- 复议逾期答复数/应诉逾期答辩数: the same cases whose reply/answer was not on time — submitted
  after the deadline, or the deadline passed with nothing submitted (`?year=&reply=not_on_time`).
  The report's claim check reads them to test “均及时提交答复书、答辩状” (issue #17);
- 负责人出庭应诉率: cases (one row per 审级) with a 开庭审理 held in the year — not a 庭前会议,
  询问 or mediation session; numerator those at which a qualifying 负责人 appeared at such a
  trial (`?hearing_year=&leader=1`). Published with its numerator and denominator, also as
  the counts 负责人出庭应诉案件数 and 开庭审理案件数, and per 审级 in the breakdown.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from core.figures import FigureDef, FigureValue, registry
from litigation import selectors
from litigation.choices import APPEARANCE_HEARING_KINDS, CORRECTING_DECISIONS, QUALIFYING_ROLES, Instance, Outcome
from litigation.models import Hearing, LitigationCase, ReconsiderationCase

RECONSIDERATION_LIST = "litigation:reconsideration_list"
LITIGATION_LIST = "litigation:litigation_list"

DEFINITIONS = [
    FigureDef("行政复议案件数", "收到行政复议申请书副本的案件数", "件", RECONSIDERATION_LIST, {"year": "{year}"}),
    FigureDef("行政复议审结数", "年内作出复议决定的案件数", "件", RECONSIDERATION_LIST, {"concluded_year": "{year}"}),
    FigureDef(
        "复议按期答复率",
        "按期提交答复的案件 ÷ 应答复案件",
        "%",
        RECONSIDERATION_LIST,
        {"year": "{year}", "reply": "due"},
        kind="rate",
    ),
    FigureDef(
        "复议逾期答复数",
        "逾期提交答复或逾期未答复的案件数",
        "件",
        RECONSIDERATION_LIST,
        {"year": "{year}", "reply": "not_on_time"},
        description="行政复议法（2023修订）第四十八条：收到申请书副本之日起10日内提交书面答复",
    ),
    FigureDef(
        "复议被纠错率",
        "被撤销、变更、确认违法、责令履行（及确认无效）的案件 ÷ 审结案件",
        "%",
        RECONSIDERATION_LIST,
        {"concluded_year": "{year}"},
        kind="rate",
    ),
    FigureDef("行政应诉案件数", "收到起诉状副本的应诉案件数（含各审级）", "件", LITIGATION_LIST, {"year": "{year}"}),
    FigureDef(
        "行政应诉审结数", "年内裁判的应诉案件数（各审级分别计）", "件", LITIGATION_LIST, {"concluded_year": "{year}"}
    ),
    FigureDef(
        "应诉按期答辩率",
        "按期提交答辩状的案件 ÷ 应答辩案件",
        "%",
        LITIGATION_LIST,
        {"year": "{year}", "answer": "due"},
        kind="rate",
    ),
    FigureDef(
        "应诉逾期答辩数",
        "逾期提交答辩状或逾期未答辩的案件数",
        "件",
        LITIGATION_LIST,
        {"year": "{year}", "answer": "not_on_time"},
        description="行政诉讼法第六十七条：收到起诉状副本之日起15日内提交答辩状",
    ),
    FigureDef(
        "负责人出庭应诉率",
        "负责人出庭应诉的案件 ÷ 开庭审理的案件（按审级分别计，只计开庭审理）",
        "%",
        LITIGATION_LIST,
        {"hearing_year": "{year}"},
        kind="rate",
    ),
    FigureDef(
        "负责人出庭应诉案件数",
        "年内开庭审理、负责人出庭应诉的案件数（按审级分别计）",
        "件",
        LITIGATION_LIST,
        {"hearing_year": "{year}", "leader": "1"},
    ),
    FigureDef(
        "开庭审理案件数", "年内开庭审理的案件数（按审级分别计）", "件", LITIGATION_LIST, {"hearing_year": "{year}"}
    ),
    FigureDef(
        "败诉率",
        "终审败诉的案件 ÷ 年内终审结案的案件（每案按最后审级的裁判计一次）",
        "%",
        LITIGATION_LIST,
        {"final_year": "{year}"},
        kind="rate",
    ),
]

DUE_CODES = {"on_time", "late", "overdue"}
RECONSIDERATION_COLUMNS = (
    "copy_received_on",
    "accepted_on",
    "procedure",
    "law",
    "reply_submitted_on",
    "decided_on",
    "decision",
)
LITIGATION_COLUMNS = ("copy_received_on", "level", "answer_submitted_on", "judged_on", "outcome")


def _list_url(year: int, **params) -> str:
    return FigureDef("", "", url_name=LITIGATION_LIST, url_params=params).url(year)


def _timeliness(cases, state_of, today) -> tuple[int, int]:
    on_time = due = 0
    for case in cases:
        state = state_of(case, today)
        if state is not None and state.code in DUE_CODES:
            due += 1
            on_time += state.code == "on_time"
    return on_time, due


@registry.provider("litigation", DEFINITIONS)
def compute(organization, year: int) -> dict[str, FigureValue]:
    return compute_years(organization, [year])[year]


def compute_years(organization, years) -> dict[int, dict[str, FigureValue]]:
    """The figures of several years from three queries (cases of 复议, of 应诉, the hearings),
    however many years are asked for together (the dashboard: a year and the one before)."""
    years = sorted(set(years))
    today = timezone.localdate()
    received_in, decided_in, judged_in, held_in = Q(), Q(), Q(), Q()
    for year in years:
        received_in |= Q(copy_received_on__year=year)  # 复议 and 应诉 alike: the copy received
        decided_in |= Q(decided_on__year=year)
        judged_in |= Q(judged_on__year=year)
        held_in |= Q(held_on__year=year)

    # Only the columns the figures and the deadline rules read (ReconsiderationCase.reply_state,
    # LitigationCase.answer_state): a whole row is ~40 columns, and building it was most of the
    # time of these figures at district scale (BENCHMARKS.md, issue 22). A rule reading another
    # column would cost a query per case: the pinned query count below catches it.
    reconsiderations = list(
        ReconsiderationCase.objects.filter(organization=organization)
        .filter(received_in | decided_in)
        .only(*RECONSIDERATION_COLUMNS)
    )
    lawsuits = list(
        selectors.with_final_flag(
            LitigationCase.objects.filter(organization=organization)
            .filter(received_in | judged_in)
            .only(*LITIGATION_COLUMNS)
        )
    )
    trials = Hearing.objects.filter(held_in, organization=organization, kind__in=APPEARANCE_HEARING_KINDS)
    hearings = list(trials.values_list("held_on", "case_id", "case__level", "leader_role"))
    return {
        year: _year_values(
            year,
            today,
            reconsiderations,
            lawsuits,
            [(case_id, level, role) for held_on, case_id, level, role in hearings if held_on.year == year],
        )
        for year in years
    }


compute.many_years = compute_years


def _year_values(year: int, today, reconsiderations: list, lawsuits: list, hearings: list) -> dict[str, FigureValue]:
    received = [c for c in reconsiderations if c.copy_received_on.year == year]
    decided = [c for c in reconsiderations if c.decided_on and c.decided_on.year == year]
    correcting = sum(c.decision in CORRECTING_DECISIONS for c in decided)
    replies_on_time, replies_due = _timeliness(received, ReconsiderationCase.reply_state, today)

    sued = [c for c in lawsuits if c.copy_received_on.year == year]
    concluded = [c for c in lawsuits if c.judged_on and c.judged_on.year == year]
    answers_on_time, answers_due = _timeliness(sued, LitigationCase.answer_state, today)

    # 败诉率: each lawsuit once, by the outcome of its final judgment, in the year of that judgment.
    final: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in concluded:
        if case.is_final:
            final[case.level][0] += case.outcome == Outcome.LOST
            final[case.level][1] += 1
    lost_total, final_total = (sum(counts[i] for counts in final.values()) for i in (0, 1))
    lost_breakdown = {
        label: FigureValue.rate(*final[value], url=_list_url(year, final_year=year, level=value))
        for value, label in Instance.choices
        if value in final
    }

    # 负责人出庭应诉率: one row per 开庭审理 of the year → per case (one 审级) whether a
    # qualifying 负责人 appeared at one of them (2020 规定第七条: once per 审级 suffices).
    heard: dict[int, tuple[str, bool]] = {}
    for case_id, instance, role in hearings:
        _, seen = heard.get(case_id, (instance, False))
        heard[case_id] = (instance, seen or role in QUALIFYING_ROLES)
    per_instance: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for instance, appeared in heard.values():
        per_instance[instance][0] += appeared
        per_instance[instance][1] += 1
    appeared_total = sum(n for n, _ in per_instance.values())
    breakdown = {
        label: FigureValue.rate(*per_instance[value], url=_list_url(year, hearing_year=year, level=value))
        for value, label in Instance.choices
        if value in per_instance
    }

    return {
        "行政复议案件数": FigureValue(len(received)),
        "行政复议审结数": FigureValue(len(decided)),
        "复议按期答复率": FigureValue.rate(replies_on_time, replies_due),
        "复议逾期答复数": FigureValue(replies_due - replies_on_time),
        "复议被纠错率": FigureValue.rate(correcting, len(decided)),
        "行政应诉案件数": FigureValue(len(sued)),
        "行政应诉审结数": FigureValue(len(concluded)),
        "应诉按期答辩率": FigureValue.rate(answers_on_time, answers_due),
        "应诉逾期答辩数": FigureValue(answers_due - answers_on_time),
        "负责人出庭应诉率": FigureValue.rate(appeared_total, len(heard), breakdown=breakdown),
        "负责人出庭应诉案件数": FigureValue(appeared_total),
        "开庭审理案件数": FigureValue(len(heard)),
        "败诉率": FigureValue.rate(lost_total, final_total, breakdown=lost_breakdown),
    }
