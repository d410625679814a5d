"""A 10,000-row import killed midway leaves the database unchanged (one transaction)."""

import datetime
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from openpyxl import Workbook

from disputes.importers import DisputeImporter
from disputes.models import Dispute

pytestmark = pytest.mark.postgres


def _ledger(path: Path, rows: int) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append([c.header for c in DisputeImporter.columns])
    start = datetime.date(2024, 1, 1)
    for i in range(rows):
        received = start + datetime.timedelta(days=i % 300)
        values = {
            "received_on": received.isoformat(),
            "source": "来访",
            "community": "双山社区",
            "category": "邻里纠纷",
            "summary": f"第{i}件测试纠纷",
            "status": "调解成功",
            "concluded_on": (received + datetime.timedelta(days=3)).isoformat(),
            "outcome": "达成协议",
            "original_number": f"K-{i:05d}",
        }
        ws.append([values.get(c.field, "") for c in DisputeImporter.columns])
    wb.save(path)


@pytest.mark.django_db(transaction=True)
def test_killed_import_changes_nothing(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database a second process can open")
    call_command("load_demo", "--quiet-logins", verbosity=0)
    ledger = tmp_path / "ledger.xlsx"
    _ledger(ledger, 10_000)
    before = Dispute.objects.count()

    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env["DJANGO_ALLOW_LOCAL_SECRET"] = "1"
    env["DJANGO_TESTING"] = "1"  # same cache backend as this test process (no cache table)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_xlsx", "disputes.importers.DisputeImporter", str(ledger),
         "--org", "八桥镇", "--user", "clerk"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    seen = []
    for line in process.stdout:
        seen.append(line)
        if "已保存 500 行" in line:  # the first progress line: rows saved, transaction open
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=120)
    assert process.returncode == -signal.SIGKILL, "".join(seen) + process.stderr.read()
    assert Dispute.objects.count() == before


@pytest.mark.django_db
def test_import_command_reports_errors_and_saves_nothing(tmp_path, org, clerk_user):
    from django.core.management.base import CommandError

    wb = Workbook()
    wb.active.append([c.header for c in DisputeImporter.columns])
    wb.active.append(["不是日期"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command(
            "import_xlsx", "disputes.importers.DisputeImporter", str(path), "--org", org.name, "--user", "clerk"
        )
    assert Dispute.objects.count() == 0
