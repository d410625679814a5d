"""HTML → PDF with WeasyPrint 70, loading nothing but our own fonts/images.

Security (../shared/DOMAIN.md "WeasyPrint facts"; issue 9):
- every URL goes through `SafeURLFetcher` (deny by default, logged);
- `<link rel=attachment>` / `<a rel=attachment>` never embed a file: the
  rendered document's attachments and attachment links are dropped before the
  PDF is written, whatever the fetcher would have allowed;
- the HTML comes from our template with autoescaped staff text.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings

from .checks import ensure_harfbuzz_subset
from .fetcher import SafeURLFetcher

logger = logging.getLogger("reports.rendering")

# Font lookups (fontconfig patterns, Pango metrics, @font-face copies) are the
# slow part of a first render; keep one FontConfiguration per thread and reuse
# it across renders. It is rebuilt when the licensed fonts change.
_local = threading.local()


def _font_config(faces_key: str):
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_local, "faces_key", None) != faces_key or getattr(_local, "font_config", None) is None:
        _local.font_config = FontConfiguration()
        _local.faces_key = faces_key
    return _local.font_config


# The published (frozen) revision is an electronic record to archive (GB/T 18894-2016
# accepts PDF/A) and a public document that screen readers must read (issue 21).
# PDF/A-3a is PDF/A's "accessible" level: WeasyPrint writes the structure tree (headings,
# paragraphs, reading order — the same tags its pdf/ua-1 variant writes), the pdfaid
# identification in the XMP metadata, the sRGB output intent and embedded font subsets.
# The XMP holds one identification only: WeasyPrint writes a variant's own and would put
# a second one (pdfuaid) in a second rdf:RDF, which XMP does not allow.
# Tagging costs little (bench/report_pdf.py: archival row), but drafts skip it anyway.
ARCHIVAL_VARIANT = "pdf/a-3a"


def html_to_pdf(html: str, *, fetcher: SafeURLFetcher | None = None, archival: bool = False) -> bytes:
    """Print standalone HTML to PDF bytes with the deny-by-default fetcher; `archival`
    makes it tagged PDF/A-3a (the published revision)."""
    ensure_harfbuzz_subset()
    from weasyprint import HTML

    from .fonts import font_face_css

    fetcher = fetcher or SafeURLFetcher()
    font_config = _font_config(font_face_css())
    # base_url: relative URLs resolve inside our static folder, the only place
    # they could load from anyway.
    base_url = (settings.BASE_DIR / "reports" / "static" / "reports").as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(font_config=font_config)
    # No embedded files, ever (issue 9): drop <link rel=attachment> files and
    # attachment annotations of <a rel=attachment>.
    if document.metadata.attachments:
        logger.warning("报告渲染忽略了 %d 个附件链接", len(document.metadata.attachments))
        document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    if archival:
        return document.write_pdf(pdf_variant=ARCHIVAL_VARIANT, pdf_tags=True)
    return document.write_pdf()


def render_pdf(doc, *, archival: bool = False) -> bytes:
    from .html import render_pdf_html

    return html_to_pdf(render_pdf_html(doc), archival=archival)
