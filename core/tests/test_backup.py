"""make backup / make restore: back up, wipe, restore, find the same rows and files."""

import hashlib

import pytest
from django.core.management import call_command

from accounts.models import Department
from core.backup import row_counts


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "reports").mkdir(parents=True)
    pdf = settings.MEDIA_ROOT / "reports" / "2023.pdf"
    pdf.write_bytes(b"%PDF-1.7 published report")
    return pdf


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_the_same_rows_and_files(org, department, other_department, media, tmp_path):
    before = row_counts()
    digest = hashlib.sha256(media.read_bytes()).hexdigest()
    archive = tmp_path / "b.tar.gz"
    call_command("backup", "-o", str(archive), verbosity=0)

    Department.objects.all().delete()
    media.unlink()
    assert row_counts() != before

    call_command("restore", str(archive), "--yes", verbosity=0)
    assert row_counts() == before
    assert set(Department.objects.values_list("name", flat=True)) == {"司法所", "综合行政执法大队"}
    assert hashlib.sha256(media.read_bytes()).hexdigest() == digest


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_without_confirmation_and_a_damaged_archive(tmp_path, media):
    from django.core.management.base import CommandError

    archive = tmp_path / "b.tar.gz"
    call_command("backup", "-o", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises((CommandError, Exception)):
        call_command("restore", str(archive), "--yes")
