from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import rekey_backup
from core.backup_crypto import KEY_ENV, KEY_FILE_ENV, BackupCryptoError, fingerprint, is_encrypted, load_keys


class Command(BaseCommand):
    help = "密钥轮换后，用当前密钥（第一个）重新加密旧备份；每个文件校验通过后才替换"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--key-file", help=f"密钥文件（新密钥在第一行，旧密钥在后；默认取 {KEY_FILE_ENV} 或 {KEY_ENV}）"
        )

    def handle(self, *args, **options):
        try:
            keys = load_keys(options["key_file"])
        except BackupCryptoError as exc:
            raise CommandError(str(exc)) from exc
        if not keys:
            raise CommandError(f"没有备份密钥：请设置 {KEY_ENV} 或 {KEY_FILE_ENV}，或使用 --key-file。")
        current = fingerprint(keys[0]).hex()
        failed = 0
        for name in options["files"]:
            path = Path(name)
            if not path.is_file() or not is_encrypted(path):
                self.stderr.write(f"{path}：不是加密的备份文件，跳过。")
                failed += 1
                continue
            try:
                index = rekey_backup(path, keys=keys)
            except BackupCryptoError as exc:
                self.stderr.write(f"{path}：{exc}")
                failed += 1
                continue
            if index is None:
                self.stdout.write(f"{path}：已是当前密钥（指纹 {current}），未改动。")
            else:
                self.stdout.write(f"{path}：已由第 {index + 1} 个密钥改为当前密钥（指纹 {current}）重新加密。")
        if failed:
            raise CommandError(f"{failed} 个文件未能重新加密，原文件未改动。")
