"""Choices of the litigation app, with the badge colour beside each status."""

from django.db import models


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANIZATION = "organization", "法人或其他组织"


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序"


class ReconsiderationLaw(models.TextChoices):
    # 行政复议法（2023修订）施行于2024年1月1日；之前受理的案件适用原法。
    LAW_2023 = "2023", "行政复议法（2023修订）"
    LAW_2017 = "2017", "行政复议法（2017修正）"


class Decision(models.TextChoices):
    """行政复议决定类型（行政复议法（2023修订）第六十三条至第七十四条）。"""

    CHANGE = "change", "变更"  # 第63条
    REVOKE = "revoke", "撤销"  # 第64条
    CONFIRM_ILLEGAL = "confirm_illegal", "确认违法"  # 第65条
    ORDER_PERFORM = "order_perform", "责令履行"  # 第66条
    CONFIRM_VOID = "confirm_void", "确认无效"  # 第67条
    UPHOLD = "uphold", "维持"  # 第68条
    DISMISS = "dismiss", "驳回复议请求"  # 第69条
    MEDIATION = "mediation", "调解"  # 第73条
    SETTLEMENT = "settlement", "和解"  # 第74条
    TERMINATE = "terminate", "终止"


# 被纠错 — the numerator of 复议被纠错率 (over 审结): the act was found wrong, by 撤销(第64条)、
# 变更(第63条)、确认违法(第65条) or 责令履行(第66条) — the four of the statistical caliber — and by
# 确认无效(第67条), the 2023 law's stronger form of 确认违法 (DOMAIN.md).
CORRECTING_DECISIONS = [
    Decision.CHANGE,
    Decision.REVOKE,
    Decision.CONFIRM_ILLEGAL,
    Decision.ORDER_PERFORM,
    Decision.CONFIRM_VOID,
]


class Instance(models.TextChoices):
    FIRST = "1", "一审"
    SECOND = "2", "二审"
    RETRIAL = "R", "再审"


class JudgmentKind(models.TextChoices):
    JUDGMENT = "judgment", "判决"
    RULING = "ruling", "裁定"
    MEDIATION = "mediation", "调解书"


class JudgmentResult(models.TextChoices):
    """判决、裁定结果（行政诉讼法第六十九条至第七十八条、第八十九条）。"""

    DISMISS_CLAIM = "dismiss_claim", "驳回诉讼请求"  # 第69条
    DISMISS_SUIT = "dismiss_suit", "驳回起诉"
    UPHOLD_APPEAL = "uphold", "驳回上诉，维持原判"  # 第89条第一款第一项
    REVOKE = "revoke", "撤销"  # 第70条
    CONFIRM_ILLEGAL = "confirm_illegal", "确认违法"  # 第74条
    CONFIRM_VOID = "confirm_void", "确认无效"  # 第75条
    CHANGE = "change", "变更"  # 第77条
    ORDER_PERFORM = "order_perform", "责令履行"  # 第72条、第78条
    AMEND = "amend", "二审改判"
    REMAND = "remand", "发回重审"
    WITHDRAWN = "withdrawn", "撤诉"  # 第62条
    MEDIATION = "mediation", "调解"  # 第60条
    TERMINATED = "terminated", "终结诉讼"
    OTHER = "other", "其他"


class Outcome(models.TextChoices):
    WON = "won", "胜诉"
    LOST = "lost", "败诉"
    OTHER = "other", "其他"


# The usual classification; a second-instance 改判 or 维持 depends on who appealed, so the
# outcome stays editable and this only fills it in when left blank.
RESULT_OUTCOME = {
    JudgmentResult.DISMISS_CLAIM: Outcome.WON,
    JudgmentResult.DISMISS_SUIT: Outcome.WON,
    JudgmentResult.UPHOLD_APPEAL: Outcome.WON,
    JudgmentResult.REVOKE: Outcome.LOST,
    JudgmentResult.CONFIRM_ILLEGAL: Outcome.LOST,
    JudgmentResult.CONFIRM_VOID: Outcome.LOST,
    JudgmentResult.CHANGE: Outcome.LOST,
    JudgmentResult.ORDER_PERFORM: Outcome.LOST,
    JudgmentResult.AMEND: Outcome.LOST,
    JudgmentResult.REMAND: Outcome.OTHER,
    JudgmentResult.WITHDRAWN: Outcome.OTHER,
    JudgmentResult.MEDIATION: Outcome.OTHER,
    JudgmentResult.TERMINATED: Outcome.OTHER,
    JudgmentResult.OTHER: Outcome.OTHER,
}


class Appeal(models.TextChoices):
    NONE = "none", "未上诉"
    PLAINTIFF = "plaintiff", "原告上诉"
    DEFENDANT = "defendant", "我方上诉"
    BOTH = "both", "双方上诉"


class LeaderRole(models.TextChoices):
    """出庭人员身份（最高人民法院关于行政机关负责人出庭应诉若干问题的规定（2020）第二条）。"""

    PRINCIPAL = "principal", "正职负责人"
    DEPUTY = "deputy", "副职负责人"
    IN_CHARGE = "in_charge", "参与分管的其他负责人"
    STAFF = "staff", "工作人员（非负责人）"
    LAWYER_ONLY = "lawyer", "仅委托律师"
    NONE = "none", "无人出庭"


# 规定第二条: only these count as 行政机关负责人; a lawyer alone does not (2018解释第一百二十八条).
QUALIFYING_ROLES = [LeaderRole.PRINCIPAL, LeaderRole.DEPUTY, LeaderRole.IN_CHARGE]


class HearingKind(models.TextChoices):
    """What kind of court session. Only 开庭审理 counts towards 负责人出庭应诉 (DOMAIN.md; 2020 规定
    第一条 speaks of 出庭 in each 审级 and 第七条 of 到庭参加一次庭审): a 庭前会议, a 询问 or a
    mediation session is not a trial, whoever attends."""

    TRIAL = "trial", "开庭审理"
    PRETRIAL = "pretrial", "庭前会议"
    INQUIRY = "inquiry", "询问"
    MEDIATION = "mediation", "庭审调解"


# The kinds that make a case count in the 负责人出庭应诉率 (numerator and denominator).
APPEARANCE_HEARING_KINDS = [HearingKind.TRIAL]


class DocumentKind(models.TextChoices):
    APPLICATION_COPY = "application_copy", "复议申请书副本"
    REPLY = "reply", "行政复议答复书"
    COMPLAINT_COPY = "complaint_copy", "起诉状副本"
    ANSWER = "answer", "答辩状"
    EVIDENCE = "evidence", "证据材料"
    LEGAL_BASIS = "legal_basis", "法律依据及规范性文件"
    POWER_OF_ATTORNEY = "attorney", "授权委托书"
    DECISION = "decision", "复议决定书"
    JUDGMENT = "judgment", "判决书/裁定书"
    OTHER = "other", "其他"


class CaseStatus(models.TextChoices):
    """Derived from the dates of a case, never typed in (so it cannot contradict them)."""

    AWAITING_DOCUMENT = "awaiting", "待答复/答辩"
    IN_PROGRESS = "in_progress", "审理中"
    CONCLUDED = "concluded", "已审结"


STATUS_CSS = {
    CaseStatus.AWAITING_DOCUMENT: "warning",
    CaseStatus.IN_PROGRESS: "primary",
    CaseStatus.CONCLUDED: "secondary",
}

OUTCOME_CSS = {Outcome.WON: "success", Outcome.LOST: "danger", Outcome.OTHER: "secondary"}
