"""Shared helpers of the generators: seeded randomness, fictional people, dates, bulk inserts."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

BATCH = 5000

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜"
GIVEN = "建国秀英志强丽华明军桂兰海燕德明玉梅文斌春花永红小平俊杰淑珍国庆红梅家豪晓东雪芳子涵宇轩思雨"
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


@dataclass
class Town:
    """One 镇街 as the generators see it."""

    code: str
    organization: object
    index: int  # 0 = 八桥镇 (the demo town)
    departments: dict = field(default_factory=dict)
    communities: list = field(default_factory=list)
    grids: list = field(default_factory=list)
    users: dict = field(default_factory=dict)

    @property
    def is_demo(self) -> bool:
        return self.index == 0


@dataclass
class Context:
    seed: int
    scale: float
    first_year: int
    today: datetime.date
    demo_year: int = 2023
    towns: list[Town] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    # load_demo's district (bench/demo.py): only these years; only these towns (codes of
    # bench.gen.accounts.TOWNS, None: all); volumes per town-year taken from 八桥镇's own
    # figures of the demo year (n()); demo logins; 八桥镇's roster left as the demo has it.
    demo: bool = False
    only_years: list[int] | None = None
    town_codes: set | None = None
    volumes: dict = field(default_factory=dict)
    password: str = ""

    @property
    def years(self) -> list[int]:
        if self.only_years:
            return list(self.only_years)
        return list(range(self.first_year, self.today.year + 1))

    @property
    def plan_year(self) -> int:
        """The year whose goals are still plans (下一年度工作打算)."""
        return self.years[-1] + 1

    @property
    def report_year(self) -> int:
        """The last whole year: the year of the annual reports made."""
        return max(y for y in self.years if y < self.today.year)

    def rng(self, *parts) -> random.Random:
        """A generator of its own for each (app, town, year…): stable whatever runs before it."""
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def n(self, full: float, *, what: str = "", town: Town | None = None, year: int | None = None) -> int:
        """How many: `full` at district scale times the scale; in the demo, the volume `what`
        of 八桥镇's demo year times the town's size and the year's trend (factor())."""
        if what in self.volumes:
            return max(1, round(self.volumes[what] * self.factor(town, year)))
        return max(1, round(full * self.scale))

    def factor(self, town: Town | None, year: int | None) -> float:
        """The demo's spread around 八桥镇: each other town a size of its own (街道 and 镇 differ),
        each year before the demo year a trend of its own (mostly a little less work)."""
        size = 1.0 if town is None or town.is_demo else self.rng("size", town.code).uniform(0.55, 1.35)
        if year is None or year >= self.demo_year:
            return size
        return size * self.rng("trend", town.code if town else "", year).uniform(0.8, 1.03)

    def skip(self, town: Town, year: int) -> bool:
        """The demo year of 八桥镇 is load_demo's; the generators leave it alone."""
        return town.is_demo and year == self.demo_year

    def closes(self, town: Town, year: int) -> datetime.date | None:
        """The last day a record of (town, year) may reach, or None (open as life goes).
        八桥镇's year before the demo year closes on 31 December: a case decided or a
        dispute concluded in the demo year would change a figure of the seed report."""
        if town.is_demo and year == self.demo_year - 1:
            return datetime.date(year, 12, 31)
        return None

    def year_days(self, year: int) -> tuple[datetime.date, datetime.date]:
        """First and last day of `year` that can hold records (the current year stops yesterday)."""
        last = datetime.date(year, 12, 31)
        if year == self.today.year:
            last = self.today - datetime.timedelta(days=1)
        return datetime.date(year, 1, 1), last

    def year_fraction(self, year: int) -> float:
        first, last = self.year_days(year)
        return ((last - first).days + 1) / 365

    def share(self, district_total: float, year: int, *, what: str = "", town: Town | None = None) -> int:
        """One town's part of a district-wide total spread over all the years (a part year gets less)."""
        if what in self.volumes:
            return self.n(district_total, what=what, town=town, year=year)
        whole = len(self.towns) * sum(self.year_fraction(y) for y in self.years)
        return self.n(district_total * self.year_fraction(year) / whole)


def name(rng: random.Random, male: bool | None = None) -> str:
    given = GIVEN[rng.randrange(0, len(GIVEN) - 1, 2) :][:2]
    return rng.choice(SURNAMES) + (given if rng.random() < 0.7 else given[0])


def phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "152", "158", "177", "186", "189"]) + f"{rng.randrange(0, 10**8):08d}"


def id_number(birth: datetime.date, sequence: int, *, male: bool) -> str:
    """A fictional 身份证号 (GB 11643): 500104 (大渡口区, whatever the birth year, as real numbers
    are; core.validators accepts them) + birth + 3-digit sequence of the right parity + check digit."""
    sequence = (sequence % 500) * 2 + (1 if male else 0)
    body = f"500104{birth:%Y%m%d}{sequence:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def random_id_number(rng: random.Random, *, male: bool | None = None) -> str:
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 52))
    return id_number(birth, rng.randrange(500), male=rng.random() < 0.5 if male is None else male)


def day_in(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def spread(total: int, weights: list[float]) -> list[int]:
    """Split `total` by weights exactly (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def pick(rng: random.Random, weighted: list[tuple]) -> object:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk(model, rows: Iterable, ctx: Context | None = None) -> list:
    """bulk_create in batches; PostgreSQL returns the primary keys, so the rows can be linked to."""
    rows = list(rows)
    for batch in chunks(rows):
        model.objects.bulk_create(batch, batch_size=len(batch))
    if ctx is not None:
        label = model._meta.label
        ctx.counts[label] = ctx.counts.get(label, 0) + len(rows)
    return rows


class Timer:
    def __init__(self, label: str):
        self.label = label

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        print(f"  · {self.label}: {self.seconds:.1f} s", flush=True)
