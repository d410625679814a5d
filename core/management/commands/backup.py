from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import create_backup, default_backup_dir
from core.backup_crypto import KEY_ENV, KEY_FILE_ENV, BackupCryptoError, fingerprint, key_file_warning, load_keys

NO_KEY = (
    f"没有备份密钥，未备份。请设置环境变量 {KEY_ENV}（或 {KEY_FILE_ENV} 指向密钥文件，或使用 --key-file）；"
    "生成密钥：python manage.py backup_keygen。确需不加密的备份请加 --unencrypted（不推荐：备份含全部个人信息）。"
)


class Command(BaseCommand):
    help = "备份数据库与上传文件（加密；不含会话）"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="输出文件（默认 backups/baqiao-时间.tar.gz.enc）")
        parser.add_argument(
            "--key-file", help=f"密钥文件（每行一个密钥，第一行用于加密；默认取 {KEY_FILE_ENV} 或 {KEY_ENV}）"
        )
        parser.add_argument("--unencrypted", action="store_true", help="不加密（不推荐：备份含全部个人信息与口令散列）")

    def handle(self, *args, **options):
        unencrypted = options["unencrypted"]
        try:
            keys = [] if unencrypted else load_keys(options["key_file"])
        except BackupCryptoError as exc:
            raise CommandError(str(exc)) from exc
        if not keys and not unencrypted:
            raise CommandError(NO_KEY)
        if warning := key_file_warning(options["key_file"]):
            self.stderr.write(self.style.WARNING(warning))
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        suffix = ".tar.gz" if unencrypted else ".tar.gz.enc"
        output = Path(options["output"] or default_backup_dir() / f"baqiao-{stamp}{suffix}")
        if unencrypted:
            self.stderr.write(
                self.style.WARNING("警告：备份未加密。文件含全部个人信息与口令散列，务必妥善保管，不要复制到本机以外。")
            )
        manifest = create_backup(output, key=keys[0] if keys else None, unencrypted=unencrypted)
        for warning in manifest["warnings"]:
            self.stderr.write(self.style.WARNING(warning))
        rows = sum(manifest["rows"].values())
        how = "未加密" if unencrypted else f"已加密，密钥指纹 {fingerprint(keys[0]).hex()}"
        self.stdout.write(
            self.style.SUCCESS(f"已备份到 {output}（{how}；{len(manifest['rows'])} 张表，{rows} 行；不含会话）")
        )
