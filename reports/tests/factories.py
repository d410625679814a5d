import datetime

import factory

from reports.models import AnnualReport, ReportSection


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    year = 2023
    title = "重庆市大渡口区八桥镇人民政府\n【年度】年法治政府建设年度报告"
    signer = "重庆市大渡口区八桥镇人民政府"
    signed_on = datetime.date(2024, 1, 24)


class ReportSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSection

    report = factory.SubFactory(AnnualReportFactory)
    position = factory.Sequence(lambda n: n + 1)
    level = 1
    heading = factory.Sequence(lambda n: f"第{n}节")
    text = "全镇共有【持证人数】人持有行政执法证。"


# Test text, not demo data: the seed (and so the demo) has no section on 存在的不足和原因,
# which blocks 送审; tests of the later steps add one the way a drafter would.
SHORTCOMINGS_TEXT = "一是法治宣传的针对性和实效性有待增强；二是行政执法人员的专业能力还需提升。"


def add_shortcomings(report, text: str = SHORTCOMINGS_TEXT) -> ReportSection:
    """A 存在的不足和原因 section before the plans, so the report may be submitted."""
    from reports import services
    from reports.choices import RequiredContent

    plans = report.sections.filter(required_content=RequiredContent.PLANS).order_by("position").first()
    after = report.sections.filter(position__lt=plans.position).order_by("-position").first() if plans else None
    return services.section_add(
        report=report,
        after=after,
        level=1,
        heading="存在的不足和原因",
        text=text,
        required_content=RequiredContent.SHORTCOMINGS,
    )


def pass_secrecy_review(report, by=None):
    """A passed 保密审查 of the approved report, as a leader records it before 发布 (reports.publication)."""
    from reports.choices import SecrecyConclusion
    from reports.models import SecrecyReview

    return SecrecyReview.objects.create(
        report=report,
        reviewer="镇保密工作领导小组",
        reviewed_on=datetime.date(2024, 1, 25),
        conclusion=SecrecyConclusion.PASSED,
        created_by=by,
    )
