"""Renderers of the annual report: a `reports.document.ReportDocument` in,
HTML / PDF / Word out. They lay the document out and never read models.

    render_html(doc, standalone=True) -> str   # standalone page (PDF input) or preview fragment
    render_pdf(doc, archival=False) -> bytes   # GB/T 9704-2012 A4 PDF, WeasyPrint; archival: tagged PDF/A-3a
    render_docx(doc) -> bytes                  # the same outline as .docx, official font names
    font_warnings() -> list[str]               # required 公文 fonts the PDF prints in a stand-in

WeasyPrint and python-docx are imported on first use, so importing this
package (URLconf, views) stays cheap.
"""

from __future__ import annotations

from .html import render_html


def render_pdf(doc, *, archival: bool = False) -> bytes:
    from .pdf import render_pdf as _render_pdf

    return _render_pdf(doc, archival=archival)


def render_docx(doc) -> bytes:
    from .docx import render_docx as _render_docx

    return _render_docx(doc)


def font_warnings() -> list[str]:
    """One sentence per required 公文 font (GB/T 9704-2012) missing here, naming
    the stand-in the PDF uses instead (issue #17: never silent)."""
    from .fonts import font_substitutions

    return [found.warning for found in font_substitutions()]


def warm_up() -> float | None:
    """Print the sample report once, so this process's fonts and stylesheet are loaded
    before a real download (gunicorn's post_worker_init, baqiao/gunicorn_conf.py).
    Returns the milliseconds it took, None when it failed (logged)."""
    import logging
    import time

    from .sample import sample_document

    logger = logging.getLogger("reports.rendering")
    start = time.perf_counter()
    try:
        render_pdf(sample_document())
    except Exception:  # a missing font or library must not stop the worker; the download says why
        logger.warning("报告排版预热失败", exc_info=True)
        return None
    return (time.perf_counter() - start) * 1000


__all__ = ["font_warnings", "render_docx", "render_html", "render_pdf", "warm_up"]
