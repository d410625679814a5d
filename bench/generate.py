"""Fill a PostgreSQL database with district-scale synthetic data (大渡口区, 8 镇街 × 10 years).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqiao_bench \\
        .venv/bin/python bench/generate.py [--seed 2026] [--scale 1.0] [--first-year 2016]

Run on a freshly migrated database after `manage.py load_demo` (八桥镇's 2023 demo
stays as it is; the generators fill every other town-year). At scale 1.0:
~200,000 disputes with their parties, 20,000 复议/应诉 cases, 2,000 officers with
certificates, trainings and exams, 1,000 grids with monthly entries, goals,
普法 events, indicator values, and each town's annual report for last year.

Deterministic: the same seed, scale and date give the same rows (each app, town
and year draws from its own seeded generator). Bulk inserts through each app's
own models; serial numbers come from the apps' own counters. No history or
audit rows are written for generated records (as for an import of old paper
records), except where an app's own service writes them.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqiao.settings")
os.environ.setdefault("DJANGO_ALLOW_LOCAL_SECRET", "1")


def steps() -> list[str]:
    """In dependency order: the district first, then the data apps (core.apps.data_app_labels;
    each generator draws from random generators of its own, so their order changes nothing),
    reports last (it copies the outline)."""
    from core.apps import data_app_labels

    return ["accounts", *data_app_labels(), "reports"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = district scale; 0.05 for a quick try")
    parser.add_argument("--first-year", type=int, default=2016)
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, help="default: today")
    parser.add_argument("--only", nargs="*", help="run only these steps (after accounts)")
    args = parser.parse_args(argv)

    import django

    django.setup()
    all_steps = steps()
    unknown = sorted(set(args.only or []) - set(all_steps))
    if unknown:
        parser.error(f"--only: 未知步骤 {', '.join(unknown)}（可选：{', '.join(all_steps)}）")
    from django.apps import apps
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Organization
    from bench.gen.common import Context, Timer

    if connection.vendor != "postgresql":
        print("bench/generate.py 需要 PostgreSQL（设置 DATABASE_URL）。", file=sys.stderr)
        return 2
    if not Organization.objects.filter(name="八桥镇").exists():
        print("请先执行 manage.py migrate 和 manage.py load_demo。", file=sys.stderr)
        return 2
    if Organization.objects.filter(name="跳磴镇").exists():
        print("该数据库已生成过区级数据；请用新建的数据库（make bench 会重建 baqiao_bench）。", file=sys.stderr)
        return 2

    ctx = Context(
        seed=args.seed, scale=args.scale, first_year=args.first_year, today=args.today or timezone.localdate()
    )
    started = time.perf_counter()
    print(f"生成区级数据：种子 {ctx.seed}，规模 {ctx.scale}，{ctx.first_year}–{ctx.today.year}年（截至 {ctx.today}）")
    for step in all_steps:
        if step != "accounts" and args.only and step not in args.only:
            continue
        if step == "reports" and not apps.is_installed(step):
            continue
        module = importlib.import_module(f"bench.gen.{step}")
        with Timer(step), transaction.atomic():
            module.generate(ctx)
    settle(connection)
    print(f"完成，用时 {time.perf_counter() - started:.0f} 秒。行数：")
    for label, count in sorted(ctx.counts.items()):
        print(f"  {label:<40} {count:>9,}")
    return 0


def settle(connection) -> None:
    """Leave the database as a live one would be, long after its rows came in: statistics,
    visibility maps (index-only scans) and hint bits set, dirty pages written. Otherwise the
    first pages bench/run.py measures compete with autovacuum and the checkpointer working
    through the bulk load (the first page, the dashboard, read ~25 ms slower)."""
    from django.db import DatabaseError

    from bench.gen.common import Timer
    from core import figure_cache

    # Rows were bulk-created (no save signals): no figure cached before them may be served.
    figure_cache.bump(None)
    with Timer("VACUUM ANALYZE"), connection.cursor() as cursor:
        if connection.in_atomic_block:  # inside a test's transaction VACUUM is not allowed
            cursor.execute("ANALYZE")
            return
        cursor.execute("VACUUM (ANALYZE)")
        try:
            cursor.execute("CHECKPOINT")
        except DatabaseError:  # needs superuser or pg_checkpoint; only a matter of timing
            pass


if __name__ == "__main__":
    sys.exit(main())
