"""2023 demo of 八桥镇: 3 行政复议 and 6 行政应诉 cases (the seed report: 今年共有行政复议 3 件，
行政应诉案件 6 件，均及时提交了行政复议答复书、答辩状等应诉证据材料，并严格落实行政机关负责人
出庭应诉制度).

All replies/answers on time and a qualifying 负责人 at every trial (开庭审理) held in 2023, so:
行政复议案件数 3, 行政应诉案件数 6, 复议按期答复率 = 应诉按期答辩率 = 负责人出庭应诉率 = 100% (5 of 5:
four 一审 and one 二审, each its own appearance). One case also had a 庭前会议 attended by staff,
which counts for neither side of the rate. 败诉率 0% of 4 lawsuits ended in 2023: the appealed
（2023）渝0104行初12号 counts once, at its 二审.
The cases were accepted before 2024-01-01, so the old 行政复议法 (calendar days) applies.
Names, ID numbers and phone numbers are fictional (ID checksums valid).
"""

from __future__ import annotations

import datetime

from litigation.choices import (
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

D = datetime.date

PRINCIPAL = ("王建平", "镇长", LeaderRole.PRINCIPAL)
DEPUTY_BUILDING = ("刘志强", "副镇长（分管城市建设和综合执法）", LeaderRole.DEPUTY)
DEPUTY_LAND = ("陈静", "副镇长（分管征地拆迁）", LeaderRole.DEPUTY)
STAFF = ("赵磊", "司法所工作人员", LeaderRole.STAFF)


def fake_id_number(prefix17: str) -> str:
    """A 身份证号 with a valid GB 11643 checksum (the first 17 digits are invented)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(prefix17, weights, strict=True))
    return prefix17 + "10X98765432"[total % 11]


RECONSIDERATIONS = [
    dict(
        case_number="渡府复〔2023〕8号",
        applicant_kind=PartyKind.PERSON,
        applicant_name="陈国华",
        applicant_id_number=fake_id_number("50010419680512031"),
        applicant_phone="13808231456",
        applicant_address="重庆市大渡口区八桥镇双山社区某栋",
        act_description="责令限期拆除违法建设决定",
        act_date=D(2023, 2, 13),
        act_department="综合行政执法大队",
        applied_on=D(2023, 3, 2),
        accepted_on=D(2023, 3, 7),
        copy_received_on=D(2023, 3, 9),
        reply_submitted_on=D(2023, 3, 16),
        decided_on=D(2023, 4, 28),
        decision=Decision.UPHOLD,
        decision_summary="被申请人作出的责令限期拆除决定认定事实清楚，程序合法，予以维持。",
    ),
    dict(
        case_number="渡府复〔2023〕21号",
        applicant_kind=PartyKind.ORGANIZATION,
        applicant_name="重庆渝桥建材有限公司",
        applicant_id_number="91500104MA5UXXXX1K",
        act_description="占道经营行政处罚决定",
        act_date=D(2023, 5, 22),
        act_department="综合行政执法大队",
        applied_on=D(2023, 6, 12),
        accepted_on=D(2023, 6, 15),
        copy_received_on=D(2023, 6, 19),
        reply_submitted_on=D(2023, 6, 27),
        hearing_held_on=D(2023, 7, 20),
        hearing=DEPUTY_BUILDING,
        decided_on=D(2023, 8, 10),
        decision=Decision.DISMISS,
        decision_summary="申请人的复议请求缺乏事实和法律依据，予以驳回。",
    ),
    dict(
        case_number="渡府复〔2023〕35号",
        applicant_kind=PartyKind.PERSON,
        applicant_name="刘晓梅",
        applicant_phone="13983052718",
        act_description="政府信息公开申请答复",
        act_date=D(2023, 8, 9),
        act_department="党政办公室",
        applied_on=D(2023, 9, 4),
        accepted_on=D(2023, 9, 6),
        copy_received_on=D(2023, 9, 8),
        reply_submitted_on=D(2023, 9, 14),
        decided_on=D(2023, 10, 20),
        decision=Decision.TERMINATE,
        decision_summary="申请人撤回行政复议申请，复议终止。",
    ),
]

LAWSUITS = [
    dict(
        case_number="（2023）渝0104行初12号",
        plaintiff_kind=PartyKind.PERSON,
        plaintiff_name="周德明",
        plaintiff_id_number=fake_id_number("50010419590723041"),
        plaintiff_phone="13752318890",
        cause="行政强制（强制拆除违法建筑）",
        act_department="综合行政执法大队",
        filed_on=D(2023, 2, 20),
        copy_received_on=D(2023, 2, 24),
        answer_submitted_on=D(2023, 3, 8),
        hearings=[(D(2023, 4, 18), PRINCIPAL)],
        judgment_kind=JudgmentKind.JUDGMENT,
        judged_on=D(2023, 5, 26),
        result=JudgmentResult.DISMISS_CLAIM,
        judgment_served_on=D(2023, 5, 30),
        appeal=Appeal.PLAINTIFF,
    ),
    dict(
        case_number="（2023）渝05行终186号",
        court="重庆市第五中级人民法院",
        level=Instance.SECOND,
        first="（2023）渝0104行初12号",
        plaintiff_kind=PartyKind.PERSON,
        plaintiff_name="周德明",
        cause="行政强制（强制拆除违法建筑）",
        act_department="综合行政执法大队",
        filed_on=D(2023, 7, 3),
        copy_received_on=D(2023, 7, 6),
        answer_submitted_on=D(2023, 7, 14),
        hearings=[(D(2023, 8, 22), DEPUTY_BUILDING)],
        judgment_kind=JudgmentKind.JUDGMENT,
        judged_on=D(2023, 9, 15),
        result=JudgmentResult.UPHOLD_APPEAL,
        judgment_served_on=D(2023, 9, 19),
    ),
    dict(
        case_number="（2023）渝0104行初45号",
        plaintiff_kind=PartyKind.ORGANIZATION,
        plaintiff_name="重庆恒达物流有限公司",
        cause="行政处罚（占道经营）",
        act_department="综合行政执法大队",
        filed_on=D(2023, 4, 10),
        copy_received_on=D(2023, 4, 13),
        answer_submitted_on=D(2023, 4, 24),
        hearings=[(D(2023, 6, 6), DEPUTY_BUILDING)],
        judgment_kind=JudgmentKind.JUDGMENT,
        judged_on=D(2023, 7, 12),
        result=JudgmentResult.DISMISS_CLAIM,
        judgment_served_on=D(2023, 7, 14),
    ),
    dict(
        case_number="（2023）渝0104行初78号",
        procedure=Procedure.SIMPLE,
        plaintiff_kind=PartyKind.PERSON,
        plaintiff_name="黄丽娟",
        cause="政府信息公开",
        act_department="党政办公室",
        filed_on=D(2023, 6, 5),
        copy_received_on=D(2023, 6, 7),
        answer_submitted_on=D(2023, 6, 16),
        hearings=[(D(2023, 7, 4), PRINCIPAL)],
        judgment_kind=JudgmentKind.RULING,
        judged_on=D(2023, 7, 18),
        result=JudgmentResult.WITHDRAWN,
        judgment_summary="庭审后经释法说理，原告申请撤诉，法院裁定准许。",
    ),
    dict(
        case_number="（2023）渝0104行初102号",
        plaintiff_kind=PartyKind.PERSON,
        plaintiff_name="李永福",
        cause="行政协议（征收补偿）",
        act_department="规划建设管理环保办公室",
        filed_on=D(2023, 8, 14),
        copy_received_on=D(2023, 8, 17),
        answer_submitted_on=D(2023, 8, 29),
        hearings=[
            (D(2023, 9, 26), STAFF, HearingKind.PRETRIAL, "庭前会议交换证据，由承办人员参加；负责人于开庭时出庭"),
            (D(2023, 10, 19), DEPUTY_LAND),
        ],
        judgment_kind=JudgmentKind.JUDGMENT,
        judged_on=D(2023, 12, 8),
        result=JudgmentResult.DISMISS_CLAIM,
        judgment_served_on=D(2023, 12, 12),
    ),
    dict(
        case_number="（2023）渝0104行初131号",
        plaintiff_kind=PartyKind.PERSON,
        plaintiff_name="张海燕",
        cause="履行法定职责（违法建设查处）",
        act_department="综合行政执法大队",
        filed_on=D(2023, 11, 6),
        copy_received_on=D(2023, 11, 9),
        answer_submitted_on=D(2023, 11, 21),
        hearings=[(D(2024, 1, 16), PRINCIPAL)],
        judgment_kind=JudgmentKind.JUDGMENT,
        judged_on=D(2024, 2, 27),
        result=JudgmentResult.DISMISS_CLAIM,
        judgment_served_on=D(2024, 3, 1),
    ),
]


def load(ctx) -> None:
    org = ctx.organization
    departments = ctx.departments
    handling = departments["司法所"]

    for spec in RECONSIDERATIONS:
        spec = dict(spec)
        if ReconsiderationCase.objects.filter(organization=org, case_number=spec["case_number"]).exists():
            continue
        hearing = spec.pop("hearing", None)
        case = ReconsiderationCase(
            organization=org,
            respondent=org.full_name,
            handling_department=handling,
            **{**spec, "act_department": departments[spec["act_department"]]},
        )
        if hearing:
            case.hearing_leader_name, case.hearing_leader_post, case.hearing_leader_role = hearing
        case.full_clean()
        case.save()

    by_number = {}
    for spec in LAWSUITS:
        spec = dict(spec)
        hearings = spec.pop("hearings", [])
        first = spec.pop("first", None)
        case = LitigationCase.objects.filter(organization=org, case_number=spec["case_number"]).first()
        if case is None:
            case = LitigationCase(
                organization=org,
                defendant=org.full_name,
                handling_department=handling,
                first_instance=by_number.get(first),
                **{**spec, "act_department": departments[spec["act_department"]]},
            )
            case.full_clean()
            case.save()
        by_number[case.case_number] = case
        for held_on, (name, post, role), *rest in hearings:
            kind, absence_reason = rest if rest else (HearingKind.TRIAL, "")
            if Hearing.objects.filter(case=case, held_on=held_on).exists():
                continue
            hearing = Hearing(
                organization=org,
                case=case,
                held_on=held_on,
                kind=kind,
                leader_role=role,
                leader_name=name,
                leader_post=post,
                other_attendees="司法所工作人员、法律顾问",
                absence_reason=absence_reason,
            )
            hearing.full_clean()
            hearing.save()
