"""Load test: clerks registering disputes while leaders open the dashboard and the report.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqiao_bench \\
        .venv/bin/python bench/loadtest.py [--seconds 60] [--clerks 8] [--leaders 4]

Serves the portal with gunicorn on 127.0.0.1 (production settings, bench/server.py)
and runs, for a bounded time, threads that each sign in through the login form:
- clerks (录入员) open the 受理登记 form, fill it (CSRF token, a category and a
  community from the form's own options, two parties with valid ID numbers) and
  POST it; a 302 to the new dispute's page is an acknowledged write;
- leaders (领导) open the 数据看板, the report's preview and, every fifth round,
  the report's draft PDF.
Afterwards the database is checked: every acknowledged dispute exists, the rows
this run wrote are exactly the acknowledged ones (no lost or phantom writes), the
serial numbers are unique and the year's counter covers them. Passes when there
is no 5xx, no failed request and no lost write; prints p50/p95 per request kind.
Run it on a throwaway database: it adds disputes (marked in their summary).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import percentile, setup_django, write_markdown  # noqa: E402
from bench.server import Gunicorn, default_workers  # noqa: E402

BEGIN, END = "<!-- bench:loadtest:begin -->", "<!-- bench:loadtest:end -->"
MARK = "压测登记"
DETAIL_RE = re.compile(r"^/disputes/(\d+)/$")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.errors: list[str] = []
        self.acknowledged: list[int] = []
        self.refused: list[str] = []

    def record(self, kind: str, result) -> None:
        with self.lock:
            self.samples[kind].append(result.seconds)
            self.statuses[kind][result.status] += 1

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def _id_number(rng: random.Random) -> str:
    from bench.gen.common import random_id_number

    return random_id_number(rng)


def clerk_loop(base_url, username, password, deadline, stats: Stats, run_id: str, index: int) -> None:
    from bench.client import Client, form_fields

    rng = random.Random(f"{run_id}:{index}")
    client = Client(base_url)
    try:
        client.login(username, password)
    except Exception as exc:  # noqa: BLE001 — counted, the run fails
        stats.error(f"{username} 登录失败：{exc}")
        return
    n = 0
    from django.utils import timezone

    today = timezone.localdate().isoformat()  # the portal's day (Asia/Shanghai): 受理日期 may not be later
    while time.monotonic() < deadline:
        n += 1
        try:
            page = client.get("/disputes/add/")
            stats.record("受理登记表单 GET", page)
            if page.status != 200:
                continue
            fields = form_fields(page.body, having="summary")
            data = dict(fields.values)
            choose = {name: [o["value"] for o in opts if o.get("value")] for name, opts in fields.options.items()}
            data.update(
                received_on=today,
                source="visit",
                community=rng.choice(choose["community"]),
                grid="",
                category=rng.choice(choose["category"]),
                summary=f"{MARK} {run_id}-{index}-{n}：楼上漏水致楼下受损，双方就维修费用发生争执。",
                grade="simple",
                handling_level="",
                risk="green",
                mediation_type="people",
                amount="0",
            )
            for i, role in enumerate(("applicant", "respondent")):
                data.update(
                    {
                        f"parties-{i}-role": role,
                        f"parties-{i}-kind": "person",
                        f"parties-{i}-name": f"测试{'甲乙'[i]}{index}",
                        f"parties-{i}-id_number": _id_number(rng),
                        f"parties-{i}-phone": f"139{rng.randrange(10**8):08d}",
                        f"parties-{i}-address": "重庆市大渡口区八桥镇",
                    }
                )
            result = client.post("/disputes/add/", data)
            stats.record("受理登记 POST", result)
            match = DETAIL_RE.match(result.location.replace(base_url, ""))
            if result.status == 302 and match:
                with stats.lock:
                    stats.acknowledged.append(int(match.group(1)))
            elif result.status < 500:
                with stats.lock:
                    stats.refused.append(f"HTTP {result.status}")
        except Exception as exc:  # noqa: BLE001
            stats.error(f"{username}: {type(exc).__name__}: {exc}")


def leader_loop(base_url, username, password, deadline, stats: Stats, report_pk: int) -> None:
    from bench.client import Client

    client = Client(base_url)
    try:
        client.login(username, password)
    except Exception as exc:  # noqa: BLE001
        stats.error(f"{username} 登录失败：{exc}")
        return
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        steps = [("数据看板", "/dashboard/"), ("年度报告预览", f"/reports/{report_pk}/preview/")]
        if rounds % 5 == 0:
            steps.append(("年度报告 PDF", f"/reports/{report_pk}/download/?format=pdf"))
        for kind, url in steps:
            if time.monotonic() >= deadline:
                break
            try:
                stats.record(kind, client.get(url))
            except Exception as exc:  # noqa: BLE001
                stats.error(f"{username} {kind}: {type(exc).__name__}: {exc}")


def users(prefix: str, count: int, fallback: str) -> list[tuple[str, str]]:
    from accounts.models import User

    names = list(
        User.objects.filter(username__startswith=prefix, is_active=True)
        .order_by("username")
        .values_list("username", flat=True)
    )
    if names:
        return [(names[i % len(names)], "Bench@2026") for i in range(count)]
    return [(fallback, "Baqiao@2023")] * count  # a demo-only database


def check_database(stats: Stats, run_id: str, before_max: int) -> dict:
    from django.db.models import Max

    from disputes.models import Dispute, SerialCounter

    written = Dispute.objects.filter(summary__startswith=f"{MARK} {run_id}-")
    written_ids = set(written.values_list("pk", flat=True))
    acknowledged = set(stats.acknowledged)
    serials = list(written.values_list("organization_id", "year", "number"))
    counters_ok = all(
        SerialCounter.objects.filter(organization_id=org, year=year, last_number__gte=number).exists()
        for org, year, number in {(o, y, n) for o, y, n in serials}
    )
    return {
        "acknowledged": len(acknowledged),
        "written": len(written_ids),
        "lost": len(acknowledged - written_ids),
        "phantom": len(written_ids - acknowledged),
        "duplicate_serials": len(serials) - len(set(serials)),
        "counters_cover_serials": counters_ok,
        "new_rows_total": Dispute.objects.filter(pk__gt=before_max).count(),
        "max_pk_before": before_max,
        "max_pk_after": Dispute.objects.aggregate(m=Max("pk"))["m"],
    }


def markdown(result: dict) -> str:
    lines = [
        BEGIN,
        f"_生成于 {result['date']}：{result['seconds']:.0f} 秒，{result['clerks']} 个录入员线程 + "
        f"{result['leaders']} 个领导线程，gunicorn {result['workers']} 个 worker（127.0.0.1）。_",
        "",
        "| 请求 | 次数 | p50 ms | p95 ms | 最大 ms | 5xx |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, row in result["requests"].items():
        lines.append(f"| {kind} | {row['count']} | {row['p50']} | {row['p95']} | {row['max']} | {row['5xx']} |")
    db = result["database"]
    lines += [
        "",
        f"- 吞吐：共 {result['total_requests']} 个请求，{result['throughput']} 个/秒；"
        f"登记确认（302）{db['acknowledged']} 件，数据库中本次写入 {db['written']} 件，"
        f"丢失 {db['lost']} 件，多出 {db['phantom']} 件，重复编号 {db['duplicate_serials']} 个，"
        f"编号计数器{'覆盖全部编号' if db['counters_cover_serials'] else '未覆盖全部编号'}。",
        f"- 5xx：{result['5xx']}；请求异常：{len(result['errors'])}；被表单拒绝：{len(result['refused'])}。",
        f"- 结论：{'✅ 通过（无 5xx、无丢失写入）' if result['passed'] else '❌ 未通过'}。",
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clerks", type=int, default=8)
    parser.add_argument("--leaders", type=int, default=4)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "loadtest-results.json")
    parser.add_argument("--no-markdown", action="store_true")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        print("请设置 DATABASE_URL=postgres://…（一次性的压测数据库）", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="baqiao-load-"))
    static_root = str(workdir / "static")
    setup_django(database_url, static_root)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Max

    from accounts.models import Organization
    from disputes.models import Dispute
    from reports.models import AnnualReport

    call_command("collectstatic", interactive=False, verbosity=0)
    town = Organization.objects.get(name="八桥镇")
    report = AnnualReport.objects.filter(organization=town).order_by("-year").first()
    clerks = users("loadclerk", args.clerks, "clerk")
    leaders = users("loadleader", args.leaders, "leader")
    before_max = Dispute.objects.aggregate(m=Max("pk"))["m"] or 0
    connection.close()  # no connection held open across the run
    run_id = uuid.uuid4().hex[:8]
    stats = Stats()
    with Gunicorn(database_url, workers=args.workers, static_root=static_root) as server:
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(target=clerk_loop, args=(server.base_url, u, p, deadline, stats, run_id, i), daemon=True)
            for i, (u, p) in enumerate(clerks)
        ] + [
            threading.Thread(target=leader_loop, args=(server.base_url, u, p, deadline, stats, report.pk), daemon=True)
            for u, p in leaders
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)  # a request in flight at the deadline may finish
        elapsed = time.monotonic() - started
        server_errors = server.errors()
    shutil.rmtree(workdir, ignore_errors=True)
    database = check_database(stats, run_id, before_max)
    requests = {}
    for kind, samples in stats.samples.items():
        ms = [s * 1000 for s in samples]
        requests[kind] = {
            "count": len(ms),
            "p50": round(statistics.median(ms), 1),
            "p95": round(percentile(ms, 0.95), 1),
            "max": round(max(ms), 1),
            "5xx": sum(n for status, n in stats.statuses[kind].items() if status >= 500),
            "statuses": dict(stats.statuses[kind]),
        }
    total = sum(r["count"] for r in requests.values())
    fivexx = sum(r["5xx"] for r in requests.values())
    passed = fivexx == 0 and not stats.errors and database["lost"] == 0 and database["phantom"] == 0
    passed = passed and database["duplicate_serials"] == 0 and database["counters_cover_serials"]
    passed = passed and database["acknowledged"] > 0
    result = {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "seconds": elapsed,
        "clerks": args.clerks,
        "leaders": args.leaders,
        "workers": args.workers,
        "requests": requests,
        "total_requests": total,
        "throughput": round(total / elapsed, 1),
        "5xx": fivexx,
        "errors": stats.errors[:20],
        "refused": stats.refused[:20],
        "database": database,
        "passed": passed,
        "server_errors": server_errors[-3000:],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    block = markdown(result)
    if not args.no_markdown:
        write_markdown(args.output, block, begin=BEGIN, end=END)
    print(block)
    if stats.errors:
        print("\n".join(stats.errors[:20]), file=sys.stderr)
    if server_errors:
        print("gunicorn 日志中有错误：\n" + server_errors[-3000:], file=sys.stderr)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
