"""Load the 2023 demo of 八桥镇: `python manage.py load_demo`.

Development only: refused unless DEBUG (or the test suite). Idempotent: a second run
changes nothing. The foundation part (accounts/demo.py)
runs first, then every other app's `demo.py` in INSTALLED_APPS order, then the district
(bench/demo.py): the seven other 镇街 of 大渡口区 with generated 2022–2023 records,
八桥镇's generated 2022, the `district` login and the district's 2023 report outline.
"""

import importlib
import types

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from bench import demo as district_demo
from core import figure_cache


class Command(BaseCommand):
    help = "载入八桥镇2023年演示数据（可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号")
        parser.add_argument(
            "--without-district-records",
            action="store_true",
            help="不生成其他七个镇街及八桥镇2022年的记录（make bench 由 bench/generate.py 生成区级数据）",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.TESTING):
            # Demo accounts with a published password have no place in a production database.
            raise CommandError(
                "演示数据只能在开发环境载入（DJANGO_DEBUG=1）。生产环境（DEBUG 关闭）不得载入演示数据：演示账号的密码是公开的。"
            )
        ctx = types.SimpleNamespace(today=timezone.localdate(), year=2023)
        # One token replacement per town at the end, not one per saved demo row.
        with transaction.atomic(), figure_cache.one_bump_per_town():
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(ctx)
                self.stdout.write(f"  · {config.verbose_name} 演示数据已就绪")
            district_demo.load(ctx, records=not options["without_district_records"])
            self.stdout.write("  · 大渡口区其他七个镇街（生成数据）、区级账号与区年度报告提纲已就绪")
            # The demo loaders bulk-create rows (no save signals): cached figures are recomputed.
            figure_cache.bump(None)
        self.stdout.write(self.style.SUCCESS("演示数据载入完成：重庆市大渡口区八桥镇人民政府（2023年）"))
        if not options["quiet_logins"]:
            self.stdout.write(f"演示账号（密码均为 {ctx.logins[0][1]}；DEBUG 关闭时首次登录须修改密码）：")
            for username, _password, roles, department in ctx.logins:
                self.stdout.write(f"  {username:<8} {roles:<14} {department}")
