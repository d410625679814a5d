from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import restore_backup


class Command(BaseCommand):
    help = "从 backup 生成的 .tar.gz 文件恢复数据库与上传文件（覆盖现有数据）"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="确认覆盖现有数据")

    def handle(self, *args, **options):
        archive = Path(options["file"])
        if not archive.exists():
            raise CommandError(f"找不到备份文件：{archive}")
        if not options["yes"]:
            raise CommandError("恢复会覆盖现有的全部数据与上传文件；确认请加 --yes。")
        try:
            manifest = restore_backup(archive)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"已从 {archive} 恢复（备份时间 {manifest['created_at']}）"))
