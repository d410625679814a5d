"""2023 demo of indicators/: the standard definitions and the seed report's 2023 values.

Idempotent: definitions are added when missing; a value is written only when the
year has none for that definition (a clerk's later correction is kept).
"""

from simple_history.utils import bulk_create_with_history

from indicators.models import IndicatorDefinition, IndicatorValue
from indicators.services import standard_definitions_create

YEAR = 2023
SOURCES = {"经济发展办公室": "经发办企业服务工作台账（2023年）", "便民服务中心": "便民服务中心双山分中心人员名册"}
# The seed: 注册企业 199 家，超千万 13 家、超百万 37 家; 服务小队 12 个; 走访 55 家重点企业;
# 解决问题 40 余件; 摸排中小微企业 222 家; 双山分中心 1 名负责人、3 名工作人员.
VALUES_2023 = {
    "孵化基地注册企业数": (199, "青年创业孵化基地累计注册"),
    "注册资金超千万企业数": (13, ""),
    "注册资金超百万企业数": (37, ""),
    "企业服务小队数": (12, ""),
    "走访重点企业数": (55, "服务小队大走访"),
    "解决企业问题数": (43, "收集、解决企业急难愁盼问题"),
    "摸排中小微企业数": (222, "落实网格化“保姆式”管理服务"),
    "分中心负责人数": (1, "便民服务中心双山分中心"),
    "分中心工作人员数": (3, "养老、就业、退休、医保服务"),
}


def load(ctx) -> None:
    org = ctx.organization
    standard_definitions_create(organization=org, departments=ctx.departments)
    definitions = {
        d.key: d
        for d in IndicatorDefinition.objects.filter(organization=org, key__in=VALUES_2023).select_related("department")
    }
    have = set(IndicatorValue.objects.filter(organization=org, year=YEAR).values_list("definition__key", flat=True))
    new = [
        IndicatorValue(
            organization=org,
            year=YEAR,
            definition=definitions[key],
            value=value,
            note=note,
            source=SOURCES.get(getattr(definitions[key].department, "name", ""), ""),
        )
        for key, (value, note) in VALUES_2023.items()
        if key not in have
    ]
    if new:
        bulk_create_with_history(new, IndicatorValue, default_user=ctx.users.get("clerk"))
