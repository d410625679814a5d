"""Each town's annual report on last year, made the way a clerk makes it (reports.services.report_create):
八桥镇's copies the outline of its 2023 demo report, the others start from the default outline."""

from __future__ import annotations

from bench.gen.common import Context
from reports.models import AnnualReport
from reports.services import report_create


def generate(ctx: Context) -> None:
    year = ctx.report_year
    for town in ctx.towns:
        if not AnnualReport.objects.filter(organization=town.organization, year=year).exists():
            report_create(organization=town.organization, year=year, by=town.users["clerk"])
            ctx.counts["reports.AnnualReport"] = ctx.counts.get("reports.AnnualReport", 0) + 1
