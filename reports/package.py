"""发布包 — what the town hands to the government website's content system.

A zip built from a published revision and nothing else:
- the frozen PDF, byte for byte as stored at 发布 (its SHA-256 checked by the caller);
- an HTML edition of the frozen document: one self-contained page with semantic headings
  (h1 title, h2 一、, h3 （一）, h4 1.), paragraphs, its CSS inline, no script, no URL
  to load anything from — a content system can paste it, a browser can open it offline;
- metadata.json: the 政府信息公开目录 fields (索引号, 发布机构, 成文日期, 发布日期, 主题分类)
  and each file's SHA-256;
- SHA256SUMS, in the format `sha256sum -c` checks.

Only the revision's resolved document goes in: no record, no figure's items behind it,
no name of who drafted or approved. Words staff typed, and next year's goals that the report
lists, are the one way in for personal data: a 身份证号 or a mobile number in them stops
送审, 审定 and 发布 (reports.selectors.personal_data_issues), so no published revision has one.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from reports.document import ReportDocument, cn_date
from reports.models import ReportRevision
from reports.selectors import document_from_json

# Fixed timestamp for every zip entry: the same revision always gives the same zip bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def topic_category() -> str:
    """主题分类 of the 政府信息公开目录: each website names its own (settings.REPORT_TOPIC_CATEGORY)."""
    return settings.REPORT_TOPIC_CATEGORY


def base_name(revision: ReportRevision) -> str:
    return f"{revision.report.year}年法治政府建设年度报告"


def edition_sections(document: ReportDocument) -> list[dict]:
    """The blocks as (tag, lead, text) rows for the HTML edition's template."""
    rows = []
    for block in document.blocks:
        label = f"{block.number}{block.heading}".strip()
        paragraphs = block.paragraphs
        if block.level in (1, 2, 4) and block.heading and not (block.level == 4 and paragraphs):
            rows.append({"tag": {1: "h2", 2: "h3", 4: "h4"}[block.level], "text": label})
            rows.extend({"tag": "p", "text": text} for text in paragraphs)
        elif label and paragraphs:
            # 一是…/1.… run in: the lead sentence opens the first paragraph (GB/T 9704 style).
            rows.append({"tag": "p", "lead": label, "text": paragraphs[0]})
            rows.extend({"tag": "p", "text": text} for text in paragraphs[1:])
        elif label:
            rows.append({"tag": "p", "lead": label, "text": ""})
        else:
            rows.extend({"tag": "p", "text": text} for text in paragraphs)
    return rows


def addressee_line(addressee: str) -> str:
    text = addressee.strip()
    if text and text[-1] not in "：:":
        text += "："
    return text[:-1] + "：" if text.endswith(":") else text


def html_edition(revision: ReportRevision) -> str:
    document = document_from_json(revision.document)
    # lstrip: the template's opening comment leaves a newline before <!DOCTYPE html>.
    return render_to_string(
        "reports/package/edition.html",
        {
            "doc": document,
            "rows": edition_sections(document),
            "addressee": addressee_line(document.addressee),
            "signed_on": cn_date(document.signed_on),
            "revision": revision,
        },
    ).lstrip()


def metadata(revision: ReportRevision, files: dict[str, bytes]) -> dict:
    report = revision.report
    document = document_from_json(revision.document)
    published_on: datetime.date = timezone.localdate(revision.published_at)
    return {
        "索引号": report.index_number,
        "发布机构": document.signer or report.organization.full_name,
        "成文日期": document.signed_on.isoformat() if document.signed_on else "",
        "发布日期": published_on.isoformat(),
        "主题分类": topic_category(),
        "标题": document.title,
        "版次": revision.number,
        "文件": [{"名称": name, "SHA-256": hashlib.sha256(content).hexdigest()} for name, content in files.items()],
    }


def build_package(revision: ReportRevision, pdf: bytes) -> bytes:
    """The release zip of a published revision; `pdf` is its stored, hash-checked PDF."""
    name = base_name(revision)
    files = {
        f"{name}.pdf": pdf,
        f"{name}.html": html_edition(revision).encode("utf-8"),
    }
    files["metadata.json"] = json.dumps(metadata(revision, files), ensure_ascii=False, indent=2).encode("utf-8")
    sums = "".join(f"{hashlib.sha256(content).hexdigest()}  {fname}\n" for fname, content in files.items())
    files["SHA256SUMS"] = sums.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for fname, content in files.items():
            info = zipfile.ZipInfo(fname, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.flag_bits |= 0x800  # UTF-8 file names (Chinese) for every unzip tool
            archive.writestr(info, content)
    return buffer.getvalue()
