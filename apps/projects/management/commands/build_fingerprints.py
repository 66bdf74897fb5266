"""第七条(四): store the search sketch of every project that was ever submitted (e.g. after
importing earlier years' projects) and check the projects still 查重中 (a check whose task was
lost, or every one after an upgrade of the score)."""

from django.core.management.base import BaseCommand

from apps.projects import similarity
from apps.projects.models import Project, ProjectFingerprint
from apps.projects.states import State


class Command(BaseCommand):
    help = "为历年已提交的项目建立查重草图，并完成查重中的项目的查重（第七条(四)）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="只处理该年度")

    def handle(self, *args, year=None, **options):
        qs = (
            Project.objects.select_related("campaign", "organization")
            .prefetch_related("metrics")
            .exclude(state=State.DRAFT)
            .exclude(submitted_at=None)
            .order_by("pk")
        )
        if year:
            qs = qs.filter(campaign__year=year)
        existing = dict(ProjectFingerprint.objects.values_list("project_id", "text_hash"))
        stored = skipped = 0
        for project in qs.iterator(chunk_size=500):
            doc = similarity.document_of(project)
            if existing.get(project.pk) == similarity.text_hash(doc) and similarity.fingerprint_of(project).checked_at:
                skipped += 1
                continue
            similarity.store_fingerprint(project, doc)
            stored += 1
        # Sketches first, checks second: the result does not depend on the order of the rows.
        pending = qs.filter(fingerprint__status="pending")
        checked = 0
        for project in pending.iterator(chunk_size=200):
            similarity.run_check(project)
            checked += 1
        self.stdout.write(f"查重草图：新建或更新 {stored} 个，已是最新 {skipped} 个；完成查重 {checked} 个。")
