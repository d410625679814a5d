"""Choices of the 行政执法人员 register, with the badge colour of each status."""

from django.db import models


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", "在岗"
    TRANSFERRED = "transferred", "调离"
    RETIRED = "retired", "退休"


EMPLOYMENT_BADGES = {
    EmploymentStatus.ACTIVE: "success",
    EmploymentStatus.TRANSFERRED: "secondary",
    EmploymentStatus.RETIRED: "secondary",
}


class CertificateKind(models.TextChoices):
    # 《中华人民共和国行政执法证》: the holder may enforce (行政处罚法第四十二条).
    ENFORCEMENT = "enforcement", "行政执法证"
    # 行政执法监督证: the holder supervises enforcement, does not enforce.
    SUPERVISION = "supervision", "行政执法监督证"


class CertificateState(models.TextChoices):
    """The recorded state of a certificate; what users see is `DisplayStatus`."""

    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    CANCELLED = "cancelled", "注销"
    REVOKED = "revoked", "吊销"


class DisplayStatus(models.TextChoices):
    """The status shown to users, derived from the state, the dates and today."""

    VALID = "valid", "有效"
    EXPIRING = "expiring", "即将到期"
    EXPIRED = "expired", "已过期"
    NOT_YET = "not_yet", "未生效"
    SUSPENDED = "suspended", "暂扣"
    CANCELLED = "cancelled", "注销"
    REVOKED = "revoked", "吊销"


DISPLAY_BADGES = {
    DisplayStatus.VALID: "success",
    DisplayStatus.EXPIRING: "warning",
    DisplayStatus.EXPIRED: "danger",
    DisplayStatus.NOT_YET: "info",
    DisplayStatus.SUSPENDED: "warning",
    DisplayStatus.CANCELLED: "secondary",
    DisplayStatus.REVOKED: "dark",
}


class ExamKind(models.TextChoices):
    NEW = "new", "取证考试"
    RENEWAL = "renewal", "换证考试"
    ANNUAL = "annual", "年度考试"
    OTHER = "other", "其他"


# 执法类别 seeded for every town; staff keep the list on the 执法类别 page.
DEFAULT_CATEGORIES = [
    "城市管理",
    "市场监管",
    "安全生产",
    "生态环境",
    "自然资源",
    "农业农村",
    "卫生健康",
    "文化旅游",
    "应急管理",
]

DEFAULT_ISSUING_AUTHORITY = "重庆市人民政府"
