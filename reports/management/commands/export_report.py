"""Render an annual report from the command line.

    python manage.py export_report --org 八桥镇 --year 2023 --format pdf -o 2023.pdf

A published report exports its latest published revision exactly as stored (the
PDF bytes whose SHA-256 was recorded); `--revision N` picks an earlier one and
`--draft` renders the current text with today's figures instead.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from accounts.models import Organization
from core.audit import log_event
from reports import claims, output
from reports.choices import ReportStatus
from reports.contents import content_statuses
from reports.models import AnnualReport
from reports.selectors import document_from_json, draft_document, live_figures, report_sections


class Command(BaseCommand):
    help = "导出年度报告（PDF或Word）"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="单位简称或全称，如：八桥镇")
        parser.add_argument("--year", required=True, type=int, help="报告年度，如：2023")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf", help="pdf 或 docx")
        parser.add_argument("-o", "--output", required=True, help="输出文件路径")
        parser.add_argument("--revision", type=int, help="导出指定的已发布版次")
        parser.add_argument("--draft", action="store_true", help="按当前文字和指标重新生成（不用已发布版本）")

    def handle(self, *args, **options):
        organization = Organization.objects.filter(Q(name=options["org"]) | Q(full_name=options["org"])).first()
        if organization is None:
            raise CommandError(f"找不到单位：{options['org']}")
        report = AnnualReport.objects.filter(organization=organization, year=options["year"]).first()
        if report is None:
            raise CommandError(f"{organization.name}没有{options['year']}年的年度报告。")
        fmt = options["format"]
        revision = None
        if options["revision"] is not None:
            revision = report.revisions.filter(number=options["revision"]).first()
            if revision is None:
                raise CommandError(f"该报告没有第{options['revision']}版的发布版本。")
        elif not options["draft"] and report.status == ReportStatus.PUBLISHED:
            revision = report.revisions.order_by("-number").first()

        try:
            if revision is not None and fmt == "pdf":
                with revision.pdf.open("rb") as handle:
                    content = handle.read()
                if hashlib.sha256(content).hexdigest() != revision.pdf_sha256:
                    raise CommandError("存档PDF的SHA-256与发布时记录的不一致，文件可能已被改动。")
                source = f"第{revision.number}版（已发布）"
            elif revision is not None:
                content = output.render_docx(document_from_json(revision.document))
                source = f"第{revision.number}版（已发布）"
            else:
                built = draft_document(report)
                for item in built.problems:
                    self.stderr.write(self.style.WARNING(item.problem.message))
                self.report_checks(report)
                document = built.document
                content = output.render_pdf(document) if fmt == "pdf" else output.render_docx(document)
                source = f"{report.get_status_display()}稿（指标按当前记录计算）"
        except output.RenderingUnavailable as exc:
            raise CommandError(str(exc)) from exc

        path = Path(options["output"])
        path.write_bytes(content)
        log_event("export", obj=report, detail=f"命令行导出{source}（{fmt.upper()}）")
        self.stdout.write(self.style.SUCCESS(f"已导出{report}{source}：{path}（{len(content)}字节）"))

    def report_checks(self, report) -> None:
        """On stderr: the required contents missing and the claims the records contradict
        (the same checks that stop 送审), so a draft printed from here is not mistaken for
        a finished report."""
        sections = report_sections(report)
        figures = live_figures(report.organization, report.year)
        for status in content_statuses(sections, figures):
            if status.blocking:
                self.stderr.write(self.style.WARNING(status.message))
        acknowledged = claims.acknowledgements(report)
        for finding in claims.report_claims(report, sections, figures):
            lines = [f"核对：{finding.summary}", f"  原句：{finding.sentence}"]
            if finding.figure is not None:
                lines.append(f"  记录：{finding.figure_text} {finding.url}".rstrip())
            ack = acknowledged.get(finding.fingerprint)
            lines.append(f"  已说明理由：{ack.reason}" if ack else "  须修改文字或说明理由后才能送审。")
            self.stderr.write(self.style.WARNING("\n".join(lines)))
