"""Consistent backup and restore of the database and the uploaded files.

One .tar.gz holds:
- `database.dump` (pg_dump custom format, PostgreSQL) or `database.sqlite3`
  (SQLite's online backup API — consistent even while the portal runs);
- `media/` — uploaded files (答复书, published report PDFs …);
- `manifest.json` — engine, time, row count per table, SHA-256 of each file.

The archive holds every town's personal data and password hashes, so it is
encrypted as it is written (core.backup_crypto; the plain archive never touches
the disk), the file is 0600 in a 0700 directory, and sessions are left out: a
stolen backup must not be a way to sign in. A plain archive needs an explicit
`unencrypted=True`.

Restore authenticates the whole file before it touches anything, then replaces
the database contents and the media folder with the archive's.
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

from core.backup_crypto import EncryptingWriter, decrypt_file, fingerprint, is_encrypted, key_fingerprint_of


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _session_table() -> str | None:
    if not apps.is_installed("django.contrib.sessions"):
        return None
    from django.contrib.sessions.models import Session

    return Session._meta.db_table


def row_counts() -> dict[str, int]:
    """Rows per table, as a backup holds them (sessions are never backed up)."""
    sessions = _session_table()
    return {
        model._meta.db_table: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.db_table != sessions
    }


def _private_directory(path: Path, *, ours: bool) -> str | None:
    """Create `path` 0700; tighten it when it is our own folder, else warn if others can enter it."""
    if not path.exists():
        path.mkdir(mode=0o700, parents=True)
        path.chmod(0o700)  # mkdir's mode is filtered by the umask
        return None
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        if ours:
            path.chmod(0o700)
            return None
        return f"目录 {path} 的权限为 {mode:04o}，本机其他用户可以看到备份文件名；建议 chmod 700 {path}。"
    return None


def _private_file(path: Path):
    """A new file only its owner can read, whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def default_backup_dir() -> Path:
    return Path(settings.BASE_DIR) / "backups"


def create_backup(output: Path, *, key: bytes | None, unencrypted: bool = False) -> dict:
    """Write the archive to `output`, sealed with `key` (or plain only with unencrypted=True).

    Returns the manifest, with "warnings" for the operator (a directory others can enter).
    """
    if key is None and not unencrypted:
        raise ValueError("没有备份密钥，未备份。")
    output = Path(output)
    warning = _private_directory(output.parent, ours=output.parent.resolve() == default_backup_dir().resolve())
    # Written beside the target and renamed when complete: a failed backup leaves no half file.
    partial = output.with_name(f".{output.name}.partial")
    partial.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:  # 0700: the dump inside is plain
        tmp_path = Path(tmp)
        db_file = _dump_database(tmp_path)
        manifest = {
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "engine": connection.vendor,
            "encrypted": not unencrypted,
            "rows": row_counts(),
            "files": {db_file.name: _sha256(db_file)},
        }
        media_root = Path(settings.MEDIA_ROOT)
        try:
            with _private_file(partial) as out:
                sink = out if unencrypted else EncryptingWriter(out, key)
                with tarfile.open(fileobj=sink, mode="w|gz") as tar:
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
                sink.close()
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    manifest["warnings"] = [warning] if warning else []
    return manifest


def rekey_backup(archive: Path, *, keys: list[bytes]) -> int | None:
    """Re-encrypt `archive` in place with keys[0], after a key rotation (DEPLOY.md).

    Streams chunk by chunk into a new 0600 file that replaces the old one only once
    every chunk has authenticated. Returns the index of the key that opened it,
    or None when it was already under keys[0].
    """
    if key_fingerprint_of(archive) == fingerprint(keys[0]):
        return None
    partial = archive.with_name(f".{archive.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with _private_file(partial) as out:
            writer = EncryptingWriter(out, keys[0])
            index = decrypt_file(archive, writer, keys)
            writer.close()
        partial.replace(archive)
    finally:
        partial.unlink(missing_ok=True)
    return index


def _dump_database(tmp_path: Path) -> Path:
    """A consistent copy of the database in tmp_path, without the sessions' contents."""
    sessions = _session_table()
    if _is_postgres():
        db_file = tmp_path / "database.dump"
        args, env = _pg_env()
        exclude = [f"--exclude-table-data={sessions}"] if sessions else []
        subprocess.run(
            ["pg_dump", *args, "-Fc", "--no-owner", *exclude, "-f", str(db_file), connection.settings_dict["NAME"]],
            check=True,
            env=env,
        )
        return db_file
    db_file = tmp_path / "database.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(db_file)
    with target:
        connection.connection.backup(target)
    if sessions:
        # secure_delete overwrites the deleted rows and VACUUM rebuilds the file,
        # so no session key survives in a free page of the copy.
        target.execute("PRAGMA secure_delete = ON")
        with target:
            target.execute(f'DELETE FROM "{sessions}"')
        target.execute("VACUUM")
    target.close()
    return db_file


def restore_backup(archive: Path, *, keys: list[bytes], unencrypted: bool = False) -> dict:
    """Replace the database and media with the archive's; nothing is touched unless
    the whole archive authenticates. The manifest gets "key_index": which of
    `keys` opened it (None for a plain archive)."""
    with tempfile.TemporaryDirectory() as tmp:  # 0700: the archive is plain in here
        tmp_path = Path(tmp)
        key_index = None
        if is_encrypted(archive):
            plain = tmp_path / "archive.tar.gz"
            with open(plain, "wb") as out:
                key_index = decrypt_file(archive, out, keys)
        elif unencrypted:
            plain = archive
        else:
            # Anyone who can write to the backup folder could otherwise slip in a database of their own.
            raise ValueError("这是未加密的备份文件；确认要从它恢复请加 --unencrypted。未做任何恢复。")
        content = tmp_path / "content"
        try:
            with tarfile.open(plain, "r:gz") as tar:
                tar.extractall(content, filter="data")  # refuses absolute paths and ../
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise ValueError(f"备份文件无法解包（{exc.__class__.__name__}），未做任何恢复。") from exc
        try:
            manifest = json.loads((content / "manifest.json").read_text())
        except (OSError, ValueError) as exc:
            raise ValueError("备份文件中没有可读的清单（manifest.json），未做任何恢复。") from exc
        for name, digest in manifest["files"].items():
            path = content / name
            if not path.is_file() or _sha256(path) != digest:
                raise ValueError(f"备份文件已损坏：{name} 校验不符，未做任何恢复。")
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
                    str(content / "database.dump"),
                ],
                check=True,
                env=env,
            )
        else:
            connection.ensure_connection()
            source = sqlite3.connect(content / "database.sqlite3")
            with source:
                source.backup(connection.connection)
            source.close()
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists():
            shutil.rmtree(media_root)
        if (content / "media").exists():
            shutil.copytree(content / "media", media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    manifest["key_index"] = key_index
    return manifest
