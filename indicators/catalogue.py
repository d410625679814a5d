"""The standard yearly figures of docs/figures.md (section indicators).

They are registered with the figure registry at start-up (so the report's
placeholders such as 【孵化基地注册企业数】 are known even before a town defines
them), and the demo creates the matching IndicatorDefinition rows. A town may
add more definitions; those are published too (see figures.py).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class StandardIndicator:
    key: str
    label: str
    unit: str
    department: str  # responsible department's name in the demo town
    description: str = ""


STANDARD_INDICATORS = [
    StandardIndicator("孵化基地注册企业数", "青年创业孵化基地已注册企业数", "家", "经济发展办公室"),
    StandardIndicator("注册资金超千万企业数", "孵化基地注册资金超过一千万元的企业数", "家", "经济发展办公室"),
    StandardIndicator("注册资金超百万企业数", "孵化基地注册资金超过一百万元的企业数", "家", "经济发展办公室"),
    StandardIndicator("企业服务小队数", "组建的企业服务小队数", "个", "经济发展办公室"),
    StandardIndicator("走访重点企业数", "服务小队大走访的重点企业数", "家", "经济发展办公室"),
    StandardIndicator("解决企业问题数", "收集、解决企业急难愁盼问题数", "件", "经济发展办公室"),
    StandardIndicator("摸排中小微企业数", "摸排的中小微企业数（网格化“保姆式”服务）", "家", "经济发展办公室"),
    StandardIndicator("分中心负责人数", "便民服务中心双山分中心负责人数", "名", "便民服务中心"),
    StandardIndicator("分中心工作人员数", "便民服务中心双山分中心工作人员数", "名", "便民服务中心"),
]
STANDARD_KEYS = {i.key for i in STANDARD_INDICATORS}
