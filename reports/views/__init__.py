"""Pages of the reports app: the reports of each year, the outline editor, the
workflow, the published revisions and the figures page.

Downloads (issue 17): a published revision's PDF and Word file are served byte for
byte as stored at 发布 (SHA-256 checked); an approved report's 审定稿 is its frozen
snapshot, watermarked 审定稿; a rendering from today's records exists only as the
explicit 草稿 download, watermarked and named 草稿.

Access (core.mixins.OrgPermissionMixin): anonymous → login, another town's
report → 404, a missing permission → 403. Only a draft (起草) is edited; any
write to a submitted, approved or published report is refused with 403.
"""

from reports.views.publication import ReleaseRecordView, RevisionPackageView, SecrecyReviewView, SecrecyScanView
from reports.views.report import (
    ApprovalDownloadView,
    ClaimAcknowledgeView,
    ReportCreateView,
    ReportDetailView,
    ReportDownloadView,
    ReportEditView,
    ReportListView,
    ReportMetaUpdateView,
    ReportPreviewView,
    ReportTransitionView,
)
from reports.views.revisions import FigureListView, RevisionDetailView, RevisionDownloadView
from reports.views.sections import (
    SectionCreateView,
    SectionDeleteView,
    SectionMoveView,
    SectionPreviewView,
    SectionUpdateView,
)

__all__ = [
    "ApprovalDownloadView",
    "ClaimAcknowledgeView",
    "FigureListView",
    "ReleaseRecordView",
    "ReportCreateView",
    "ReportDetailView",
    "ReportDownloadView",
    "ReportEditView",
    "ReportListView",
    "ReportMetaUpdateView",
    "ReportPreviewView",
    "ReportTransitionView",
    "RevisionDetailView",
    "RevisionDownloadView",
    "RevisionPackageView",
    "SecrecyReviewView",
    "SecrecyScanView",
    "SectionCreateView",
    "SectionDeleteView",
    "SectionMoveView",
    "SectionPreviewView",
    "SectionUpdateView",
]
