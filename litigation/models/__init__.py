"""行政复议 and 行政应诉 cases in which the town is the respondent/defendant.

The register's purpose: for every case, the date by which the law requires the
town's next document (答复书, 答辩状), computed by `litigation.calendar`, and proof
that it went in on time and that a qualifying 负责人 appeared in court.

Deadlines and the case status are derived from the dates (never typed in), so a
page can never show a status that contradicts the dates behind it.

The models live in a package (the module passed 600 lines): common (what both kinds of case
share), reconsideration, litigation (cases and hearings) and documents. Everything is
re-exported here, so `from litigation.models import X` keeps working, and the names the
migrations refer to (_CaseMixin, document_upload_to, validate_document_size) resolve.
"""

from litigation.models.common import DEFAULT_AUTHORITY, DEFAULT_COURT, _CaseMixin
from litigation.models.documents import (
    DOCUMENT_EXTENSIONS,
    MAX_DOCUMENT_BYTES,
    CaseDocument,
    document_upload_to,
    validate_document_size,
)
from litigation.models.litigation import Hearing, LitigationCase
from litigation.models.reconsideration import ReconsiderationCase

__all__ = [
    "DEFAULT_AUTHORITY",
    "DEFAULT_COURT",
    "DOCUMENT_EXTENSIONS",
    "MAX_DOCUMENT_BYTES",
    "CaseDocument",
    "Hearing",
    "LitigationCase",
    "ReconsiderationCase",
    "_CaseMixin",
    "document_upload_to",
    "validate_document_size",
]
