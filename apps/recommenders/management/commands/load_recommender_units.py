import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.recommenders.services import load_units

DEFAULT = Path(settings.BASE_DIR) / "fixtures" / "recommender_units.json"


class Command(BaseCommand):
    help = "载入推荐单位名录（第六条）；已存在的单位按名称更新，不重复创建。"

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT))

    def handle(self, *args, path, **options):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取 {path}：{exc}") from exc
        created, updated = load_units(data["units"])
        self.stdout.write(f"推荐单位：新建 {created} 个，更新 {updated} 个。")
