"""Serve the portal with gunicorn on 127.0.0.1 for the benchmark and the load test.

Production settings (DJANGO_DEBUG=0, a throwaway secret key, whitenoise serving
collected static files) with plain http on 127.0.0.1: no TLS redirect, no
Secure cookies. The server is a child process of the caller and stopped by it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WARMED = "报告排版已预热"  # logged by reports.rendering.warm_up


def production_env(database_url: str, static_root: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        BENCH_STATIC_ROOT=static_root,
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.pop("DJANGO_ALLOW_LOCAL_SECRET", None)
    env.pop("DJANGO_TESTING", None)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def default_workers() -> int:
    # The same formula as `make serve`.
    return (os.cpu_count() or 1) * 2 + 1


class Gunicorn:
    """`with Gunicorn(database_url) as server:` … server.base_url, server.worker_pids()."""

    def __init__(
        self,
        database_url: str,
        *,
        workers: int | None = None,
        port: int | None = None,
        static_root: str | None = None,
        secret_key: str | None = None,
    ):
        self.database_url = database_url
        self.workers = workers or default_workers()
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._tmp = tempfile.TemporaryDirectory(prefix="baqiao-bench-")
        # Given a static root, the caller has already collected the static files there.
        self.collect = static_root is None
        self.static_root = static_root or str(Path(self._tmp.name) / "static")
        self.env = production_env(database_url, self.static_root)
        if secret_key:
            self.env["DJANGO_SECRET_KEY"] = secret_key
        self.log_path = Path(self._tmp.name) / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        if self.collect:
            subprocess.run(
                [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=self.env, check=True
            )
        self._log = open(self.log_path, "w")  # noqa: SIM115 — closed in __exit__
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "baqiao.wsgi",
                "-c",
                "baqiao/gunicorn_conf.py",  # as `make serve`: access log without query strings, PDF warm-up
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--env",
                "DJANGO_SETTINGS_MODULE=bench.settings",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200 and len(self.worker_pids()) >= self.workers and self._warmed():
                        return self
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def _warmed(self) -> bool:
        """Every worker has laid out its warm-up report (baqiao/gunicorn_conf.py), so the first
        pages measured do not share the machine with the workers' font loading."""
        if self.env.get("REPORT_PDF_WARMUP", "1") == "0":
            return True
        return self.log_path.read_text(errors="replace").count(WARMED) >= self.workers

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in children.read_text().split()]
        except OSError:
            return []

    def memory(self) -> dict:
        """Peak and current resident memory (kB) of each worker (/proc/<pid>/status VmHWM, VmRSS)."""
        result = {}
        for pid in self.worker_pids():
            fields = {}
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    key, _, value = line.partition(":")
                    if key in ("VmHWM", "VmRSS"):
                        fields[key] = int(value.split()[0])
            except OSError:
                continue
            result[pid] = fields
        return result

    def errors(self) -> str:
        text = self.log_path.read_text() if self.log_path.exists() else ""
        return "\n".join(line for line in text.splitlines() if "Traceback" in line or "ERROR" in line)

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()
        if os.environ.get("BENCH_KEEP_LOG"):
            print(self.log_path.read_text()[-5000:], file=sys.stderr)
        self._tmp.cleanup()
