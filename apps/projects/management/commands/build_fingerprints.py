"""第七条(四): fingerprint every project that was ever submitted (e.g. after importing earlier
years' projects), so the duplicate check compares against them."""

from django.core.management.base import BaseCommand

from apps.projects import similarity
from apps.projects.models import Project
from apps.projects.states import State


class Command(BaseCommand):
    help = "为历年已提交的项目建立查重指纹（第七条(四)）；已是最新的跳过。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="只处理该年度")

    def handle(self, *args, year=None, **options):
        qs = Project.objects.select_related("campaign").exclude(state=State.DRAFT).exclude(submitted_at=None)
        if year:
            qs = qs.filter(campaign__year=year)
        existing = dict(similarity_hashes())
        done = skipped = 0
        for project in qs.iterator(chunk_size=500):
            text_hash = similarity.text_hash(similarity.comparable_text(project))
            if existing.get(project.pk) == text_hash:
                skipped += 1
                continue
            similarity.store_fingerprint(project)
            done += 1
        self.stdout.write(f"查重指纹：新建或更新 {done} 个，已是最新 {skipped} 个。")


def similarity_hashes():
    from apps.projects.models import ProjectFingerprint

    return ProjectFingerprint.objects.values_list("project_id", "text_hash")
