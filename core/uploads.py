"""An uploaded file must be what its name says it is.

The extension is checked by FileExtensionValidator on each field, and the
Content-Type a browser sends is whatever the sender wrote, so neither says what
the bytes are. Here the first bytes of the file are compared with the signature
of the format its extension names: an .exe or an HTML page renamed 会议纪要.pdf is
refused with a message instead of being stored and handed to colleagues.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError

ZIP = b"PK\x03\x04"  # docx, xlsx, ofd (OFD is a zip package, GB/T 33190-2016) and zip itself
EMPTY_ZIP = b"PK\x05\x06"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # doc, xls and the WPS Office formats
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "docx": (ZIP,),
    "xlsx": (ZIP,),
    "ofd": (ZIP,),
    "zip": (ZIP, EMPTY_ZIP),
    "doc": (OLE,),
    "xls": (OLE,),
    "wps": (OLE, ZIP),  # WPS saves .wps as OLE, newer versions also as a zip package
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
LABELS = {
    "pdf": "PDF",
    "ofd": "OFD",
    "doc": "Word",
    "docx": "Word",
    "wps": "WPS",
    "xls": "Excel",
    "xlsx": "Excel",
    "jpg": "JPEG 图片",
    "jpeg": "JPEG 图片",
    "png": "PNG 图片",
    "zip": "ZIP 压缩包",
    "txt": "文本",
}
# PDF readers accept the header anywhere in the first kilobyte (ISO 32000-1, annex H).
PDF_HEADER_WITHIN = 1024
TEXT_SAMPLE = 8192


def _head(file, size: int) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head


def is_new_upload(file) -> bool:
    """False for a file already in storage: it was checked when it was uploaded, and
    editing its record must not reopen it (a file gone from storage would be a 500)."""
    return not getattr(file, "_committed", False)


def validate_file_content(file) -> None:
    """Raise a Chinese ValidationError when the bytes are not the format the extension names."""
    if not is_new_upload(file):
        return
    extension = os.path.splitext(file.name or "")[1].lower().lstrip(".")
    if extension == "pdf":
        ok = b"%PDF-" in _head(file, PDF_HEADER_WITHIN)
    elif extension == "txt":
        ok = b"\x00" not in _head(file, TEXT_SAMPLE)  # a NUL byte means a binary file under a .txt name
    elif extension in SIGNATURES:
        head = _head(file, 8)
        ok = head.startswith(SIGNATURES[extension])
    else:
        return  # FileExtensionValidator answers for extensions we do not accept
    if not ok:
        label = LABELS.get(extension, extension.upper())
        raise ValidationError(
            "文件内容与扩展名“.%(extension)s”不符（不是真正的%(label)s文件），请检查后重新上传。",
            code="content_mismatch",
            params={"extension": extension, "label": label},
        )
