"""Fake figure and alert providers for the dashboard's tests.

The tests run against empty registries (`registry.isolated()`), so they hold
whether or not the data apps have registered their real providers, and a fake
never collides with a real key. Each fake provider makes exactly one query, as
a real provider makes "a few aggregate queries".
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.core.cache import cache

from accounts.models import Grid
from core.alerts import Alert, alert_registry
from core.figures import FigureDef, FigureValue, registry

# The keys of docs/figures.md the dashboard reads, per app, with their kind.
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
        ("复议被纠错率", "%", "rate"),
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
        ("调解成功率分子", "件", "count"),
        ("调解成功率分母", "件", "count"),
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
        ("网格数", "个", "count"),
    ],
    "goals": [
        ("目标任务数", "项", "count"),
        ("已完成目标数", "项", "count"),
        ("目标完成率", "%", "rate"),
        ("滞后目标数", "项", "count"),
    ],
}


def definition(key: str, unit: str, kind: str) -> FigureDef:
    # Every figure links to a real list (the grid list) with its own query string,
    # so a test can tell the links apart and follow one.
    return FigureDef(
        key,
        f"{key}（测试）",
        unit,
        url_name="accounts:grid_list",
        url_params={"year": "{year}", "figure": key},
        kind=kind,
    )


class FakeFigures:
    """Values per (organization, year); each app's provider makes one query."""

    def __init__(self):
        self.values: dict[tuple[int, int], dict[str, FigureValue]] = defaultdict(dict)
        self.calls: list[tuple[str, int, int]] = []

    def set(self, organization, year: int, *, written: bool = True, **values) -> None:
        """Change figures; `written` (default) stands for the write of a record behind them,
        which replaces the town's figure version as a real write does (core.figure_cache)."""
        for key, value in values.items():
            if not isinstance(value, FigureValue):
                value = FigureValue(value)
            self.values[(organization.pk, year)][key] = value
        if written and organization.pk is not None:
            from core import figure_cache

            figure_cache.bump(organization.pk)

    def install(self, apps=None) -> None:
        for app_label, keys in APP_KEYS.items():
            if apps is not None and app_label not in apps:
                continue
            registry.register(app_label, [definition(*k) for k in keys], self.provider(app_label, keys))

    def provider(self, app_label, keys):
        names = {k for k, _, _ in keys}

        def compute(organization, year):
            self.calls.append((app_label, organization.pk, year))
            # The one aggregate query a real provider would make.
            grids = Grid.objects.filter(organization=organization).count()
            values = {k: v for k, v in self.values[(organization.pk, year)].items() if k in names}
            if app_label == "publicity" and "网格数" not in values:
                values["网格数"] = FigureValue(grids)
            return values

        return compute


class FakeAlerts:
    """Alerts held in a list the test edits; the provider makes one query."""

    def __init__(self):
        self.alerts: list[tuple[int, Alert]] = []  # (organization pk, alert)
        self.per_grid = False  # one alert per grid: the panel must not grow its queries

    def add(self, organization, **kwargs) -> Alert:
        alert = Alert(**{"level": "warning", "category": "测试", "title": "测试提醒", **kwargs})
        self.alerts.append((organization.pk, alert))
        return alert

    def clear(self) -> None:
        self.alerts.clear()

    def install(self) -> None:
        def provide(organization, today):
            grids = list(Grid.objects.filter(organization=organization).values_list("pk", "name"))
            alerts = [Alert(**vars(a)) for org_pk, a in self.alerts if org_pk == organization.pk]
            if self.per_grid:
                alerts += [
                    Alert(level="info", category="网格", title=f"{name}走访待录入", due_date=today) for _, name in grids
                ]
            return alerts

        alert_registry.register("fake", provide)


@pytest.fixture(autouse=True)
def isolated_registries(request):
    """Empty registries for every test; the browser test keeps the real providers
    (the merged apps' figures with the demo data) and stands in for the others."""
    keep = request.node.get_closest_marker("browser") is not None
    cache.clear()
    with registry.isolated(keep=keep), alert_registry.isolated(keep=keep):
        yield
    cache.clear()


@pytest.fixture
def fake_figures():
    fake = FakeFigures()
    fake.install()
    return fake


@pytest.fixture
def fake_alerts():
    fake = FakeAlerts()
    fake.install()
    return fake


@pytest.fixture
def today():
    from django.utils import timezone

    return timezone.localdate()


def demo_values(fake: FakeFigures, organization, year: int) -> None:
    """The 2023 demo values of docs/figures.md (and plausible ones where it gives none)."""
    fake.set(
        organization,
        year,
        持证人数=11,
        执法人员数=12,
        持证率=FigureValue.rate(11, 12),
        即将到期证件数=2,
        到期证件数=1,
        注销吊销证件数=0,
        行政复议案件数=3,
        行政复议审结数=3,
        复议按期答复率=FigureValue.rate(3, 3),
        复议被纠错率=FigureValue.rate(0, 3),
        行政应诉案件数=6,
        行政应诉审结数=5,
        负责人出庭应诉率=FigureValue.rate(4, 4),
        败诉率=FigureValue.rate(1, 5),
        调解纠纷数=788,
        调结纠纷数=788,
        调解成功数=775,
        调解成功率=FigureValue.rate(775, 788),
        调解成功率分子=775,
        调解成功率分母=788,
        超期未结纠纷数=0,
        纠纷类别分布=FigureValue(788, breakdown={"婚姻家庭": 300, "邻里纠纷": 288, "物业纠纷": 200}),
        纠纷月度分布=FigureValue(788, breakdown={f"{m}月": 60 + m for m in range(1, 13)}),
        纠纷社区分布=FigureValue(788, breakdown={"双山社区": 400, "八桥社区": 388}),
        普法活动场次=36,
        普法参与人数=5200,
        模拟法庭场次=3,
        法律明白人数=48,
        目标任务数=15,
        已完成目标数=12,
        目标完成率=FigureValue.rate(12, 15),
        滞后目标数=1,
    )
