"""Import a register's xlsx from the command line, for the town's IT person:

    python manage.py import_xlsx disputes.importers.DisputeImporter 台账.xlsx --org 八桥镇 --user clerk

The same importer as the web page: every row validated, nothing saved if any
row fails, and the whole save in one transaction — killing the process midway
leaves the database unchanged. It takes up to IMPORT_MAX_ROWS_COMMAND rows (a web
upload IMPORT_MAX_ROWS, bounded by the server's request timeout).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from accounts.models import Organization, User
from core.xlsx import XlsxImporter


class Command(BaseCommand):
    help = "从 xlsx 文件导入台账（全部校验通过才导入，任一行有误则全部不导入）"

    def add_arguments(self, parser):
        parser.add_argument("importer", help="导入器，如 disputes.importers.DisputeImporter")
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="单位简称，如 八桥镇")
        parser.add_argument("--user", required=True, help="记为导入人的用户名")

    def handle(self, *args, **options):
        try:
            importer_class = import_string(options["importer"])
        except ImportError as exc:
            raise CommandError(f"找不到导入器：{options['importer']}") from exc
        if not (isinstance(importer_class, type) and issubclass(importer_class, XlsxImporter)):
            raise CommandError(f"{options['importer']} 不是导入器")
        organization = Organization.objects.filter(name=options["org"]).first()
        if organization is None:
            raise CommandError(f"找不到单位：{options['org']}")
        user = User.objects.filter(username=options["user"], organization=organization).first()
        if user is None:
            raise CommandError(f"{options['org']} 没有用户 {options['user']}")

        def progress(line):
            self.stdout.write(line)
            self.stdout.flush()

        with open(options["file"], "rb") as fh:
            result = importer_class().run(
                fh, organization=organization, user=user, progress=progress, max_rows=settings.IMPORT_MAX_ROWS_COMMAND
            )
        if not result.ok:
            for error in result.errors[:50]:
                self.stderr.write(str(error))
            raise CommandError(f"导入失败：{len(result.errors)} 处错误，未导入任何数据。")
        self.stdout.write(self.style.SUCCESS(f"已导入 {result.created} 行。"))
