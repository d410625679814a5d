"""Stand-in figure and alert providers for the dashboard screenshot and benchmark.

While the data apps are built on other branches, a worktree that has only the
foundation and the dashboard has no figures to show. `install_missing()`
registers, for each app that has not registered its own provider, one that
returns the 2023 demo values of docs/figures.md (and a plausible 2022), so the
screenshot shows the dashboard as it will look with the demo data. In a tree
where the apps are merged, nothing is stood in and the real figures show.
"""

from __future__ import annotations

import datetime

from core.alerts import Alert, alert_registry
from core.figures import FigureDef, FigureValue, registry

COMMUNITIES = ["双山社区", "八桥社区", "新山村社区", "大堰社区", "钰鑫社区", "柏华社区", "玉虚社区", "建胜社区"]
CATEGORIES = ["婚姻家庭", "邻里纠纷", "物业纠纷", "劳动争议", "合同纠纷", "损害赔偿", "房屋宅基地", "其他纠纷"]


def _spread(total: int, weights: list[int]) -> list[int]:
    parts = [total * w // sum(weights) for w in weights]
    parts[0] += total - sum(parts)
    return parts


def values(year: int) -> dict:
    if year == 2023:
        disputes, succeeded, months = 788, 775, [52, 48, 66, 70, 71, 68, 73, 69, 64, 70, 66, 71]
        certified, officers, expiring = 11, 12, 2
        pufa, people, goals_total, goals_done, late = 42, 6380, 15, 13, 1
    elif year == 2022:
        disputes, succeeded, months = 742, 726, [47, 44, 60, 64, 66, 62, 69, 66, 60, 68, 64, 72]
        certified, officers, expiring = 10, 12, 1
        pufa, people, goals_total, goals_done, late = 36, 5420, 14, 12, 2
    else:
        return {}
    month_values = _spread(disputes, months)
    return {
        "持证人数": certified,
        "执法人员数": officers,
        "持证率": FigureValue.rate(certified, officers),
        "即将到期证件数": expiring,
        "到期证件数": 1,
        "注销吊销证件数": 0 if year == 2023 else 1,
        "行政复议案件数": 3 if year == 2023 else 2,
        "行政复议审结数": 3 if year == 2023 else 2,
        "复议按期答复率": FigureValue.rate(3, 3) if year == 2023 else FigureValue.rate(2, 2),
        "复议纠错率": FigureValue.rate(0, 3) if year == 2023 else FigureValue.rate(1, 2),
        "行政应诉案件数": 6 if year == 2023 else 4,
        "行政应诉审结数": 5 if year == 2023 else 4,
        "负责人出庭应诉率": FigureValue.rate(4, 4) if year == 2023 else FigureValue.rate(3, 4),
        "败诉率": FigureValue.rate(0, 5) if year == 2023 else FigureValue.rate(1, 4),
        "调解纠纷数": disputes,
        "调结纠纷数": disputes,
        "调解成功数": succeeded,
        "调解成功率": FigureValue.rate(
            succeeded,
            disputes,
            breakdown={
                f"{m}月": {
                    "numerator": v - (1 if m % 5 == 0 else 0) - (1 if year == 2022 and m % 3 == 0 else 0),
                    "denominator": v,
                }
                for m, v in enumerate(month_values, start=1)
            },
        ),
        "超期未结纠纷数": 0 if year == 2023 else 3,
        "纠纷类别分布": FigureValue(
            disputes, breakdown=dict(zip(CATEGORIES, _spread(disputes, [24, 21, 17, 11, 9, 8, 6, 4]), strict=True))
        ),
        "纠纷月度分布": FigureValue(disputes, breakdown={f"{m}月": v for m, v in enumerate(month_values, start=1)}),
        "纠纷社区分布": FigureValue(
            disputes, breakdown=dict(zip(COMMUNITIES, _spread(disputes, [22, 20, 16, 12, 10, 8, 7, 5]), strict=True))
        ),
        "普法活动场次": pufa,
        "普法参与人数": people,
        "模拟法庭场次": 3 if year == 2023 else 2,
        "法律明白人数": 48 if year == 2023 else 45,
        "目标任务数": goals_total,
        "已完成目标数": goals_done,
        "目标完成率": FigureValue.rate(goals_done, goals_total),
        "滞后目标数": late,
    }


APP_KEYS = {
    "enforcement": [
        ("持证人数", "人", "count"),
        ("执法人员数", "人", "count"),
        ("持证率", "%", "rate"),
        ("即将到期证件数", "件", "count"),
        ("到期证件数", "件", "count"),
        ("注销吊销证件数", "件", "count"),
    ],
    "litigation": [
        ("行政复议案件数", "件", "count"),
        ("行政复议审结数", "件", "count"),
        ("复议按期答复率", "%", "rate"),
        ("复议纠错率", "%", "rate"),
        ("行政应诉案件数", "件", "count"),
        ("行政应诉审结数", "件", "count"),
        ("负责人出庭应诉率", "%", "rate"),
        ("败诉率", "%", "rate"),
    ],
    "disputes": [
        ("调解纠纷数", "件", "count"),
        ("调结纠纷数", "件", "count"),
        ("调解成功数", "件", "count"),
        ("调解成功率", "%", "rate"),
        ("超期未结纠纷数", "件", "count"),
        ("纠纷类别分布", "件", "count"),
        ("纠纷月度分布", "件", "count"),
        ("纠纷社区分布", "件", "count"),
    ],
    "publicity": [
        ("普法活动场次", "场", "count"),
        ("普法参与人数", "人", "count"),
        ("模拟法庭场次", "场", "count"),
        ("法律明白人数", "人", "count"),
    ],
    "goals": [
        ("目标任务数", "项", "count"),
        ("已完成目标数", "项", "count"),
        ("目标完成率", "%", "rate"),
        ("滞后目标数", "项", "count"),
    ],
}


def install_missing() -> list[str]:
    """Register stand-ins for the apps without a provider; returns their labels."""
    present = {app for app, _, _ in registry._providers}
    installed = []
    for app_label, keys in APP_KEYS.items():
        if app_label in present or any(k in registry for k, _, _ in keys):
            continue
        names = {k for k, _, _ in keys}
        registry.register(
            app_label,
            [FigureDef(k, k, unit, kind=kind) for k, unit, kind in keys],
            lambda organization, year, names=names: {k: v for k, v in values(year).items() if k in names},
        )
        installed.append(app_label)
    if not alert_registry._providers:
        alert_registry.register("standin", _alerts)
        installed.append("alerts")
    return installed


def _alerts(organization, today: datetime.date) -> list[Alert]:
    day = datetime.timedelta(days=1)
    return [
        Alert(
            "danger",
            "执法证",
            "刘建国的行政执法证已于到期日失效，仍在岗",
            "证号 50010423xxxx，请尽快办理换证",
            today - 6 * day,
        ),
        Alert(
            "danger",
            "纠纷超期",
            "双山社区邻里噪音纠纷已受理42天未调结",
            "《人民调解工作若干规定》第三十三条：一般在一个月内调结",
            today - 12 * day,
        ),
        Alert(
            "warning",
            "复议答复",
            "申请人周某诉八桥镇人民政府行政复议案答复期限临近",
            "行政复议法第四十八条：收到申请书副本之日起10日内提出书面答复",
            today + 2 * day,
        ),
        Alert(
            "warning",
            "司法确认",
            "八桥社区物业费纠纷调解协议的司法确认申请期限将届满",
            "人民调解法第三十三条：协议生效之日起30日内共同申请",
            today + 4 * day,
        ),
        Alert("warning", "执法证", "陈晓梅的行政执法证将于30日内到期", "请安排换证考试", today + 21 * day),
        Alert("info", "回访", "新山村社区婚姻家庭纠纷调结满15日，待回访", "", today + 3 * day),
        Alert("info", "目标任务", "“八五”普法中期评估材料报送", "牵头科室：司法所", today + 25 * day),
    ]
