"""Consistent backup and restore of the database and the uploaded files.

One .tar.gz holds:
- `database.dump` (pg_dump custom format, PostgreSQL) or `database.sqlite3`
  (SQLite's online backup API — consistent even while the portal runs);
- `media/` — uploaded files (答复书, published report PDFs …);
- `manifest.json` — engine, time, row count per table, SHA-256 of each file.

Restore replaces the database contents and the media folder with the archive's.
Keep archives off the machine (SECURITY.md): they hold personal data.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def row_counts() -> dict[str, int]:
    return {model._meta.db_table: model._default_manager.count() for model in apps.get_models()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(output: Path) -> dict:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if _is_postgres():
            db_file = tmp_path / "database.dump"
            args, env = _pg_env()
            subprocess.run(
                ["pg_dump", *args, "-Fc", "--no-owner", "-f", str(db_file), connection.settings_dict["NAME"]],
                check=True,
                env=env,
            )
        else:
            db_file = tmp_path / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(db_file)
            with target:
                connection.connection.backup(target)
            target.close()
        manifest = {
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "engine": connection.vendor,
            "rows": row_counts(),
            "files": {db_file.name: _sha256(db_file)},
        }
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(output, "w:gz") as tar:
            tar.add(db_file, arcname=db_file.name)
            if media_root.exists():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file():
                        rel = path.relative_to(media_root).as_posix()
                        manifest["files"][f"media/{rel}"] = _sha256(path)
                        tar.add(path, arcname=f"media/{rel}")
            manifest_file = tmp_path / "manifest.json"
            manifest_file.write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
            tar.add(manifest_file, arcname="manifest.json")
    return manifest


def restore_backup(archive: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp_path, filter="data")  # refuses absolute paths and ../
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        for name, digest in manifest["files"].items():
            if _sha256(tmp_path / name) != digest:
                raise ValueError(f"备份文件已损坏：{name} 校验不符")
        if manifest["engine"] != connection.vendor:
            raise ValueError(f"备份来自 {manifest['engine']}，当前数据库为 {connection.vendor}，无法直接恢复。")
        if _is_postgres():
            args, env = _pg_env()
            connection.close()
            subprocess.run(
                [
                    "pg_restore",
                    *args,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "-d",
                    connection.settings_dict["NAME"],
                    str(tmp_path / "database.dump"),
                ],
                check=True,
                env=env,
            )
        else:
            connection.ensure_connection()
            source = sqlite3.connect(tmp_path / "database.sqlite3")
            with source:
                source.backup(connection.connection)
            source.close()
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists():
            shutil.rmtree(media_root)
        if (tmp_path / "media").exists():
            shutil.copytree(tmp_path / "media", media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    return manifest
