"""Foundation part of the 2023 demo: the town, its departments, communities, grids and users.

Every app adds its part in its own `demo.py` with `load(ctx)`; the load_demo
command runs them in INSTALLED_APPS order. Each loader is idempotent.
"""

from accounts.models import Community, Department, Grid, Organization, User
from accounts.roles import ADMIN, CLERK, LEADER, PERSONAL_DATA, sync_roles

DEMO_PASSWORD = "Baqiao@2023"

DEPARTMENTS = [
    ("党政办公室", Department.Kind.OFFICE),
    ("司法所", Department.Kind.STATION),
    ("综合行政执法大队", Department.Kind.TEAM),
    ("平安法治办公室", Department.Kind.OFFICE),
    ("便民服务中心", Department.Kind.CENTER),
    ("经济发展办公室", Department.Kind.OFFICE),
    ("社会事务办公室", Department.Kind.OFFICE),
    ("规划建设管理环保办公室", Department.Kind.OFFICE),
]

# 138 居民网格 (the seed: "2023 年共建成 138 个居民网格"), spread over the communities.
COMMUNITIES = [
    ("双山社区", 22),
    ("八桥社区", 20),
    ("新山村社区", 18),
    ("大堰社区", 17),
    ("钰鑫社区", 16),
    ("柏华社区", 16),
    ("玉虚社区", 15),
    ("建胜社区", 14),
]

# username, full name, role(s), department, position
USERS = [
    ("admin", "系统管理员", [ADMIN], "党政办公室", "信息管理员"),
    ("leader", "王镇长", [LEADER], "党政办公室", "镇长"),
    ("clerk", "李司法", [CLERK, PERSONAL_DATA], "司法所", "司法所所长"),
    ("clerk2", "张执法", [CLERK], "综合行政执法大队", "执法队员"),
]


def load(ctx) -> None:
    district, _ = Organization.objects.get_or_create(
        name="大渡口区",
        defaults={"full_name": "重庆市大渡口区人民政府", "kind": Organization.Kind.DISTRICT},
    )
    org, _ = Organization.objects.get_or_create(
        name="八桥镇",
        defaults={
            "full_name": "重庆市大渡口区八桥镇人民政府",
            "kind": Organization.Kind.TOWN,
            "parent": district,
            "serial_prefix": "八桥",
        },
    )
    if not org.is_demo:
        Organization.objects.filter(pk=org.pk).update(is_demo=True)
        org.is_demo = True
    ctx.organization = org
    ctx.departments = {
        name: Department.objects.get_or_create(organization=org, name=name, defaults={"kind": kind})[0]
        for name, kind in DEPARTMENTS
    }
    ctx.communities = {}
    ctx.grids = []
    for name, grid_count in COMMUNITIES:
        community, _ = Community.objects.get_or_create(organization=org, name=name)
        ctx.communities[name] = community
        existing = set(Grid.objects.filter(community=community).values_list("name", flat=True))
        missing = [f"第{i}网格" for i in range(1, grid_count + 1) if f"第{i}网格" not in existing]
        Grid.objects.bulk_create([Grid(organization=org, community=community, name=n) for n in missing])
    ctx.grids = list(Grid.objects.filter(organization=org).select_related("community"))

    groups = sync_roles()
    ctx.users = {}
    for username, full_name, roles, department, position in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                organization=org,
                department=ctx.departments[department],
                position=position,
                is_staff=ADMIN in roles,
                # The demo password is printed and published: outside DEBUG it must be
                # changed at the first sign-in (accounts.middleware).
                must_change_password=True,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([groups[r] for r in roles])
        ctx.users[username] = user
    ctx.logins = [(u, DEMO_PASSWORD, "、".join(r), d) for u, _, r, d, _ in USERS]
