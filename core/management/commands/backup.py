from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.backup import create_backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个 .tar.gz 文件"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="输出文件（默认 backups/baqiao-时间.tar.gz）")

    def handle(self, *args, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        output = Path(options["output"] or Path(settings.BASE_DIR) / "backups" / f"baqiao-{stamp}.tar.gz")
        manifest = create_backup(output)
        rows = sum(manifest["rows"].values())
        self.stdout.write(self.style.SUCCESS(f"已备份到 {output}（{len(manifest['rows'])} 张表，{rows} 行）"))
