"""Files attached to ledger records (佐证材料, 活动照片, 案件材料) — one behaviour for all.

Files are never served from MEDIA_URL: a download goes through a view that checks
the user's organization and permission first, so a guessed URL reveals nothing.
Stored names are random (the clerk's file name is kept in a column), which keeps
Chinese names, spaces and "../" out of the file system.

One behaviour, whichever model holds the file (`StoredFileMixin`): a download is inline
for an image and a download for anything else, under the clerk's file name; a missing
file is a 404, not a 500; when the row is deleted — by itself or with its parent — the
stored file is deleted too, after the transaction commits (a rolled-back delete keeps
its file). The history keeps the file's name, not the file: a deleted attachment is gone.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
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


IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png"}


class StoredFileMixin:
    """Download and deletion of a model's stored file (`file_field`)."""

    file_field = "file"

    @property
    def stored_file(self):
        return getattr(self, self.file_field)

    @property
    def download_name(self) -> str:
        return getattr(self, "original_name", "") or os.path.basename(self.stored_file.name or "")

    @property
    def is_image(self) -> bool:
        return os.path.splitext(self.download_name)[1].lower() in IMAGE_EXTENSIONS

    def download_response(self) -> FileResponse:
        return serve_file(self.stored_file, self.download_name)


# Models that keep a file without inheriting StoredFileMixin (litigation's CaseDocument),
# registered from their AppConfig.ready(): model → name of the FileField.
_FILE_FIELDS: dict[type, str] = {}


def files_follow_rows(model, field: str = "file") -> None:
    """Delete `model`'s stored file when its row is deleted, as for every attachment."""
    _FILE_FIELDS[model] = field


def serve_file(file, name: str = "") -> FileResponse:
    """The one download behaviour, for a FileField value and the clerk's file name."""
    name = name or os.path.basename(getattr(file, "name", "") or "")
    if not file:
        raise Http404("附件文件不存在")
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("附件文件不存在") from exc
    is_image = os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS
    return FileResponse(handle, as_attachment=not is_image, filename=name or None)


def _delete_stored_file(sender, instance, **kwargs) -> None:
    if isinstance(instance, StoredFileMixin):
        file = instance.stored_file
    elif sender in _FILE_FIELDS:
        file = getattr(instance, _FILE_FIELDS[sender])
    else:
        return
    if not file or not file.name:
        return
    storage, name = file.storage, file.name
    transaction.on_commit(lambda: storage.delete(name))


# For every model (cascaded deletes of a parent's attachments included); the isinstance
# check above keeps it to attachment models.
post_delete.connect(_delete_stored_file, dispatch_uid="core_registers_delete_stored_file")


class AttachmentBase(StoredFileMixin, OrgOwnedModel):
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
