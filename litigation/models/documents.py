"""案件材料: documents uploaded to either kind of case, stored under a random name."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.audit import history_bases
from core.models import OrgOwnedModel
from core.uploads import is_new_upload, validate_file_content
from litigation.choices import (
    DocumentKind,
)
from litigation.models.common import _today
from litigation.models.litigation import LitigationCase
from litigation.models.reconsideration import ReconsiderationCase

# --- uploaded documents ------------------------------------------------------------

DOCUMENT_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "jpg", "jpeg", "png", "zip"]
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def document_upload_to(instance: CaseDocument, filename: str) -> str:
    # The stored name is random: an uploaded name never becomes a path on disk.
    ext = os.path.splitext(filename)[1].lower()[:10]
    today = _today()
    return f"litigation/{instance.organization_id}/{today:%Y/%m}/{uuid.uuid4().hex}{ext}"


def validate_document_size(file) -> None:
    """Size cap, then the content check (one validator: migrations name this function)."""
    if not is_new_upload(file):
        return
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError("文件不能超过 20 MB。")
    validate_file_content(file)


class CaseDocument(OrgOwnedModel):
    """案件材料 — an uploaded document of a case (答复书, 答辩状, 证据, 决定书/判决书 …)."""

    reconsideration = models.ForeignKey(
        ReconsiderationCase,
        verbose_name="复议案件",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    litigation = models.ForeignKey(
        LitigationCase,
        verbose_name="应诉案件",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField("材料类型", max_length=20, choices=DocumentKind.choices)
    title = models.CharField("材料名称", max_length=200, blank=True, help_text="留空则使用文件名")
    file = models.FileField(
        "文件",
        upload_to=document_upload_to,
        max_length=200,
        validators=[
            FileExtensionValidator(
                DOCUMENT_EXTENSIONS,
                message="不支持该文件类型（.%(extension)s），请上传 PDF、OFD、Word、WPS、Excel、图片或 ZIP 文件。",
            ),
            validate_document_size,
        ],
        help_text="支持 PDF、OFD、Word、WPS、Excel、图片、ZIP，单个文件不超过 20 MB",
    )
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    submitted_on = models.DateField("提交/收到日期", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords(bases=history_bases())

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "案件材料"
        verbose_name_plural = "案件材料"
        constraints = [
            models.CheckConstraint(
                condition=Q(reconsideration__isnull=False, litigation__isnull=True)
                | Q(reconsideration__isnull=True, litigation__isnull=False),
                name="%(app_label)s_%(class)s_one_case",
                violation_error_message="材料须属于且仅属于一个案件。",
            ),
        ]

    def __str__(self):
        return self.title or self.original_name or self.get_kind_display()

    @property
    def case(self):
        return self.reconsideration or self.litigation

    def get_absolute_url(self):
        return self.case.get_absolute_url()
