"""The district: 大渡口区's eight 镇街 with departments, communities, grids and users.

八桥镇 comes from load_demo (its 138 grids, its demo users); the seven others are
created here with ~123 grids each, so the district has 1,000 grids. Every town
gets a leader and a clerk; 八桥镇 also gets the load test's clerks and leaders.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from accounts.demo import DEPARTMENTS
from accounts.models import Community, Department, Grid, Organization, User
from accounts.roles import CLERK, LEADER, sync_roles
from bench.gen.common import Context, Town, bulk, name, spread

BENCH_PASSWORD = "Bench@2026"  # noqa: S105 — a throwaway password of a throwaway database
TOTAL_GRIDS = 1000
LOAD_CLERKS = 16
LOAD_LEADERS = 4

# code, name, kind, serial prefix
TOWNS = [
    ("baqiao", "八桥镇", Organization.Kind.TOWN, "八桥"),
    ("tiaodeng", "跳磴镇", Organization.Kind.TOWN, "跳磴"),
    ("jiansheng", "建胜镇", Organization.Kind.TOWN, "建胜"),
    ("chunhuilu", "春晖路街道", Organization.Kind.SUBDISTRICT, "春晖路"),
    ("xinshancun", "新山村街道", Organization.Kind.SUBDISTRICT, "新山村"),
    ("yuejincun", "跃进村街道", Organization.Kind.SUBDISTRICT, "跃进村"),
    ("jiugongmiao", "九宫庙街道", Organization.Kind.SUBDISTRICT, "九宫庙"),
    ("qiezixi", "茄子溪街道", Organization.Kind.SUBDISTRICT, "茄子溪"),
]
COMMUNITY_NAMES = [
    "锦霞社区",
    "松青社区",
    "翠园社区",
    "滨江社区",
    "金桥社区",
    "柏林社区",
    "民乐社区",
    "怡丰社区",
    "阳光社区",
    "龙湾社区",
    "新华社区",
    "桃花村",
]


def generate(ctx: Context) -> None:
    groups = sync_roles()
    district = Organization.objects.get(name="大渡口区")
    # hashed once: PBKDF2 per user would take minutes
    password = make_password(ctx.password or BENCH_PASSWORD)
    others = len(TOWNS) - 1
    baqiao_grids = Grid.objects.filter(organization__name="八桥镇").count()
    grid_counts = spread(TOTAL_GRIDS - baqiao_grids, [1] * others)
    for index, (code, town_name, kind, prefix) in enumerate(TOWNS):
        if ctx.town_codes is not None and code not in ctx.town_codes:
            continue
        if index == 0:
            org = Organization.objects.get(name=town_name)
        else:
            org = Organization.objects.create(
                name=town_name,
                full_name=f"重庆市大渡口区{town_name}人民政府",
                kind=kind,
                parent=district,
                serial_prefix=prefix,
            )
            _structure(ctx, org, index, grid_counts[index - 1])
        town = Town(code=code, organization=org, index=index)
        town.departments = {d.name: d for d in Department.objects.filter(organization=org)}
        town.communities = list(Community.objects.filter(organization=org).order_by("name"))
        town.grids = list(Grid.objects.filter(organization=org).order_by("community__name", "id"))
        ctx.towns.append(town)
        _users(ctx, town, groups, password)
    ctx.counts["accounts.Grid"] = Grid.objects.count()


def _structure(ctx: Context, org, index: int, grid_count: int) -> None:
    rng = ctx.rng("accounts", index)
    bulk(Department, [Department(organization=org, name=n, kind=k) for n, k in DEPARTMENTS], ctx)
    communities = bulk(
        Community,
        [
            Community(organization=org, name=n, kind=Community.Kind.VILLAGE if n.endswith("村") else "community")
            for n in COMMUNITY_NAMES[: rng.randint(9, 12)]
        ],
        ctx,
    )
    per_community = spread(grid_count, [rng.uniform(0.6, 1.4) for _ in communities])
    bulk(
        Grid,
        [
            Grid(organization=org, community=community, name=f"第{i}网格", keeper=name(rng))
            for community, count in zip(communities, per_community, strict=True)
            for i in range(1, count + 1)
        ],
    )


def _users(ctx: Context, town: Town, groups: dict, password: str) -> None:
    office, station = town.departments["党政办公室"], town.departments["司法所"]
    wanted = [(f"{town.code}_leader", "领导", LEADER, office), (f"{town.code}_clerk", "录入员", CLERK, station)]
    if town.is_demo and ctx.demo:
        wanted = []  # the demo's own leader, clerk, admin
    elif town.is_demo:
        wanted += [(f"loadclerk{i:02d}", f"压测录入员{i}", CLERK, station) for i in range(1, LOAD_CLERKS + 1)]
        wanted += [(f"loadleader{i:02d}", f"压测领导{i}", LEADER, office) for i in range(1, LOAD_LEADERS + 1)]
    users = bulk(
        User,
        [
            User(
                username=username,
                full_name=full_name,
                organization=town.organization,
                department=department,
                password=password,
                # Demo logins have a published password (accounts.demo): changed at first sign-in.
                must_change_password=ctx.demo,
            )
            for username, full_name, _role, department in wanted
        ],
        ctx,
    )
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=u.pk, group_id=groups[role].pk) for u, (*_, role, _d) in zip(users, wanted, strict=True)]
    )
    town.users = {u.username: u for u in User.objects.filter(organization=town.organization)}
    # "clerk"/"leader": the demo's in 八桥镇, the town's own elsewhere.
    for role in ("clerk", "leader"):
        if role not in town.users:
            town.users[role] = town.users[f"{town.code}_{role}"]
