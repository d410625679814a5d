"""A fake figure provider with the seed's 2023 values (docs/figures.md "2023 demo"),
so the report's tests run without the data apps."""

from __future__ import annotations

from core.figures import FigureDef, FigureRegistry, FigureValue

PLANS_2024 = [
    {
        "title": "深入开展普法宣传",
        "text": "积极开展多种形式的普法宣传活动。充分利用微博、微信等，开展主题宣传教育。持续开展法治入校入企活动。"
        "线上线下结合，增强群众法治观念，鼓励群众参与法治实践。",
    },
    {
        "title": "深入推进全民普法依法治理",
        "text": "全面贯彻落实“八五”普法规划。广泛组织开展习近平法治思想、宪法、民法典等学习宣传活动，"
        "组织实施公民法治素养提升行动，促进全民守法，夯实法治社会建设基础。深入推进法治乡村建设，"
        "广泛开展“乡村振兴·法治同行”活动。组织实施民主法治示范村（社区）品牌建设、“法律明白人”培养、"
        "农村学法用法示范户培育“三大工程”。",
    },
    {
        "title": "持续深入打造青年创业孵化基地",
        "text": "围绕全区“5+2”产业布局，筹划扩建基地二期至800平方米，突出基地在发展市场主体数量上的作用，"
        "紧抓“四下”单位、个体户等市场主体的落地引导、孵化和跟踪服务，着力培育孵化基地优质企业，"
        "为下一步升规入统奠定扎实基础。",
    },
    {
        "title": "不断提升行政执法规范化水平",
        "text": "全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度，进一步规范执法行为。"
        "加大行政执法案卷评查力度，强化对行政执法案件办理情况的检查考核。积极推广柔性执法制度，"
        "全力营造法治化营商环境。进一步加大对行政执法人员法律知识、专业知识和党性修养学习培训、考核力度，"
        "努力提升法治建设队伍整体素质。",
    },
]

# The seed's figures; where the seed rounds (98%以上, 600余, 9万余, 40余) a plausible exact value.
SEED_COUNTS = {
    "持证人数": 11,
    "行政复议案件数": 3,
    "行政应诉案件数": 6,
    "调解纠纷数": 788,
    "模拟法庭场次": 3,
    "模拟法庭参与人数": 630,
    "法律明白人数": 48,
    "网格数": 138,
    "入户走访户数": 91326,
    "收集意见建议数": 621,
    "排查问题数": 1440,
    "解决问题数": 1440,
    "孵化基地注册企业数": 199,
    "注册资金超千万企业数": 13,
    "注册资金超百万企业数": 37,
    "企业服务小队数": 12,
    "走访重点企业数": 55,
    "解决企业问题数": 43,
    "摸排中小微企业数": 222,
    "分中心负责人数": 1,
    "分中心工作人员数": 3,
}
SEED_RATES = {"调解成功率": (775, 788)}


def seed_values() -> dict:
    """Mutable: a test changes a value and the provider returns the new one."""
    values: dict = {key: n for key, n in SEED_COUNTS.items()}
    values.update(SEED_RATES)
    values["下一年度工作打算"] = list(PLANS_2024)
    return values


def fake_registry(values: dict, calls: list | None = None) -> FigureRegistry:
    registry = FigureRegistry()
    definitions = [FigureDef(key, f"{key}（测试）", "个") for key in SEED_COUNTS]
    definitions += [FigureDef(key, f"{key}（测试）", "%", kind="rate") for key in SEED_RATES]
    definitions.append(FigureDef("下一年度工作打算", "下一年度工作打算（测试）", "项"))

    def compute(organization, year):
        if calls is not None:
            calls.append((organization, year))
        result = {}
        for key, value in values.items():
            if key in SEED_RATES:
                result[key] = FigureValue.rate(*value)
            elif key == "下一年度工作打算":
                result[key] = FigureValue(len(value), items=list(value))
            else:
                result[key] = FigureValue(value)
        return result

    registry.register("fake", definitions, compute)
    return registry
