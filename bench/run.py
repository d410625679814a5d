"""Measure the portal at district scale and write the results to BENCHMARKS.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baqiao_bench \\
        .venv/bin/python bench/run.py [--demo-database-url postgres://…/baqiao_bench_demo]

On the database filled by bench/generate.py:
1. query counts of every page, in-process (django.test.Client + CaptureQueriesContext),
   signed in as the demo leader; with --demo-database-url the same pages are
   counted on a database holding only the demo (a subprocess), for comparison;
2. the portal served by gunicorn on 127.0.0.1 with production settings
   (bench/server.py), every page fetched in a loop over HTTP (bench/client.py)
   after two warm-up requests: median and p95, bounded by --runs and --seconds per page;
3. floors in the same run: /healthz (one query, anonymous), /bench/ping/ (a
   signed-in empty view), and Chromium's print-to-PDF of the same report HTML;
4. the resident memory (VmHWM) of the gunicorn workers at the end.

Results go to artifacts/bench-results.json and, between the markers, to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import Gunicorn, default_workers, production_env  # noqa: E402

BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
LEADER = ("leader", "Baqiao@2023")  # the demo leader of 八桥镇: reads every page
# Each page is read by its own demo login (bench.pages.Page.user): the leader, or the district's.
PASSWORDS = {"leader": LEADER[1], "district": "Baqiao@2023"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DEMO_YEAR = 2023
COLD_RUNS = 10  # each clears the whole cache: the median of 10 is steadier than of 5 on a shared machine


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = (len(ordered) - 1) * q
    low = int(index)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (index - low)


def summary(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "runs": len(ms),
        "p50": round(statistics.median(ms), 1) if ms else None,
        "p95": round(percentile(ms, 0.95), 1) if ms else None,
        "min": round(min(ms), 1) if ms else None,
    }


def setup_django(database_url: str, static_root: str) -> None:
    env = production_env(database_url, static_root)
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,testserver"  # the in-process test client's host
    os.environ.update(env)
    import django

    django.setup()


# --- query counts (in-process) ----------------------------------------------------------
def count_queries(pages) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    clients = {}
    counts = {}
    for page in pages:
        if page.key == "healthz":
            client_for = Client()
        else:
            if page.user not in clients:
                clients[page.user] = Client()
                clients[page.user].force_login(User.objects.get(username=page.user))
            client_for = clients[page.user]
        client_for.get(page.url)  # warm: the closed year's figures are cached, like a second visitor's
        with CaptureQueriesContext(connection) as captured:
            response = client_for.get(page.url)
        counts[page.key] = {"queries": len(captured), "status": response.status_code}
    cache.clear()
    return counts


def demo_counts(demo_url: str, static_root: str) -> dict:
    """The same pages on a database holding only the demo (a subprocess: another DATABASE_URL)."""
    result = subprocess.run(
        [sys.executable, __file__, "--count-only", "--year", str(DEMO_YEAR), "--static-root", static_root],
        env={**os.environ, "DATABASE_URL": demo_url},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        print(result.stderr[-3000:], file=sys.stderr)
        raise RuntimeError("counting the demo database's queries failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- HTTP timings -----------------------------------------------------------------------
def time_page(client, url: str, *, runs: int, seconds: float, warmup: int = 2) -> dict:
    statuses = set()
    for _ in range(warmup):
        statuses.add(client.get(url).status)
    samples = []
    size = 0
    deadline = time.monotonic() + seconds
    while len(samples) < runs and (time.monotonic() < deadline or len(samples) < 3):
        result = client.get(url)
        statuses.add(result.status)
        samples.append(result.seconds)
        size = result.size
    return {**summary(samples), "status": sorted(statuses), "bytes": size}


def time_cold_dashboard(client, url: str, runs: int) -> dict:
    """The current year's dashboard with an empty cache: figures and charts of two years computed
    (what the first visitor after a write of the town waits for)."""
    from django.core.cache import cache

    samples = []
    for _ in range(runs):
        cache.clear()
        samples.append(client.get(url).seconds)
    return summary(samples)


# --- the PDF floors ---------------------------------------------------------------------
def report_document(year: int):
    from accounts.models import Organization
    from reports.models import AnnualReport
    from reports.selectors import draft_document

    report = AnnualReport.objects.get(organization=Organization.objects.get(name="八桥镇"), year=year)
    return draft_document(report).document


def time_weasyprint(document, runs: int, *, archival: bool = False) -> dict:
    """`archival`: the tagged PDF/A-3a written at 发布 (issue 21: within 1.5× of the plain one)."""
    from reports import output

    output.render_pdf(document, archival=archival)  # warm: fonts loaded
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        output.render_pdf(document, archival=archival)
        samples.append(time.perf_counter() - start)
    return summary(samples)


def time_chromium(document, runs: int, workdir: Path) -> dict:
    from reports import output

    html = workdir / "report.html"
    html.write_text(output.render_html(document), encoding="utf-8")
    pdf = workdir / "report-chromium.pdf"
    profile = workdir / "chromium-profile"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        html.as_uri(),
    ]
    samples = []
    for i in range(runs + 1):  # the first run creates the profile: not counted
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, timeout=120, check=True)
        if i:
            samples.append(time.perf_counter() - start)
    return {**summary(samples), "bytes": pdf.stat().st_size}


# --- the machine and the data -----------------------------------------------------------
def machine() -> dict:
    from django.db import connection

    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    import django

    return {
        "nproc": os.cpu_count(),
        "ram_gib": round(int(meminfo[1]) / 1024 / 1024, 1),
        "cpu": cpu,
        "postgresql": pg,
        "python": platform.python_version(),
        "django": django.get_version(),
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "kernel": platform.release(),
    }


def data_sizes() -> dict:
    from accounts.models import Grid, Organization
    from disputes.models import Dispute, Party
    from enforcement.models import Certificate, Officer, TrainingAttendance
    from litigation.models import LitigationCase, ReconsiderationCase
    from publicity.models import GridMonthlyEntry

    town = Organization.objects.get(name="八桥镇")
    return {
        "镇街": Organization.objects.exclude(parent=None).count(),
        "矛盾纠纷": Dispute.objects.count(),
        "其中八桥镇": Dispute.objects.filter(organization=town).count(),
        "当事人": Party.objects.count(),
        "复议/应诉案件": ReconsiderationCase.objects.count() + LitigationCase.objects.count(),
        "执法人员": Officer.objects.count(),
        "执法证件": Certificate.objects.count(),
        "参训记录": TrainingAttendance.objects.count(),
        "网格": Grid.objects.count(),
        "网格月度工作": GridMonthlyEntry.objects.count(),
    }


# --- report -----------------------------------------------------------------------------
def verdict(page: dict) -> str:
    target = page.get("target_ms")
    checks = []
    if target is not None and page.get("p50") is not None:
        checks.append(page["p50"] <= target)
    if page.get("demo_queries") is not None and page.get("queries") is not None:
        checks.append(page["queries"] == page["demo_queries"])
    if page.get("max_queries") is not None and page.get("queries") is not None:
        checks.append(page["queries"] <= page["max_queries"])
    if not checks:
        return ""
    return "✅" if all(checks) else "❌"


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        BEGIN,
        f"_生成于 {m['date']}，由 `make bench`（bench/run.py）写入；请勿手工修改本段。_",
        "",
        "### 机器与数据",
        "",
        f"- 机器：{m['nproc']} 核 {m['cpu']}，内存 {m['ram_gib']} GiB，Linux {m['kernel']}",
        f"- PostgreSQL {m['postgresql']}，Python {m['python']}，Django {m['django']}；"
        f"gunicorn {results['workers']} 个同步 worker（`make serve` 的 2×核数+1），127.0.0.1，DJANGO_DEBUG=0",
        "- 数据（bench/generate.py，种子固定）：" + "，".join(f"{k} {v:,}" for k, v in results["data"].items()),
        f"- 测量：每页先预热 2 次，再循环请求（最多 {results['runs']} 次或 {results['seconds']:.0f} 秒，PDF 最多"
        f" {results['pdf_runs']} 次），登录身份为八桥镇演示领导（leader），区级页面为区级演示账号（district，区级查看）；查询数为进程内 django.test.Client"
        " 第二次请求（已预热缓存）的 SQL 条数；“演示库”为只载入演示数据（2023 年）的数据库上同一页面的查询数。",
        "",
        "### 页面",
        "",
        "| 页面 | 类型 | p50 ms | p95 ms | 次数 | 查询数 | 演示库查询数 | 目标 p50 | 目标查询数 | 结论 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|:-:|",
    ]
    for page in results["pages"]:
        lines.append(
            f"| {page['label']} | {page['kind']} | {page['p50']} | {page['p95']} | {page['runs']} | "
            f"{page.get('queries', '')} | {page.get('demo_queries', '') if page.get('demo_queries') is not None else '—'} | "
            f"{page.get('target_ms') or ''} | {page.get('max_queries') or ''} | {verdict(page)} |"
        )
    cold = results["dashboard_cold"]
    floors = results["floors"]
    lines += [
        "",
        "### 基线（同一次运行）",
        "",
        "| 项目 | p50 ms | p95 ms | 次数 | 查询数 | 目标 p50 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for page in floors:
        lines.append(
            f"| {page['label']} | {page['p50']} | {page['p95']} | {page['runs']} | {page.get('queries', '')} | |"
        )
    pdf = next((p for p in results["pages"] if p["key"] == "report_pdf"), None)
    lines += [
        f"| 数据看板（本年度，缓存清空后冷启动） | {cold['p50']} | {cold['p95']} | {cold['runs']} | | "
        f"{cold.get('target_ms', '')} {'✅' if cold.get('ok') else '❌'} |"
    ]
    if pdf is not None:
        lines += _pdf_lines(results, pdf)
    lines += [
        "",
        "### 内存",
        "",
        f"gunicorn worker 峰值常驻内存（/proc/<pid>/status VmHWM，全部页面与 PDF 之后）：最大 "
        f"{results['memory']['max_hwm_mib']} MiB，各 worker："
        + "、".join(f"{v} MiB" for v in results["memory"]["hwm_mib"])
        + "。",
        END,
    ]
    return "\n".join(lines)


# Issue 21: the published revision's tagged PDF/A-3a may cost at most 1.5× the plain rendering.
ARCHIVAL_RATIO_TARGET = 1.5


def _archival_line(results: dict) -> str:
    plain, archival = results["weasyprint"]["p50"], results["weasyprint_archival"]["p50"]
    if not plain or not archival:
        return "发布存档版：未测量（排版不可用）。"
    ratio = archival / plain
    verdict = "✅ 达成" if ratio <= ARCHIVAL_RATIO_TARGET else "❌ 未达成"
    return f"发布存档版 ÷ 同一文档的普通排版：{ratio:.2f}×（目标 ≤ {ARCHIVAL_RATIO_TARGET}×）— {verdict}。"


def _pdf_lines(results: dict, pdf: dict) -> list[str]:
    return [
        "",
        "### 年度报告 PDF",
        "",
        "| 方式 | p50 ms | p95 ms | 次数 |",
        "|---|---:|---:|---:|",
        f"| 门户下载草稿 PDF（HTTP，含取数与排版） | {pdf['p50']} | {pdf['p95']} | {pdf['runs']} |",
        f"| WeasyPrint 排版同一文档（进程内，仅排版） | {results['weasyprint']['p50']} | "
        f"{results['weasyprint']['p95']} | {results['weasyprint']['runs']} |",
        f"| WeasyPrint 排版发布存档版（带标签 PDF/A-3a，仅排版） | {results['weasyprint_archival']['p50']} | "
        f"{results['weasyprint_archival']['p95']} | {results['weasyprint_archival']['runs']} |",
        f"| Chromium 打印同一 HTML（`--headless --print-to-pdf`，含进程启动） | {results['chromium']['p50']} | "
        f"{results['chromium']['p95']} | {results['chromium']['runs']} |",
        "",
        f"目标：预热后 ≤ {pdf['target_ms']} ms 且快于 Chromium — "
        f"{'✅ 达成' if pdf['p50'] <= pdf['target_ms'] and pdf['p50'] < results['chromium']['p50'] else '❌ 未达成'}。",
        "",
        _archival_line(results),
    ]


def write_markdown(path: Path, block: str, *, begin: str = BEGIN, end: str = END) -> None:
    """Replace the block between the markers, keeping the hand-written rest of the file."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# 性能基准\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _old, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-database-url", default=os.environ.get("BENCH_DEMO_DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=30, help="requests per page at most")
    parser.add_argument("--seconds", type=float, default=15, help="seconds per page at most")
    parser.add_argument("--pdf-runs", type=int, default=10)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=ROOT / "artifacts" / "bench-results.json")
    parser.add_argument("--only", nargs="*", help="measure only these page keys (quick checks)")
    parser.add_argument("--no-markdown", action="store_true")
    # internal: the demo database's query counts (see demo_counts)
    parser.add_argument("--count-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--year", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--static-root", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        print("请设置 DATABASE_URL=postgres://…（bench/generate.py 生成的数据库）", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="baqiao-run-"))
    static_root = args.static_root or str(workdir / "static")
    setup_django(database_url, static_root)
    from django.core.management import call_command
    from django.utils import timezone

    from bench import pages as page_defs

    if args.count_only:
        counts = count_queries(page_defs.resolve(year=args.year) + page_defs.floors())
        print(json.dumps(counts))
        return 0

    year = timezone.localdate().year - 1
    call_command("collectstatic", interactive=False, verbosity=0)
    pages = page_defs.resolve(year=year)
    floor_pages = page_defs.floors()
    if args.only:
        pages = [p for p in pages if p.key in args.only]
    from reports import output

    if not output.available():
        print("reports.rendering 尚未合并：跳过报告 PDF 与预览。", file=sys.stderr)
        pages = [p for p in pages if p.key not in ("report_pdf", "report_preview")]
    print(f"查询计数：{len(pages) + len(floor_pages)} 个页面 …", flush=True)
    counts = count_queries(pages + floor_pages)
    demo = demo_counts(args.demo_database_url, static_root) if args.demo_database_url else {}
    failed = {k: v["status"] for k, v in counts.items() if v["status"] != 200}
    if failed:
        print(f"这些页面没有返回 200：{failed}", file=sys.stderr)
        return 1

    from bench.client import Client
    from reports import output

    rendering = output.available()
    document = report_document(year) if rendering else None
    results = {
        "machine": machine(),
        "data": data_sizes(),
        "year": year,
        "workers": args.workers,
        "runs": args.runs,
        "seconds": args.seconds,
        "pdf_runs": args.pdf_runs,
        "pages": [],
        "floors": [],
    }
    print("WeasyPrint / Chromium …", flush=True)
    results["weasyprint"] = time_weasyprint(document, min(args.pdf_runs, 5)) if rendering else summary([])
    results["weasyprint_archival"] = (
        time_weasyprint(document, min(args.pdf_runs, 5), archival=True) if rendering else summary([])
    )
    results["chromium"] = time_chromium(document, min(args.pdf_runs, 5), workdir) if rendering else summary([])
    with Gunicorn(database_url, workers=args.workers, static_root=static_root) as server:
        client = Client(server.base_url)
        client.login(*LEADER)
        clients = {LEADER[0]: client}
        anonymous = Client(server.base_url)
        for page in floor_pages + pages:
            pdf = page.kind == "报告PDF"
            if page.user not in clients:
                clients[page.user] = Client(server.base_url)
                clients[page.user].login(page.user, PASSWORDS[page.user])
            timing = time_page(
                anonymous if page.key == "healthz" else clients[page.user],
                page.url,
                runs=args.pdf_runs if pdf else args.runs,
                seconds=args.seconds * (4 if pdf else 1),
            )
            row = {
                "key": page.key,
                "label": page.label,
                "kind": page.kind,
                "url": page.url,
                "target_ms": page.target_ms,
                "max_queries": page.max_queries,
                **timing,
                "queries": counts[page.key]["queries"],
                "demo_queries": demo.get(page.key, {}).get("queries"),
            }
            (results["floors"] if page.kind == "基线" else results["pages"]).append(row)
            print(
                f"  {page.label:<28} p50 {row['p50']:>7} ms  p95 {row['p95']:>7} ms  "
                f"查询 {row['queries']}{'/' + str(row['demo_queries']) if row['demo_queries'] is not None else ''}",
                flush=True,
            )
        dashboard = next((p for p in pages if p.key == "dashboard"), None)
        cold = time_cold_dashboard(client, dashboard.url, COLD_RUNS) if dashboard else summary([])
        cold["target_ms"] = page_defs.COLD_DASHBOARD_TARGET
        cold["ok"] = cold["p50"] is not None and cold["p50"] <= cold["target_ms"]
        results["dashboard_cold"] = cold
        hwm = sorted((v.get("VmHWM", 0) for v in server.memory().values()), reverse=True)
        results["memory"] = {
            "hwm_mib": [round(v / 1024) for v in hwm],
            "max_hwm_mib": round(max(hwm) / 1024) if hwm else None,
        }
        errors = server.errors()
    if errors:
        print("gunicorn 日志中有错误：\n" + errors, file=sys.stderr)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    block = markdown(results)
    if not args.no_markdown:
        write_markdown(args.output, block)
    print(block)
    shutil.rmtree(workdir, ignore_errors=True)  # the collected static files and Chromium's profile
    bad = [p["label"] for p in results["pages"] if verdict(p) == "❌"]
    if bad:
        print("未达目标：" + "、".join(bad), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
