"""Choices of the mediation register (矛盾纠纷调解台账).

Values are short ASCII keys; labels are what staff read and type (the xlsx
import accepts either). Statuses and risk colours keep their badge colour.
"""

from django.db import models


class Source(models.TextChoices):
    VISIT = "visit", "来访"
    CALL = "call", "来电"
    GRID = "grid", "网格排查"
    PETITION = "petition", "信访转办"
    POLICE = "police", "公安转办"
    COURT = "court", "法院委派"
    HOTLINE = "hotline", "12345热线"
    OTHER = "other", "其他"


class Grade(models.TextChoices):
    """分级: 按纠纷大小、性质和化解难易程度 (连心桥实施方案)."""

    SIMPLE = "simple", "简单"
    COMPLEX = "complex", "复杂"
    DIFFICULT = "difficult", "疑难"


class Level(models.TextChoices):
    """The level that handles a dispute of each grade: 村居 / 镇 / 区."""

    VILLAGE = "village", "村居"
    TOWN = "town", "镇"
    DISTRICT = "district", "区"


# The usual pairing of grade and handling level; the clerk may override it.
LEVEL_FOR_GRADE = {Grade.SIMPLE: Level.VILLAGE, Grade.COMPLEX: Level.TOWN, Grade.DIFFICULT: Level.DISTRICT}


class Risk(models.TextChoices):
    RED = "red", "红"
    YELLOW = "yellow", "黄"
    GREEN = "green", "绿"


RISK_BADGE = {Risk.RED: "danger", Risk.YELLOW: "warning", Risk.GREEN: "success"}


class MediationType(models.TextChoices):
    PEOPLE = "people", "人民调解"
    ADMINISTRATIVE = "administrative", "行政调解"
    JUDICIAL = "judicial", "司法调解"


class Status(models.TextChoices):
    ACCEPTED = "accepted", "受理"
    MEDIATING = "mediating", "调解中"
    SUCCEEDED = "succeeded", "调解成功"
    FAILED = "failed", "调解不成功"
    TERMINATED = "terminated", "终止"
    REFERRED = "referred", "转办"


STATUS_BADGE = {
    Status.ACCEPTED: "secondary",
    Status.MEDIATING: "primary",
    Status.SUCCEEDED: "success",
    Status.FAILED: "danger",
    Status.TERMINATED: "dark",
    Status.REFERRED: "info",
}

OPEN_STATUSES = (Status.ACCEPTED, Status.MEDIATING)
# 调结 = 调解成功 + 调解不成功 + 终止 (docs/figures.md); 转办 leaves the register unconcluded.
CONCLUDED_STATUSES = (Status.SUCCEEDED, Status.FAILED, Status.TERMINATED)
CLOSED_STATUSES = (*CONCLUDED_STATUSES, Status.REFERRED)


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"
    OTHER = "other", "第三人"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANIZATION = "organization", "法人或其他组织"


class AgreementForm(models.TextChoices):
    """人民调解法 Art. 28: 书面调解协议, or 口头协议 recorded by the mediator (Art. 30)."""

    WRITTEN = "written", "书面协议"
    ORAL = "oral", "口头协议"


class Performance(models.TextChoices):
    PENDING = "pending", "待履行"
    PERFORMED = "performed", "已履行"
    PARTIAL = "partial", "部分履行"
    NOT_PERFORMED = "not_performed", "未履行"


class ConfirmationResult(models.TextChoices):
    PENDING = "pending", "待裁定"
    CONFIRMED = "confirmed", "确认有效"
    REFUSED = "refused", "不予确认"


class VisitMethod(models.TextChoices):
    PHONE = "phone", "电话回访"
    HOME = "home", "上门回访"
    OTHER = "other", "其他"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class EventKind(models.TextChoices):
    REGISTERED = "registered", "受理登记"
    STARTED = "started", "开始调解"
    CONCLUDED = "concluded", "调结"
    REFERRED = "referred", "转办"
    AGREEMENT = "agreement", "调解协议"
    CONFIRMATION = "confirmation", "司法确认"
    FOLLOWUP = "followup", "回访"
    IMPORTED = "imported", "台账导入"
