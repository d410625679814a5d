"""Evidence files (佐证材料/照片) shared by goals, publicity and indicators.

Files are never served from MEDIA_URL: a download goes through a view that checks
the user's organization and permission first, so a guessed URL reveals nothing.
Stored names are random (the clerk's file name is kept in a column), which keeps
Chinese names, spaces and "../" out of the file system.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.http import FileResponse, Http404

from core.models import OrgOwnedModel
from core.uploads import is_new_upload, validate_file_content

ALLOWED_EXTENSIONS = ["pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "jpg", "jpeg", "png", "txt"]
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def validate_attachment_size(file) -> None:
    """Size cap, then the content check (one validator: migrations name this function)."""
    if not is_new_upload(file):
        return
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("附件不能超过 20 MB。", code="file_too_large")
    validate_file_content(file)


attachment_validators = [
    FileExtensionValidator(
        ALLOWED_EXTENSIONS,
        message="不支持“%(extension)s”格式的附件，仅支持：%(allowed_extensions)s。",
    ),
    validate_attachment_size,
]


def _random_name(prefix: str, filename: str) -> str:
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"{prefix}/{uuid.uuid4().hex}{ext}"


# Module-level functions (not closures) so migrations can reference them.
def goal_upload_to(instance, filename):
    return _random_name("goals", filename)


def event_upload_to(instance, filename):
    return _random_name("publicity", filename)


def indicator_upload_to(instance, filename):
    return _random_name("indicators", filename)


class AttachmentBase(OrgOwnedModel):
    """A file attached to a record, with who uploaded it and its original name.

    It carries its parent's organization itself, so its audit entries land in
    the town's audit log (and a deleted parent does not leave them orphaned).
    """

    parent_attr = ""  # the ForeignKey to the record the file belongs to

    title = models.CharField("附件名称", max_length=100, blank=True, help_text="留空则使用文件名")
    original_name = models.CharField("原文件名", max_length=200, editable=False, blank=True)
    size = models.PositiveIntegerField("大小（字节）", default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.title or self.original_name or "附件"

    def save(self, *args, **kwargs):
        if not self.organization_id and self.parent_attr:
            self.organization_id = getattr(self, self.parent_attr).organization_id
        file = getattr(self, "file", None)
        if file and not self.original_name:
            self.original_name = os.path.basename(file.name)[:200]
        if file and not self.size:
            try:
                self.size = file.size
            except (OSError, ValueError):
                self.size = 0
        if not self.title:
            self.title = os.path.splitext(self.original_name)[0][:100]
        super().save(*args, **kwargs)

    @property
    def is_image(self) -> bool:
        return os.path.splitext(self.original_name)[1].lower() in {".jpg", ".jpeg", ".png"}

    def download_response(self) -> FileResponse:
        try:
            handle = self.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404("附件文件不存在") from exc
        return FileResponse(handle, as_attachment=not self.is_image, filename=self.original_name or None)
