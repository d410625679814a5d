"""2023 demo: the 八桥镇 annual report of the seed (shared/seed/), as an outline.

Every number a record holds is a placeholder (【持证人数】 …, keys of docs/figures.md);
the years are 【年度】/【下一年度】 so the report copied for 2024 speaks of 2024 and
2025. Section 二 lists the goals' 下一年度工作打算 items. What stays typed is
wording, not data: “八五”普法, 《法治政府建设实施纲要（2021—2025年）》, “5+2”, 800平方米.
The seed has no section on 存在的不足和原因, a content 《法治政府建设与责任落实督察工作规定》
requires, so the demo report cannot be 送审 until one is written (reports.contents); no text
is invented for it here. The demo report is a draft.
"""

from __future__ import annotations

import datetime

from simple_history.utils import bulk_create_with_history

from reports.choices import RequiredContent, SectionKind
from reports.models import AnnualReport, ReportSection
from reports.services import default_title

YEAR = 2023
SIGNED_ON = datetime.date(2024, 1, 24)

# (level, heading, text, required content, kind, items key)
SECTIONS: list[tuple[int, str, str, str, str, str]] = [
    (
        0,
        "",
        "【年度】年，八桥镇在区委、区政府的领导下，坚持以习近平新时代中国特色社会主义思想为指导，"
        "全面贯彻落实党的二十大和二十届二中全会精神，深入学习贯彻习近平法治思想，认真落实市第六次党代会和"
        "市委六届二次全会各项部署，坚持依法全面履行政府职能，深入推进依法行政，加快法治政府建设，"
        "现将工作推进情况汇报如下：",
        "",
        SectionKind.TEXT,
        "",
    ),
    (1, "【年度】年目标任务完成情况", "", RequiredContent.MEASURES, SectionKind.TEXT, ""),
    (2, "强化组织领导，扎实推进法治政府建设", "", "", SectionKind.TEXT, ""),
    (
        3,
        "党政主要负责人履行推进法治政府建设第一责任人职责。",
        "持续推进法治政府建设、依法行政，贯彻落实中共中央、国务院《法治政府建设实施纲要（2021—2025年）》，"
        "党政主要负责人严格履行推进法治建设第一责任人职责，开展“八五”普法规划研究部署工作，"
        "严格落实领导班子定期学法制度，深入开展法制宣传工作，以社区为主要宣传阵地，采取多种形式开展全民普法教育，"
        "做好《民法典》《中华人民共和国宪法》等各项法律法规的宣传普及，持续提升辖区群众的法律素质和法律意识。",
        RequiredContent.LEADERS,
        SectionKind.TEXT,
        "",
    ),
    (
        3,
        "深入学习宣传贯彻习近平法治思想。",
        "通过理论学习中心组学习、专题学习会、报告会、干部例会等多种形式，深入学习宣传习近平法治思想。"
        "把习近平法治思想和《习近平法治思想学习纲要》作为我镇干部培训学习重点课程。"
        "把学习宣传习近平法治思想与“法律八进”活动有机结合。通过学习强国APP，引导党员每日开展学习，"
        "形成学习高潮，实现理论武装头脑、指导实践、推动工作。",
        "",
        SectionKind.TEXT,
        "",
    ),
    (2, "提升依法行政水平，优化法治化营商环境", "", "", SectionKind.TEXT, ""),
    (
        3,
        "聚焦行政决策，依法行政水平持续提升。",
        "严格落实重大行政决策制度。按照科学决策、民主决策、依法决策的原则，始终坚持“三重一大”议事原则，"
        "把权力关进制度的笼子里。落实法律顾问制度，严格落实“一村（社区）一法律顾问”制度，"
        "聘请了昂正律师事务所担任法律顾问，充分发挥专业能力，有效避免法律风险。",
        "",
        SectionKind.TEXT,
        "",
    ),
    (
        3,
        "规范完善行政执法程序。",
        "推进综合行政执法改革，加强执法队伍建设，全镇共有【持证人数】人持有行政执法证，"
        "严格落实行政执法人员全面持证上岗和资格管理制度，结合行政执法证件管理要求，执法人员均持证上岗，亮证执法。"
        "认真抓好全镇执法人员证件的换发以及报名培训考试等工作，在执法系统录入行政执法人员执法权限，"
        "进一步规范行政执法行为，加大人员培训，提升执法能力，加强科室间联动，做到严格把关、仔细核对，"
        "提高案件办结效率和质量。",
        "",
        SectionKind.TEXT,
        "",
    ),
    (
        3,
        "切实优化法治化营商环境。",
        "强化服务改善营商环境，以推动高质量发展为抓手，防止“跑冒滴漏”，聚力服务与引育市场主体，"
        "做好企业升规入统，抓好协税护税，盘活存量资产资源。全力打造八桥镇青年创业孵化基地，"
        "已成功注册企业【孵化基地注册企业数】家，其中，注册资金超千万的有【注册资金超千万企业数】家，"
        "超百万的有【注册资金超百万企业数】家。持续优化企业服务，组建服务小队【企业服务小队数】个，"
        "深入【走访重点企业数】家重点企业开展大走访，收集、解决企业急难愁盼问题【解决企业问题数|余】件。"
        "摸排中小微企业【摸排中小微企业数】家，落实网格化“保姆式”管理服务。"
        "申报中交丽景公园时光市级夜间经济示范区项目，为打造“公园+音乐+文创”八桥公园经济消费带名片奠定基础。",
        "",
        SectionKind.TEXT,
        "",
    ),
    (
        3,
        "提升政务服务质效。",
        "打造八桥镇便民服务中心双山分中心。方便居民群众高频服务事项就近办、马上办、一次办，"
        "打造“十五分钟服务圈”，提高社区办事方便程度。目前，已成功入驻八桥镇便民服务中心双山分中心，"
        "配备【分中心负责人数】名分中心负责人，【分中心工作人员数】名工作人员，"
        "涉及养老服务、就业服务、退休服务和医保服务。创建市级医保基层服务试点。"
        "以基层参保群众的根本利益和切实需求为导向，推动医疗保障服务在更深层次、更广范围内实现"
        "“网上办”“自助办”“就近办”“一次办”，线上线下无差别办，不断提升人民群众的获得感、幸福感、安全感。",
        "",
        SectionKind.TEXT,
        "",
    ),
    (2, "自觉接受监督，确保行政权力运行规范透明高效", "", "", SectionKind.TEXT, ""),
    (
        3,
        "自觉接受人大对镇政府工作的监督。",
        "全力支持配合镇人大代表开展工作，严格执行每年向镇人大汇报法治政府建设工作的要求。",
        "",
        SectionKind.TEXT,
        "",
    ),
    (
        3,
        "加强行政复议和行政应诉工作。",
        "全面完成行政复议体制改革。目前，我镇所有行政复议案件由司法所协助相关科室办理。"
        "今年共有行政复议【行政复议案件数】件，行政应诉案件【行政应诉案件数】件，"
        "均及时提交了行政复议答复书、答辩状等应诉证据材料，并严格落实行政机关负责人出庭应诉制度，"
        "政府领导积极参加了诉讼案件开庭审理。",
        "",
        SectionKind.TEXT,
        "",
    ),
    (2, "完善基层治理体系，构建社会治理法治化格局", "", "", SectionKind.TEXT, ""),
    (
        3,
        "打造“连心桥”平台，建立纠纷分类分级化解机制。",
        "出台《八桥镇“连心桥”一站式矛盾纠纷化解平台实施方案》，按照纠纷大小、纠纷性质和化解难易程度，"
        "实行分级分类管理。由镇“连心桥”平台开展调解，并充分运用人民调解、司法调解、行政调解资源，"
        "确保将各类矛盾纠纷及时化解在基层、消灭在萌芽状态。今年共调解矛盾纠纷【调解纠纷数】件，"
        "调解成功率达【调解成功率|以上】，有效防止了纠纷升级、矛盾外溢。",
        "",
        SectionKind.TEXT,
        "",
    ),
    (
        3,
        "探索“普法+调解”新路径，“模拟法庭”进社区。",
        "我镇利用“连心桥”平台采用“调解+普法”的工作模式，开展“模拟法庭”进社区活动，"
        "通过这种特殊的普法宣传教育模式，以案释法、以案普法，把普法宣传和调解矛盾纠纷紧密结合起来，"
        "切实起到了“调解一案、普法一片、影响一方”的效果。今年共开展模拟法庭【模拟法庭场次】场次，"
        "累计参与群众人数达【模拟法庭参与人数|余】人，真正实现了“普法面对面、服务零距离”，"
        "有效打通法治惠民“最后一百米”。",
        "",
        SectionKind.TEXT,
        "",
    ),
    (
        3,
        "创新探索“网格普法”，提升法律服务水平。",
        "深入推进了“法律明白人”“学法用法示范户”培养工程，目前全镇共推荐申报法律明白人【法律明白人数】人。"
        "坚持“政策法规户户明、普法宣传常常播”，加强“三级”网络联动，常态化进村（社区）入户，发放法治宣传材料。"
        "积极发挥好网格员“人熟、地熟、事熟”的优势，继续用心倾听群众心声，以钉钉子的精神，一锤接着一锤敲，"
        "助力解决居民们的“民生大事”，【年度】年共建成【网格数】个居民网格，入户宣传走访【入户走访户数|万余】户，"
        "收集群众反映的意见建议【收集意见建议数】条，排查问题【排查问题数】条、解决问题【解决问题数】条。",
        "",
        SectionKind.TEXT,
        "",
    ),
    (1, "【下一年度】年主要工作思路和打算", "", RequiredContent.PLANS, SectionKind.ITEMS, "下一年度工作打算"),
]


def load(ctx) -> None:
    organization = ctx.organization
    if AnnualReport.objects.filter(organization=organization, year=YEAR).exists():
        return
    report = AnnualReport.objects.create(
        organization=organization,
        year=YEAR,
        title=default_title(organization),
        signer=organization.full_name,
        signed_on=SIGNED_ON,
    )
    # bulk_create, not full_clean(): the placeholders name figures of the data apps,
    # which the registry knows only once those apps are installed.
    bulk_create_with_history(
        [
            ReportSection(
                report=report,
                position=position,
                level=level,
                heading=heading,
                text=text,
                required_content=content,
                kind=kind,
                items_key=items_key,
            )
            for position, (level, heading, text, content, kind, items_key) in enumerate(SECTIONS, start=1)
        ],
        ReportSection,
    )
