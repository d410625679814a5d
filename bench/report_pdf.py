"""Benchmark: the annual report PDF, WeasyPrint vs Chromium's print-to-PDF.

    .venv/bin/python bench/report_pdf.py [--warm 10] [--cold 5]

Renders the 2023 八桥镇 report (reports/rendering/sample.py, the seed text) and
prints a table of median times and peak memory:

- WeasyPrint warm: `render_pdf(doc)` again and again in one process (template,
  layout, PDF) — what a gunicorn worker does for the second report onwards; and the
  same for the archival PDF written at 发布 (`archival=True`: tagged PDF/A-3a).
- WeasyPrint cold: a fresh `python` process that sets Django up and renders once
  (wall time to exit), and the first render inside it.
- Chromium cold: `/usr/bin/chromium --headless … --print-to-pdf` of the same
  standalone HTML (render_html(doc)), one browser process per PDF.
- Chromium render only: the cold time minus that of an empty page (a browser
  kept open over DevTools loses its page on every navigation in this
  container, so a true warm Chromium figure is not measured here).

Memory is the peak proportional set size (PSS, shared pages split fairly) of
the whole process tree, sampled every 50 ms — Chromium runs several processes.
Not a test (timings depend on the machine); the issue's bar is < 1 s warm and
faster than Chromium (../shared/DOMAIN.md "WeasyPrint facts").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-pdf-header-footer",
]

CHILD = """
import json, os, resource, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqiao.settings")
os.environ.setdefault("DJANGO_ALLOW_LOCAL_SECRET", "1")
import django
django.setup()
from reports.rendering import render_pdf
from reports.rendering.sample import sample_document
doc = sample_document()
t1 = time.perf_counter()
times = []
for _ in range({runs}):
    s = time.perf_counter()
    pdf = render_pdf(doc, archival={archival})
    times.append(time.perf_counter() - s)
open({out!r}, "wb").write(pdf)
print(json.dumps({{"setup": t1 - t0, "times": times}}))
"""


# ---------------------------------------------------------------- memory


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakMemory:
    """Samples the PSS of a process tree until stopped; .peak_mb."""

    def __init__(self, pid: int):
        self.pid, self.peak_kb, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        # Cheap enough not to steal the CPU being measured: the process tree is
        # re-listed every 0.25 s, its PSS summed every 0.05 s.
        pids, listed = [self.pid], 0.0
        while not self._stop.is_set():
            if time.monotonic() - listed > 0.25:
                pids, listed = _tree(self.pid), time.monotonic()
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in pids))
            time.sleep(0.05)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


# ---------------------------------------------------------------- WeasyPrint


def weasyprint_child(runs: int, out: Path, archival: bool = False) -> tuple[float, dict, float]:
    """Run a fresh Python process; returns (wall seconds, its JSON, peak MB)."""
    code = CHILD.format(root=str(ROOT), runs=runs, out=str(out), archival=archival)
    start = time.perf_counter()
    proc = subprocess.Popen([PYTHON, "-c", code], stdout=subprocess.PIPE, cwd=ROOT)
    memory = PeakMemory(proc.pid)
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - start
    peak = memory.stop()
    if proc.returncode:
        raise SystemExit("WeasyPrint child failed")
    return wall, json.loads(stdout), peak


# ---------------------------------------------------------------- Chromium


def chromium_cold(html_path: Path, out: Path, profile: Path) -> tuple[float, float]:
    cmd = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={out}", html_path.as_uri()]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    memory = PeakMemory(proc.pid)
    proc.wait()
    wall = time.perf_counter() - start
    return wall, memory.stop()


# ---------------------------------------------------------------- main


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warm", type=int, default=10, help="warm renders (median)")
    parser.add_argument("--cold", type=int, default=5, help="cold processes (median)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqiao.settings")
    os.environ.setdefault("DJANGO_ALLOW_LOCAL_SECRET", "1")
    import django

    django.setup()
    from reports.rendering import render_html
    from reports.rendering.checks import harfbuzz_subset_problem
    from reports.rendering.sample import sample_document

    if problem := harfbuzz_subset_problem():
        raise SystemExit(problem)

    tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
    html_path = tmp / "report.html"
    html_path.write_text(render_html(sample_document()), encoding="utf-8")
    wp_pdf, cr_pdf = tmp / "weasyprint.pdf", tmp / "chromium.pdf"
    rows = []

    # WeasyPrint warm: one process, first render discarded.
    _wall, data, wp_warm_mem = weasyprint_child(args.warm + 1, wp_pdf)
    wp_warm = statistics.median(data["times"][1:])
    rows.append(("WeasyPrint 70, warm (render_pdf in a running process)", wp_warm, wp_warm_mem))
    # The published revision's tagged PDF/A-3a (issue 21: within 1.5× of the plain PDF).
    _wall, data, mem = weasyprint_child(args.warm + 1, tmp / "archival.pdf", archival=True)
    wp_archival = statistics.median(data["times"][1:])
    rows.append(("WeasyPrint 70, warm, archival (tagged PDF/A-3a)", wp_archival, mem))

    # WeasyPrint cold: a new process per PDF.
    colds, firsts, mems = [], [], []
    for _ in range(args.cold):
        wall, data, mem = weasyprint_child(1, wp_pdf)
        colds.append(wall)
        firsts.append(data["times"][0])
        mems.append(mem)
    rows.append(("WeasyPrint 70, cold process (python + Django + render)", statistics.median(colds), max(mems)))
    rows.append(("WeasyPrint 70, first render in a new process", statistics.median(firsts), None))

    # Chromium cold: a new browser per PDF.
    colds, mems = [], []
    for i in range(args.cold):
        wall, mem = chromium_cold(html_path, cr_pdf, tmp / f"profile-cold-{i}")
        colds.append(wall)
        mems.append(mem)
    chromium_cold_median = statistics.median(colds)
    rows.append(("Chromium, cold (--headless --print-to-pdf)", chromium_cold_median, max(mems)))

    # Chromium "warm": the CLI has no warm mode, and a browser kept open over
    # DevTools loses its page on every navigation on this machine
    # (Chromium 156 in this container), so estimate the render itself as the
    # report's cold time minus the cold time of an empty page (browser start-up
    # and shut-down).
    blank = tmp / "blank.html"
    blank.write_text('<!DOCTYPE html><html lang="zh-CN"><body></body></html>', encoding="utf-8")
    blanks = [chromium_cold(blank, tmp / "blank.pdf", tmp / f"profile-blank-{i}")[0] for i in range(args.cold)]
    chromium_warm = max(chromium_cold_median - statistics.median(blanks), 0.001)
    rows.append(("Chromium, render only (cold report − cold empty page)", chromium_warm, None))

    print(f"\n2023 report: WeasyPrint {pages(wp_pdf)} pages, Chromium {pages(cr_pdf)} pages (A4, same HTML)")
    print(f"medians of {args.warm} warm runs and {args.cold} cold runs; peak PSS of the process tree\n")
    width = max(len(r[0]) for r in rows)
    print(f"{'renderer':<{width}}  {'time':>8}  {'peak memory':>11}")
    print(f"{'-' * width}  {'-' * 8}  {'-' * 11}")
    for name, seconds, mem in rows:
        print(f"{name:<{width}}  {seconds:>7.3f}s  {f'{mem:.0f} MB' if mem else '':>11}")
    print(
        f"\nwarm: WeasyPrint {wp_warm:.3f}s vs Chromium ≈{chromium_warm:.3f}s "
        f"render only ({chromium_warm / wp_warm:.1f}×); under 1 s: {'yes' if wp_warm < 1 else 'NO'}"
    )
    print(f"archival (tagged PDF/A-3a) / plain: {wp_archival / wp_warm:.2f}× (bar: ≤ 1.5×)")
    for profile in tmp.glob("profile-*"):
        shutil.rmtree(profile, ignore_errors=True)
    print(f"PDFs kept in {tmp}")


if __name__ == "__main__":
    main()
