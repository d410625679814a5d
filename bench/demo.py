"""The district in the demo: the last step of `manage.py load_demo`.

大渡口区's seven other 镇街 (新山村街道, 跃进村街道, 九宫庙街道, 茄子溪街道, 春晖路街道, 建胜镇,
跳磴镇) with generated records of 2022 and 2023 in every data app, and generated 2022
records of 八桥镇 so that its year-over-year change shows; then the district's logins
(`district` 区级查看, `district_clerk` 录入员 and `district_leader` 领导, who draft and approve
the district's own report) and its 2023 report outline (reports/district_demo.py).

The records are made by the generators of `make bench` (bench/gen/, one generator for both),
in their demo mode (bench.gen.common.Context): only 2022 and 2023, and every volume taken
from 八桥镇's own figures of 2023 (the seed report's: 788 disputes, 9 复议/应诉 cases, 20
普法 events …) times a size of each town (0.55–1.35, seeded) and a trend of 2022 (0.80–1.03).
All of it is generated, fictional data (README "演示数据"); 八桥镇's 2023 stays exactly the
seed's: its roster is not touched and its 2022 records all close by 31 December 2022.

Idempotent: a town that exists is left alone, 八桥镇's 2022 is generated once.
"""

from __future__ import annotations

import importlib

from accounts.models import Organization
from accounts.roles import CLERK, DISTRICT_VIEWER, LEADER

YEARS = [2022, 2023]
SEED = 2023
# Context.n(what=…) → the figure of 八桥镇's demo year it is sized on (docs/figures.md).
VOLUMES = {
    "disputes": ["调解纠纷数"],
    "cases": ["行政复议案件数", "行政应诉案件数"],
    "events": ["普法活动场次"],
    "officers": ["执法人员数"],
    "trainings": ["培训场次"],
    "liaisons": ["法律明白人数"],
    "goals": ["目标任务数"],
    "plans": ["下一年度工作打算"],
}
# Off in the test suite unless a test asks for the district (conftest.py, marker district_demo):
# generating its ~140,000 rows takes ~20 s on SQLite, and most tests need 八桥镇 only.
RECORDS = True
STEPS = ["accounts", "enforcement", "litigation", "disputes", "publicity", "goals", "indicators", "reports"]


def volumes(town, year: int) -> dict[str, int]:
    """八桥镇's own figures of the demo year, the size of a town-year in the demo."""
    from core.figures import registry

    figures = registry.compute(town, year)
    result = {}
    for what, keys in VOLUMES.items():
        values = [figures[k].value.value for k in keys if k in figures and figures[k].value.value]
        if values:
            result[what] = int(sum(values))
    return result


def load(ctx, *, records: bool = True) -> None:
    from bench.gen.accounts import TOWNS
    from bench.gen.common import Context
    from disputes.models import Dispute

    baqiao = ctx.organization
    wanted = {code for code, name, *_ in TOWNS[1:] if not Organization.objects.filter(name=name).exists()}
    if not Dispute.objects.filter(organization=baqiao, year=YEARS[0]).exists():
        wanted.add(TOWNS[0][0])
    if wanted and records and RECORDS:
        from accounts.demo import DEMO_PASSWORD

        gen = Context(
            seed=SEED,
            scale=1.0,
            first_year=YEARS[0],
            today=ctx.today,
            demo_year=ctx.year,
            demo=True,
            only_years=YEARS,
            town_codes=wanted,
            volumes=volumes(baqiao, ctx.year),
            password=DEMO_PASSWORD,
        )
        for step in STEPS:
            importlib.import_module(f"bench.gen.{step}").generate(gen)
        # Generated towns are demo data too: the 演示数据 banner shows on their pages.
        generated = [name for code, name, *_ in TOWNS[1:] if code in wanted]
        Organization.objects.filter(name__in=generated).update(is_demo=True)
    # The district of the demo town is demo data: its users see the 演示数据 banner.
    Organization.objects.filter(pk=baqiao.parent_id).update(is_demo=True)
    _district_login(ctx)
    from reports import district_demo

    district_demo.load(ctx)


# The district's logins: (username, full name, roles, position, where). The viewer reads the
# towns; the clerk and the leader write and approve the district's own report (reports/,
# core.mixins: a district user never writes a town's records).
DISTRICT_USERS = [
    ("district", "区依法治区办", [DISTRICT_VIEWER], "工作人员", "大渡口区（区委依法治区办）"),
    ("district_clerk", "区依法治区办起草人", [CLERK], "工作人员", "大渡口区（起草本区年度报告）"),
    ("district_leader", "区政府分管领导", [LEADER], "副区长", "大渡口区（审定、发布本区年度报告）"),
]


def _district_login(ctx) -> None:
    from accounts.demo import DEMO_PASSWORD
    from accounts.models import User
    from accounts.roles import sync_roles

    district = Organization.objects.get(name="大渡口区")
    groups = sync_roles()
    for username, full_name, roles, position, where in DISTRICT_USERS:
        if not User.objects.filter(username=username).exists():
            user = User(
                username=username,
                full_name=full_name,
                organization=district,
                position=position,
                must_change_password=True,  # a published password, as every demo login (accounts.demo)
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([groups[role] for role in roles])
        ctx.logins.append((username, DEMO_PASSWORD, "、".join(roles), where))
