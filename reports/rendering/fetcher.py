"""Deny-by-default URL fetcher for WeasyPrint.

WeasyPrint's default fetcher opens any `file://`, `http(s)://` or `ftp://` URL
it meets in the HTML or CSS and follows HTTP redirects (CVE-2025-68616 was a
redirect-based SSRF, ../shared/DOMAIN.md "WeasyPrint facts"). A report PDF needs
nothing from the network, so this fetcher serves only:

- `data:` URIs (inline images, fonts);
- `file://` URLs whose real path (symlinks resolved) lies inside one of the
  project's own static folders or `settings.REPORT_FONTS_DIR` AND whose suffix
  is a font or an image.

Everything else — other files (`file:///etc/passwd`), http(s), ftp, unknown
schemes — is refused before any socket or file is opened, and logged. Redirects
cannot happen: no HTTP handler is ever reached.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger("reports.rendering")

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".woff", ".woff2"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
ALLOWED_SUFFIXES = FONT_SUFFIXES | IMAGE_SUFFIXES
MIME_TYPES = {
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".ttc": "font/collection",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}
# A report image or font bigger than this is a mistake (or an attack).
MAX_FILE_BYTES = 64 * 1024 * 1024


class RefusedURL(ValueError):
    """Raised for every URL the report renderer will not load."""


def allowed_roots() -> list[Path]:
    """The folders a report may load fonts/images from (resolved, existing)."""
    candidates = [Path(settings.REPORT_FONTS_DIR)]
    if getattr(settings, "STATIC_ROOT", None):
        candidates.append(Path(settings.STATIC_ROOT))
    for entry in getattr(settings, "STATICFILES_DIRS", []):
        candidates.append(Path(entry[1] if isinstance(entry, (tuple, list)) else entry))
    # Each project app's own static/ folder (third-party apps' are not ours).
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        folder = Path(config.path).resolve() / "static"
        if folder.is_relative_to(base) and ".venv" not in folder.parts:
            candidates.append(folder)
    return _resolve_existing(tuple(str(c) for c in candidates))


@lru_cache(maxsize=8)
def _resolve_existing(paths: tuple[str, ...]) -> list[Path]:
    roots = []
    for p in paths:
        path = Path(p).resolve()
        if path.is_dir() and path not in roots:
            roots.append(path)
    return roots


class SafeURLFetcher(URLFetcher):
    """WeasyPrint fetcher that loads only local static fonts/images and data: URIs.

    `refused` keeps the URLs refused during this render (tests and logs use it).
    """

    def __init__(self, *, roots: list[Path] | None = None):
        # Belt and braces: even the parent machinery is limited to data:/file:
        # and has no redirect handler.
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, timeout=1)
        self.roots = roots if roots is not None else allowed_roots()
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._fetch_file(url)
        self._refuse(url, "不允许的协议")

    def _fetch_file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            self._refuse(url, "不允许的主机")
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError):
            self._refuse(url, "文件不存在")
        if path.suffix.lower() not in ALLOWED_SUFFIXES:
            self._refuse(url, "不允许的文件类型")
        if not any(path.is_relative_to(root) for root in self.roots):
            self._refuse(url, "不在允许的静态目录内")
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            self._refuse(url, "不是普通文件或文件过大")
        return URLFetcherResponse(
            path.as_uri(),
            body=path.read_bytes(),
            headers={"Content-Type": MIME_TYPES[path.suffix.lower()]},
        )

    def _refuse(self, url: str, reason: str):
        shown = url if len(url) <= 200 else url[:200] + "…"
        self.refused.append(url)
        logger.warning("报告渲染拒绝加载资源 %s：%s", shown, reason)
        raise RefusedURL(f"{reason}: {shown}")
