"""行政复议 / 行政应诉 at district scale: 20,000 cases, with hearings and second instances.

Dates respect the models' constraints and clean() rules: the old 行政复议法 for cases
accepted before 2024-01-01 (no 简易程序 then), replies and answers after the copy
arrived, decisions and judgments after acceptance/filing, a reason whenever no
qualifying 负责人 appeared, appeals only from first-instance judgments.
"""

from __future__ import annotations

import datetime

from bench.gen.common import Context, Town, bulk, day_in, name, phone, pick, random_id_number
from litigation import calendar
from litigation.choices import (
    RESULT_OUTCOME,
    Appeal,
    Decision,
    HearingKind,
    Instance,
    JudgmentKind,
    JudgmentResult,
    LeaderRole,
    PartyKind,
    Procedure,
)
from litigation.models import Hearing, LitigationCase, ReconsiderationCase

# 20,000 in the district, second instances (~4 % more rows) included.
DISTRICT_CASES = 20_000 / 1.04
RECONSIDERATION_SHARE = 0.6
D = datetime.timedelta
ACTS = [
    ("责令限期拆除违法建设决定", "规划建设管理环保办公室"),
    ("行政处罚决定（占道经营）", "综合行政执法大队"),
    ("政府信息公开答复", "党政办公室"),
    ("征地补偿安置决定", "规划建设管理环保办公室"),
    ("强制拆除违法建筑行为", "综合行政执法大队"),
    ("不履行法定职责（安全隐患投诉）", "平安法治办公室"),
    ("最低生活保障待遇决定", "社会事务办公室"),
]
DECISIONS = [
    (Decision.UPHOLD, 45),
    (Decision.DISMISS, 20),
    (Decision.TERMINATE, 12),
    (Decision.REVOKE, 6),
    (Decision.CONFIRM_ILLEGAL, 6),
    (Decision.ORDER_PERFORM, 3),
    (Decision.CHANGE, 2),
    (Decision.MEDIATION, 3),
    (Decision.SETTLEMENT, 3),
]
FIRST_RESULTS = [
    (JudgmentResult.DISMISS_CLAIM, 45),
    (JudgmentResult.DISMISS_SUIT, 15),
    (JudgmentResult.WITHDRAWN, 15),
    (JudgmentResult.REVOKE, 8),
    (JudgmentResult.CONFIRM_ILLEGAL, 8),
    (JudgmentResult.ORDER_PERFORM, 4),
    (JudgmentResult.MEDIATION, 5),
]
SECOND_RESULTS = [(JudgmentResult.UPHOLD_APPEAL, 80), (JudgmentResult.AMEND, 12), (JudgmentResult.REMAND, 8)]
LEADERS = [
    ("镇长", LeaderRole.PRINCIPAL, 30),
    ("副镇长（分管城市建设）", LeaderRole.DEPUTY, 45),
    ("党委委员（参与分管综合执法）", LeaderRole.IN_CHARGE, 15),
    ("司法所工作人员", LeaderRole.STAFF, 6),
    ("", LeaderRole.LAWYER_ONLY, 4),
]


def generate(ctx: Context) -> None:
    # Year by year across the towns (rows interleaved as in a live register).
    first_instances: dict[str, list] = {town.code: [] for town in ctx.towns}
    for year in ctx.years:
        recon, first = [], []
        for town in ctx.towns:
            if ctx.skip(town, year):
                continue
            rng = ctx.rng("litigation", town.code, year)
            total = ctx.share(DISTRICT_CASES, year, what="cases", town=town)
            n_recon = round(total * RECONSIDERATION_SHARE)
            recon += [_reconsideration(ctx, rng, town, year, i + 1) for i in range(n_recon)]
            cases = [_first_instance(ctx, rng, town, year, i + 1) for i in range(total - n_recon)]
            first_instances[town.code] += cases
            first += cases
        bulk(ReconsiderationCase, recon, ctx)
        bulk(LitigationCase, first, ctx)
    for town in ctx.towns:
        rng = ctx.rng("litigation", "later", town.code)
        first = first_instances[town.code]
        second = [_second_instance(ctx, rng, town, case) for case in first if case.appeal != Appeal.NONE]
        bulk(LitigationCase, second, ctx)
        bulk(Hearing, [h for case in first + second for h in _hearings(ctx, rng, town, case)], ctx)


def _leader(rng, held_on, *, prefix=""):
    post, role, _w = rng.choices(LEADERS, weights=[w for *_, w in LEADERS])[0]
    fields = {
        f"{prefix}leader_role": role,
        f"{prefix}leader_name": name(rng) if post else "",
        f"{prefix}leader_post": post,
        f"{prefix}absence_reason": "",
    }
    if role not in (LeaderRole.PRINCIPAL, LeaderRole.DEPUTY, LeaderRole.IN_CHARGE):
        fields[f"{prefix}absence_reason"] = "负责人因参加区政府专题会议无法出庭，已书面说明并委托工作人员出庭"
    return fields


def _party(rng, prefix: str) -> dict:
    person = rng.random() < 0.85
    return {
        f"{prefix}_kind": PartyKind.PERSON if person else PartyKind.ORGANIZATION,
        f"{prefix}_name": name(rng) if person else f"重庆市{name(rng)}商贸有限公司",
        f"{prefix}_id_number": random_id_number(rng) if person else f"91500104MA{rng.randrange(10**7):07d}X",
        f"{prefix}_phone": phone(rng),
        f"{prefix}_address": f"重庆市大渡口区{rng.randint(1, 300)}号",
    }


def _reconsideration(ctx: Context, rng, town: Town, year: int, number: int) -> ReconsiderationCase:
    first, last = ctx.year_days(year)
    copy_received = day_in(rng, first, last)
    accepted = copy_received - D(days=rng.randint(0, 5))
    accepted = max(accepted, first)
    applied = accepted - D(days=rng.randint(0, 5))
    law = calendar.applicable_reconsideration_law(accepted)
    simple = law == calendar.LAW_2023 and rng.random() < 0.2
    act, department = rng.choice(ACTS)
    reply = copy_received + D(days=rng.randint(2, 9) if rng.random() < 0.97 else rng.randint(11, 20))
    decided = accepted + D(days=rng.randint(25, 75))
    close = ctx.closes(town, year)
    if close is not None:
        reply, decided = min(reply, close), min(decided, close)
    if reply >= ctx.today:
        reply = None
    fields = {}
    if decided >= ctx.today:
        decided = None
    else:
        fields.update(decision=pick(rng, DECISIONS), decision_summary="经审查，复议机关依法作出决定。")
    if rng.random() < 0.25:
        held = accepted + D(days=rng.randint(10, 40))
        if held < ctx.today and (decided is None or held <= decided):
            fields.update(hearing_held_on=held, **_leader(rng, held, prefix="hearing_"))
    if not simple and rng.random() < 0.05:
        fields.update(extension_approved=True, extension_days=rng.randint(10, 30), extension_reason="案情复杂")
    return ReconsiderationCase(
        organization=town.organization,
        case_number=f"渡府复〔{year}〕{number}号",
        respondent=town.organization.full_name,
        act_description=act,
        act_date=applied - D(days=rng.randint(5, 50)),
        act_department=town.departments[department],
        procedure=Procedure.SIMPLE if simple else Procedure.ORDINARY,
        law=law,
        applied_on=applied,
        accepted_on=accepted,
        copy_received_on=copy_received,
        reply_submitted_on=reply,
        decided_on=decided,
        handling_department=town.departments["司法所"],
        **_party(rng, "applicant"),
        **fields,
    )


def _judgment(ctx, rng, filed: datetime.date, results, close: datetime.date | None = None) -> dict:
    judged = filed + D(days=rng.randint(40, 170))
    if close is not None:
        judged = min(judged, close)
    if judged >= ctx.today:
        return {}
    result = pick(rng, results)
    kind = JudgmentKind.JUDGMENT
    if result == JudgmentResult.MEDIATION:
        kind = JudgmentKind.MEDIATION
    elif result in (JudgmentResult.DISMISS_SUIT, JudgmentResult.WITHDRAWN):
        kind = JudgmentKind.RULING
    served = judged + D(days=rng.randint(1, 10))
    if close is not None:
        served = min(served, close)
    return {
        "judged_on": judged,
        "result": result,
        "outcome": RESULT_OUTCOME[result],
        "judgment_kind": kind,
        "judgment_served_on": served if served < ctx.today else None,
        "judgment_summary": "法院依法作出裁判。",
    }


def _first_instance(ctx: Context, rng, town: Town, year: int, number: int) -> LitigationCase:
    first, last = ctx.year_days(year)
    filed = day_in(rng, first, last)
    received = filed + D(days=rng.randint(1, 6))
    answer = received + D(days=rng.randint(3, 14) if rng.random() < 0.97 else rng.randint(16, 25))
    close = ctx.closes(town, year)
    if close is not None:
        received, answer = min(received, close), min(answer, close)
    act, department = rng.choice(ACTS)
    judgment = _judgment(ctx, rng, filed, FIRST_RESULTS, close)
    appeal = Appeal.NONE
    # A year that closes has no appeal: the second instance would run into the next year.
    if judgment.get("judgment_kind") == JudgmentKind.JUDGMENT and rng.random() < 0.25 and close is None:
        appeal = Appeal.PLAINTIFF if judgment["outcome"] == "won" else Appeal.DEFENDANT
    return LitigationCase(
        organization=town.organization,
        case_number=f"（{year}）渝0104行初{number}号",
        level=Instance.FIRST,
        procedure=Procedure.SIMPLE if rng.random() < 0.15 else Procedure.ORDINARY,
        defendant=town.organization.full_name,
        cause=f"行政诉讼（{act}）",
        act_department=town.departments[department],
        filed_on=filed,
        copy_received_on=received if received < ctx.today else filed,
        answer_submitted_on=answer if answer < ctx.today else None,
        appeal=appeal,
        handling_department=town.departments["司法所"],
        **_party(rng, "plaintiff"),
        **judgment,
    )


def _second_instance(ctx: Context, rng, town: Town, case: LitigationCase) -> LitigationCase:
    filed = case.judged_on + D(days=rng.randint(20, 45))
    filed = min(filed, ctx.today - D(days=1))
    received = min(filed + D(days=rng.randint(1, 6)), ctx.today - D(days=1))
    answer = received + D(days=rng.randint(3, 14))
    return LitigationCase(
        organization=town.organization,
        court="重庆市第五中级人民法院",
        case_number=case.case_number.replace("渝0104行初", "渝05行终"),
        level=Instance.SECOND,
        first_instance=case,
        defendant=case.defendant,
        cause=case.cause,
        act_department=case.act_department,
        filed_on=filed,
        copy_received_on=received,
        answer_submitted_on=answer if answer < ctx.today else None,
        handling_department=case.handling_department,
        plaintiff_kind=case.plaintiff_kind,
        plaintiff_name=case.plaintiff_name,
        plaintiff_id_number=case.plaintiff_id_number,
        plaintiff_phone=case.plaintiff_phone,
        plaintiff_address=case.plaintiff_address,
        **_judgment(ctx, rng, filed, SECOND_RESULTS),
    )


def _hearings(ctx: Context, rng, town: Town, case: LitigationCase) -> list[Hearing]:
    if case.result == JudgmentResult.WITHDRAWN or rng.random() < 0.2:
        return []
    end = case.judged_on or ctx.today - D(days=1)
    rows = []
    for kind in [HearingKind.TRIAL] + ([HearingKind.PRETRIAL] if rng.random() < 0.15 else []):
        held = case.filed_on + D(days=rng.randint(20, 60))
        if held > end:
            continue
        rows.append(
            Hearing(
                organization=town.organization,
                case=case,
                held_on=held,
                kind=kind,
                other_attendees="委托代理律师",
                **_leader(rng, held),
            )
        )
    return rows
