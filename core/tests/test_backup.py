"""make backup / make restore: encrypted, private, without sessions; back up, wipe,
restore, find the same rows and files; refuse anything that does not authenticate
before touching the database."""

import hashlib
import io
import os
import sqlite3
import subprocess
import tarfile

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Department
from core.backup import row_counts
from core.backup_crypto import CHUNK_SIZE, HEADER_SIZE, KEY_ENV, MAGIC, TAG_SIZE, decrypt_file, generate_key, parse_key
from enforcement.tests.factories import OfficerFactory, make_id_number


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "reports").mkdir(parents=True)
    pdf = settings.MEDIA_ROOT / "reports" / "2023.pdf"
    pdf.write_bytes(b"%PDF-1.7 published report")
    return pdf


@pytest.fixture
def key(monkeypatch):
    key = generate_key()
    monkeypatch.setenv(KEY_ENV, key)
    return key


def backup(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("backup", "-o", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def restore(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(path), "--yes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def state(media):
    """What a refused restore must leave as it was."""
    return row_counts(), sorted(Department.objects.values_list("name", flat=True)), media.exists()


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_the_same_rows_and_files(org, department, other_department, media, tmp_path, key):
    before = row_counts()
    digest = hashlib.sha256(media.read_bytes()).hexdigest()
    archive = tmp_path / "b.tar.gz.enc"
    out, _ = backup(archive)
    assert "已加密" in out

    Department.objects.all().delete()
    media.unlink()
    assert row_counts() != before

    out, _ = restore(archive)
    assert "用第 1 个密钥" in out
    assert row_counts() == before
    assert set(Department.objects.values_list("name", flat=True)) == {"司法所", "综合行政执法大队"}
    assert hashlib.sha256(media.read_bytes()).hexdigest() == digest


@pytest.mark.django_db(transaction=True)
def test_the_archive_is_0600_in_a_0700_directory(tmp_path, media, key, settings):
    archive = tmp_path / "new-folder" / "b.tar.gz.enc"
    backup(archive)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert archive.parent.stat().st_mode & 0o777 == 0o700
    assert os.listdir(archive.parent) == ["b.tar.gz.enc"]  # no partial or plain file left beside it

    # The default folder is ours: tightened even if it was created open.
    settings.BASE_DIR = tmp_path
    (tmp_path / "backups").mkdir(mode=0o755)
    (tmp_path / "backups").chmod(0o755)
    call_command("backup", stdout=io.StringIO(), stderr=io.StringIO())
    (made,) = (tmp_path / "backups").iterdir()
    assert made.name.endswith(".tar.gz.enc") and made.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700


@pytest.mark.django_db(transaction=True)
def test_an_open_folder_given_by_the_operator_is_warned_about_not_changed(tmp_path, media, key):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    _, err = backup(folder / "b.tar.gz.enc")
    assert "0755" in err and "chmod 700" in err
    assert folder.stat().st_mode & 0o777 == 0o755


@pytest.mark.django_db(transaction=True)
def test_no_personal_data_or_session_key_in_the_file(org, client, clerk_user, tmp_path, media, key):
    id_number = make_id_number(7)
    OfficerFactory(organization=org, id_number=id_number)
    client.force_login(clerk_user)
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    archive = tmp_path / "b.tar.gz.enc"
    backup(archive)

    data = archive.read_bytes()
    assert data.startswith(MAGIC) and not data.startswith(b"\x1f\x8b")  # not a gzip archive
    for secret in (id_number, session_key, "综合行政执法大队", "manifest.json", "database.sqlite3"):
        assert secret.encode() not in data

    # Opened with the key, the database copy has no session, not even in a free page.
    plain = io.BytesIO()
    decrypt_file(archive, plain, [parse_key(key)])
    plain.seek(0)
    with tarfile.open(fileobj=plain, mode="r:gz") as tar:
        names = tar.getnames()
        database = tar.extractfile("database.sqlite3" if "database.sqlite3" in names else "database.dump").read()
    copy = tmp_path / "copy.db"
    copy.write_bytes(database)
    if "database.dump" in names:
        # PostgreSQL: the custom-format dump, read back as SQL (its table data is compressed).
        database = subprocess.run(["pg_restore", "-f", "-", str(copy)], capture_output=True, check=True).stdout
    assert session_key.encode() not in database
    assert id_number.encode() in database  # the rest is all there
    if "database.sqlite3" in names:
        with sqlite3.connect(copy) as db:
            assert db.execute("SELECT count(*) FROM django_session").fetchone() == (0,)


@pytest.mark.django_db(transaction=True)
def test_sessions_are_absent_after_restore(client, clerk_user, tmp_path, media, key):
    client.force_login(clerk_user)
    archive = tmp_path / "b.tar.gz.enc"
    backup(archive)
    assert Session.objects.exists()
    out, _ = restore(archive)
    assert not Session.objects.exists()
    assert "重新登录" in out


@pytest.fixture
def big_media(media):
    """Over two chunks of archive, so chunks can be dropped and swapped."""
    (media.parent / "scan.pdf").write_bytes(b"%PDF-1.7" + os.urandom(2 * CHUNK_SIZE + 1000))
    return media


def _refused(archive, media, message, *args):
    before = state(media)
    with pytest.raises(CommandError, match=message):
        restore(archive, *args)
    assert state(media) == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["header", "first chunk", "middle", "last byte"])
def test_one_byte_changed_anywhere_is_refused_and_the_database_untouched(
    department, other_department, tmp_path, big_media, key, where
):
    archive = tmp_path / "b.tar.gz.enc"
    backup(archive)
    data = bytearray(archive.read_bytes())
    position = {"header": HEADER_SIZE - 9, "first chunk": HEADER_SIZE + 5, "middle": len(data) // 2, "last byte": -1}
    data[position[where]] ^= 0x01
    archive.write_bytes(bytes(data))
    Department.objects.filter(name="司法所").delete()  # so a restore would show
    _refused(archive, big_media, "校验失败")


@pytest.mark.django_db(transaction=True)
def test_a_truncated_or_reordered_archive_is_refused(department, tmp_path, big_media, key):
    archive = tmp_path / "b.tar.gz.enc"
    backup(archive)
    data = archive.read_bytes()
    sealed = CHUNK_SIZE + TAG_SIZE
    header, chunks = data[:HEADER_SIZE], data[HEADER_SIZE:]
    assert len(chunks) > 2 * sealed
    Department.objects.all().delete()

    archive.write_bytes(header + chunks[: 2 * sealed])  # cut at a chunk boundary
    _refused(archive, big_media, "被截断")
    archive.write_bytes(data[:-100])  # cut inside the last chunk
    _refused(archive, big_media, "校验失败")
    archive.write_bytes(data[:HEADER_SIZE])  # nothing but the header
    _refused(archive, big_media, "被截断")
    archive.write_bytes(header + chunks[sealed : 2 * sealed] + chunks[:sealed] + chunks[2 * sealed :])
    _refused(archive, big_media, "校验失败")
    archive.write_bytes(data + data[HEADER_SIZE : HEADER_SIZE + sealed])  # a chunk appended
    _refused(archive, big_media, "校验失败")


@pytest.mark.django_db(transaction=True)
def test_a_wrong_key_is_refused_naming_the_missing_key(department, tmp_path, media, key, monkeypatch):
    archive = tmp_path / "b.tar.gz.enc"
    backup(archive)
    monkeypatch.setenv(KEY_ENV, generate_key())
    Department.objects.all().delete()
    _refused(archive, media, "提供的密钥.*中没有它")
    monkeypatch.delenv(KEY_ENV)
    _refused(archive, media, "没有提供密钥")


@pytest.mark.django_db(transaction=True)
def test_rotation_restore_tries_the_old_key_and_says_so(department, tmp_path, media, key, monkeypatch):
    archive = tmp_path / "old.tar.gz.enc"
    backup(archive)
    new = generate_key()
    monkeypatch.setenv(KEY_ENV, f"{new},{key}")  # the new key first: it encrypts from now on
    out, _ = restore(archive)
    assert "用第 2 个密钥" in out and "旧密钥" in out
    backup(tmp_path / "new.tar.gz.enc")

    # Old backups re-encrypted with the new key, the new one left alone.
    out = io.StringIO()
    call_command("backup_rekey", str(archive), str(tmp_path / "new.tar.gz.enc"), stdout=out)
    assert "已由第 2 个密钥改为当前密钥" in out.getvalue() and "未改动" in out.getvalue()
    assert archive.stat().st_mode & 0o777 == 0o600

    monkeypatch.setenv(KEY_ENV, new)  # the old key retired: every backup still opens
    assert "用第 1 个密钥" in restore(tmp_path / "new.tar.gz.enc")[0]
    assert "用第 1 个密钥" in restore(archive)[0]


@pytest.mark.django_db(transaction=True)
def test_rekey_leaves_a_file_it_cannot_open_as_it_was(tmp_path, media, key, monkeypatch):
    archive = tmp_path / "b.tar.gz.enc"
    backup(archive)
    data = bytearray(archive.read_bytes())
    data[-1] ^= 0x01
    archive.write_bytes(bytes(data))
    monkeypatch.setenv(KEY_ENV, f"{generate_key()},{key}")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 个文件未能重新加密"):
        call_command("backup_rekey", str(archive), stdout=io.StringIO(), stderr=err)
    assert "校验失败" in err.getvalue()
    assert archive.read_bytes() == bytes(data)
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.django_db(transaction=True)
def test_a_key_file_is_read_and_an_open_one_warned_about(department, tmp_path, media, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    key_file = tmp_path / "backup.key"
    call_command("backup_keygen", stdout=(out := io.StringIO()), stderr=io.StringIO())
    key_file.write_text(f"# 当前密钥\n{out.getvalue().strip()}\n")
    key_file.chmod(0o644)
    archive = tmp_path / "b.tar.gz.enc"
    _, err = backup(archive, "--key-file", str(key_file))
    assert "0644" in err and "chmod 600" in err
    key_file.chmod(0o600)
    out, err = restore(archive, "--key-file", str(key_file))
    assert "用第 1 个密钥" in out and err == ""


@pytest.mark.django_db(transaction=True)
def test_no_key_means_no_backup_unless_unencrypted_is_asked_for(department, tmp_path, media, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    archive = tmp_path / "b.tar.gz"
    with pytest.raises(CommandError, match="没有备份密钥.*--unencrypted"):
        backup(archive)
    assert not archive.exists()
    monkeypatch.setenv(KEY_ENV, "not-a-key")
    with pytest.raises(CommandError, match="密钥格式不对"):
        backup(archive)
    assert not archive.exists()

    monkeypatch.delenv(KEY_ENV)
    _, err = backup(archive, "--unencrypted")
    assert "未加密" in err
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive, "r:gz") as tar:
        assert "manifest.json" in tar.getnames()
    Department.objects.all().delete()
    # A plain archive is restored only when asked for: anyone able to write to the
    # backup folder could otherwise slip in a database of their own.
    _refused(archive, media, "未加密的备份文件.*--unencrypted")
    restore(archive, "--unencrypted")
    assert Department.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_without_confirmation(tmp_path, media, key):
    archive = tmp_path / "b.tar.gz.enc"
    backup(archive)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))


def test_backup_keygen_prints_a_fresh_key_alone():
    keys = set()
    for _ in range(2):
        out, err = io.StringIO(), io.StringIO()
        call_command("backup_keygen", stdout=out, stderr=err)
        keys.add(out.getvalue().strip())
        assert len(parse_key(out.getvalue())) == 32
        assert "指纹" in err.getvalue() and out.getvalue().strip() not in err.getvalue()
    assert len(keys) == 2
