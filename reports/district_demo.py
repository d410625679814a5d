"""Demo: 大渡口区's own 2023 annual report, as an outline (load_demo, via bench/demo.py).

The district writes its report from its towns' facts (“最多报一次”): every number is a
placeholder, and a district's figures are its towns' added up (core.figure_rollup), so
【调解纠纷数】 in this report is the district's total. The wording is generic on purpose:
nothing is said that the records do not show. The sections on 存在的不足和原因, the
principal leaders' duties and next year's plans are left for the district to write — the
report cannot be 送审 until it does (reports.contents), as with the town's demo report.
"""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history

from reports.choices import RequiredContent, SectionKind
from reports.models import AnnualReport, ReportSection
from reports.services import default_title

YEAR = 2023

# (level, heading, text, required content)
SECTIONS: list[tuple[int, str, str, str]] = [
    (
        0,
        "",
        "【年度】年，全区坚持以习近平法治思想为指导，深入推进依法行政，加快法治政府建设。"
        "现将全区法治政府建设情况报告如下：",
        "",
    ),
    (1, "【年度】年推进法治政府建设的主要举措和成效", "", RequiredContent.MEASURES),
    (2, "严格规范公正文明执法", "", ""),
    (
        3,
        "加强行政执法队伍建设。",
        "全区各镇街共有【持证人数】人持有有效行政执法证，执法人员持证率【持证率】。"
        "全年组织执法人员培训【培训场次】场次，【学时达标人数】人年度培训学时达标。",
        "",
    ),
    (2, "依法化解行政争议", "", ""),
    (
        3,
        "做好行政复议和行政应诉工作。",
        "全区各镇街收到行政复议申请书副本【行政复议案件数】件，年内审结【行政复议审结数】件，"
        "被纠错率【复议被纠错率】；收到行政应诉案件【行政应诉案件数】件，败诉率【败诉率】，"
        "行政机关负责人出庭应诉率【负责人出庭应诉率】。",
        "",
    ),
    (2, "推进基层依法治理", "", ""),
    (
        3,
        "化解矛盾纠纷。",
        "全区各镇街共受理矛盾纠纷【调解纠纷数】件，调结【调结纠纷数】件，调解成功率【调解成功率】。",
        "",
    ),
    (
        3,
        "开展普法宣传和网格服务。",
        "全年开展普法活动【普法活动场次】场次，参与群众【普法参与人数】人次，在册法律明白人【法律明白人数】人。"
        "【网格数】个居民网格入户走访【入户走访户数】户，排查问题【排查问题数】条、解决问题【解决问题数】条。",
        "",
    ),
    (
        3,
        "推进年度目标任务。",
        "各镇街年度法治政府建设目标任务【目标任务数】项，已完成【已完成目标数】项，完成率【目标完成率】。",
        "",
    ),
    (1, "存在的不足和原因", "", RequiredContent.SHORTCOMINGS),
    (1, "党政主要负责人履行推进法治建设第一责任人职责情况", "", RequiredContent.LEADERS),
    (1, "【下一年度】年推进法治政府建设的主要安排", "", RequiredContent.PLANS),
]


def load(ctx) -> None:
    from accounts.models import Organization

    district = Organization.objects.get(name="大渡口区")
    if AnnualReport.objects.filter(organization=district, year=YEAR).exists():
        return
    report = AnnualReport.objects.create(
        organization=district, year=YEAR, title=default_title(district), signer=district.full_name
    )
    # bulk_create, not full_clean(), as reports/demo.py: the placeholders name the data apps' figures.
    bulk_create_with_history(
        [
            ReportSection(
                report=report,
                position=position,
                level=level,
                heading=heading,
                text=text,
                required_content=content,
                kind=SectionKind.TEXT,
            )
            for position, (level, heading, text, content) in enumerate(SECTIONS, start=1)
        ],
        ReportSection,
    )
