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
