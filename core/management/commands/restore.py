from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import restore_backup
from core.backup_crypto import KEY_ENV, KEY_FILE_ENV, BackupCryptoError, fingerprint, key_file_warning, load_keys


class Command(BaseCommand):
    help = "从 backup 生成的备份文件恢复数据库与上传文件（覆盖现有数据）；先校验整个文件，校验不通过则不做任何改动"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="确认覆盖现有数据")
        parser.add_argument(
            "--key-file", help=f"密钥文件（每行一个密钥，新旧密钥都可列出；默认取 {KEY_FILE_ENV} 或 {KEY_ENV}）"
        )
        parser.add_argument("--unencrypted", action="store_true", help="允许从未加密的备份恢复")

    def handle(self, *args, **options):
        archive = Path(options["file"])
        if not archive.is_file():
            raise CommandError(f"找不到备份文件：{archive}")
        if not options["yes"]:
            raise CommandError("恢复会覆盖现有的全部数据与上传文件；确认请加 --yes。")
        try:
            keys = load_keys(options["key_file"])
        except BackupCryptoError as exc:
            raise CommandError(str(exc)) from exc
        if warning := key_file_warning(options["key_file"]):
            self.stderr.write(self.style.WARNING(warning))
        try:
            manifest = restore_backup(archive, keys=keys, unencrypted=options["unencrypted"])
        except ValueError as exc:  # BackupCryptoError included: nothing was touched
            raise CommandError(str(exc)) from exc
        index = manifest["key_index"]
        if index is None:
            how = "未加密的备份"
        else:
            how = f"用第 {index + 1} 个密钥（指纹 {fingerprint(keys[index]).hex()}）解密"
            if index > 0:
                how += "；这是旧密钥，新备份将使用第 1 个密钥"
        self.stdout.write(
            self.style.SUCCESS(
                f"已从 {archive} 恢复（{how}；备份时间 {manifest['created_at']}；会话未备份，所有用户需重新登录）"
            )
        )
