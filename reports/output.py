"""The bridge to the renderers in `reports.rendering` (HTML preview, PDF, Word).

The renderers are built on their own branch; they are imported lazily so this
app works — and says clearly what is missing — before they are merged.
Expected interface (reports/rendering/__init__.py):

    render_html(doc: ReportDocument) -> str     # optional keyword standalone=False → preview fragment
    render_pdf(doc: ReportDocument, archival=False) -> bytes
    render_docx(doc: ReportDocument) -> bytes
    font_warnings() -> list[str]                # optional: missing 公文 fonts, each with its stand-in
"""

from __future__ import annotations

import importlib
import re

from reports.document import ReportDocument

MISSING_MESSAGE = "报告排版模块（reports.rendering）尚未安装，暂时无法生成PDF或Word文件。"


class RenderingUnavailable(RuntimeError):
    pass


def _module():
    try:
        return importlib.import_module("reports.rendering")
    except ModuleNotFoundError as exc:
        if exc.name in ("reports.rendering", "reports"):
            raise RenderingUnavailable(MISSING_MESSAGE) from exc
        raise


def available() -> bool:
    try:
        _module()
    except RenderingUnavailable:
        return False
    return True


def render_html(doc: ReportDocument) -> str:
    return _module().render_html(doc)


def render_pdf(doc: ReportDocument, *, archival: bool = False) -> bytes:
    """`archival`: the published revision's tagged PDF/A (reports.rendering.pdf)."""
    if archival:
        return _module().render_pdf(doc, archival=True)
    return _module().render_pdf(doc)


def render_docx(doc: ReportDocument) -> bytes:
    return _module().render_docx(doc)


def font_warnings() -> list[str]:
    """The renderer's warnings about stand-in fonts; none without a renderer (nothing is printed then)."""
    try:
        module = _module()
    except RenderingUnavailable:
        return []
    warnings = getattr(module, "font_warnings", None)
    return warnings() if warnings else []


FONTS_HINT = "请系统管理员把正版字体文件（TTF/OTF）放入报告字体目录（设置 REPORT_FONTS_DIR）后重新生成PDF。"


def render_preview_html(doc: ReportDocument) -> str:
    """A fragment for a page when the renderer offers one (render_html(doc,
    standalone=False)), else whatever render_html gives."""
    module = _module()
    try:
        return module.render_html(doc, standalone=False)
    except TypeError:
        return module.render_html(doc)


def is_full_page(html: str) -> bool:
    return bool(re.search(r"<html[\s>]", html, re.I))
