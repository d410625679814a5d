"""Export an annual report from the command line.

    python manage.py export_report --org 八桥镇 --year 2023 --format pdf -o 2023.pdf

Without `--draft` this exports a published revision exactly as stored at 发布 —
the PDF or the Word file whose SHA-256 was recorded then (the latest revision, or
`--revision N`). A report never published has nothing to export this way and the
command fails. `--draft` lays out the current text with today's figures instead,
watermarked 草稿.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from accounts.models import Organization
from core.audit import log_event
from reports import claims, output
from reports.contents import content_statuses
from reports.models import AnnualReport
from reports.selectors import LIVE_MARK, build_document, live_figures, report_sections


class Command(BaseCommand):
    help = "导出年度报告（PDF或Word）：默认导出已发布的定稿原件，--draft 按当前记录生成带“草稿”水印的草稿"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="单位简称、全称或编号，如：八桥镇、大渡口区")
        parser.add_argument("--year", required=True, type=int, help="报告年度，如：2023")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf", help="pdf 或 docx")
        parser.add_argument("-o", "--output", required=True, help="输出文件路径")
        parser.add_argument("--revision", type=int, help="导出指定的已发布版次")
        parser.add_argument(
            "--draft", action="store_true", help="按当前文字和当前记录重新生成草稿（带“草稿”水印，不是定稿）"
        )

    def handle(self, *args, **options):
        organization = self.organization(options["org"])
        if organization is None:
            raise CommandError(f"找不到单位：{options['org']}")
        report = AnnualReport.objects.filter(organization=organization, year=options["year"]).first()
        if report is None:
            raise CommandError(f"{organization.name}没有{options['year']}年的年度报告。")
        fmt = options["format"]
        if options["draft"] and options["revision"] is not None:
            raise CommandError("--draft 与 --revision 不能同时使用：草稿按当前记录生成，已发布版本原样导出。")
        if options["draft"]:
            content, source = self.draft(report, fmt)
        else:
            content, source = self.published(report, fmt, options["revision"])

        path = Path(options["output"])
        path.write_bytes(content)
        log_event("export", obj=report, detail=f"命令行导出{source}（{fmt.upper()}）")
        self.stdout.write(self.style.SUCCESS(f"已导出{report}{source}：{path}（{len(content)}字节）"))

    @staticmethod
    def organization(given: str) -> Organization | None:
        """By 简称 or 全称, or by id (a district's report is exported like a town's: its
        figures are its towns' added up, core.figure_rollup)."""
        match = Q(name=given) | Q(full_name=given)
        if given.strip().isdigit():
            match |= Q(pk=int(given))
        return Organization.objects.filter(match).first()

    def draft(self, report: AnnualReport, fmt: str) -> tuple[bytes, str]:
        figures = live_figures(report.organization, report.year)
        sections = report_sections(report)
        built = build_document(report, sections, figures, draft_mark=LIVE_MARK)
        for item in built.problems:
            self.stderr.write(self.style.WARNING(item.problem.message))
        self.report_checks(report, sections, figures)
        if fmt == "pdf":
            self.warn_font_substitutes()
        try:
            content = output.render_pdf(built.document) if fmt == "pdf" else output.render_docx(built.document)
        except output.RenderingUnavailable as exc:
            raise CommandError(str(exc)) from exc
        return content, f"草稿（{report.get_status_display()}，指标按当前记录计算，带“草稿”水印）"

    def published(self, report: AnnualReport, fmt: str, number: int | None) -> tuple[bytes, str]:
        if number is not None:
            revision = report.revisions.filter(number=number).first()
            if revision is None:
                raise CommandError(f"该报告没有第{number}版的发布版本。")
        else:
            revision = report.revisions.order_by("-number").first()
            if revision is None:
                raise CommandError(
                    f"{report}尚未发布（当前状态：{report.get_status_display()}），没有可导出的定稿。"
                    "如需按当前记录生成草稿，请加 --draft（导出的文件带“草稿”水印）。"
                )
            if revision.number != report.revision:
                self.stderr.write(
                    self.style.WARNING(
                        f"报告正在修订第{report.revision}版（{report.get_status_display()}），导出的是已发布的第{revision.number}版。"
                    )
                )
        stored, digest, label = (
            (revision.pdf, revision.pdf_sha256, "PDF")
            if fmt == "pdf"
            else (revision.docx, revision.docx_sha256, "Word文件")
        )
        if not stored:
            raise CommandError(
                f"第{revision.number}版发布时没有存档{label}（早于Word存档功能），可导出PDF，或加 --draft 生成草稿。"
            )
        with stored.open("rb") as handle:
            content = handle.read()
        if hashlib.sha256(content).hexdigest() != digest:
            raise CommandError(f"存档{label}的SHA-256与发布时记录的不一致，文件可能已被改动，未导出。")
        return content, f"第{revision.number}版定稿（已发布原件，SHA-256 {digest}）"

    def warn_font_substitutes(self) -> None:
        """A PDF laid out in stand-in fonts says so, naming each missing font (issue #17).
        (A Word file names the official fonts; the PC that opens it supplies them.)"""
        warnings = output.font_warnings()
        for warning in warnings:
            self.stderr.write(self.style.WARNING(f"字体：{warning}"))
        if warnings:
            self.stderr.write(self.style.WARNING(f"字体：{output.FONTS_HINT}（当前：{settings.REPORT_FONTS_DIR}）"))

    def report_checks(self, report, sections, figures) -> None:
        """On stderr: the required contents missing and the claims the records contradict
        (the same checks that stop 送审), so a draft printed from here is not mistaken for
        a finished report."""
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
