from django.core.management.base import BaseCommand

from core.backup_crypto import KEY_ENV, fingerprint, generate_key, parse_key


class Command(BaseCommand):
    help = "生成一个新的备份密钥（打印到标准输出，可直接重定向到密钥文件）"

    def handle(self, *args, **options):
        key = generate_key()
        # The key alone on stdout, so `backup_keygen > backup.key` writes a usable key file;
        # the advice goes to stderr.
        self.stdout.write(key)
        self.stderr.write(
            f"密钥指纹 {fingerprint(parse_key(key)).hex()}。请把密钥保存在备份服务器以外（见 DEPLOY.md“备份密钥”），"
            f"通过环境变量 {KEY_ENV} 或 --key-file 提供；丢失密钥则无法恢复用它加密的备份。"
        )
