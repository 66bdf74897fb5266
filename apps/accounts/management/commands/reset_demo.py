"""Start the demo afresh: empty the database (every table, migrations kept), then load the
demo data again (``make demo-reset``)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "清空数据库并重新载入演示数据"

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="确认清空（不再询问）")

    def handle(self, *args, **options):
        if not options["yes"]:
            answer = input("将删除数据库中的全部数据并重新载入演示数据，确认请输入 yes：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，数据库未改动。")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        self.stdout.write("数据库已清空，正在载入演示数据……")
        call_command("seed_demo", stdout=self.stdout)
