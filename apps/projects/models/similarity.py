"""第七条(四): the duplicate check's stored state: the candidate-search sketch of every submitted
project, the result of its check, the recommending unit's acknowledgement and the
commission's findings."""

from django.conf import settings
from django.db import models

from apps.core.labels import ChoiceLabels


class CheckStatus(models.TextChoices):
    PENDING = "pending", "查重中"
    DONE = "done", "已完成"


class ProjectFingerprint(models.Model):
    """The check of one submitted project: ``matches`` are the earlier years' projects found
    (project, number, title, score), best first; ``max_score`` the best score. ``status`` is
    查重中 from the submission until the check (a Celery task) has stored its result."""

    project = models.OneToOneField(
        "projects.Project", primary_key=True, on_delete=models.CASCADE, related_name="fingerprint"
    )
    year = models.PositiveIntegerField("年度", db_index=True)
    text_hash = models.CharField("文本摘要", max_length=64)
    status = models.CharField("查重状态", max_length=10, choices=CheckStatus.choices, default=CheckStatus.DONE)
    matches = models.JSONField("相似的往年项目", default=list, blank=True)
    max_score = models.FloatField("最高相似度", default=0)
    checked_at = models.DateTimeField("查重时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="推荐单位确认人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField("推荐单位确认时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "查重结果（第七条(四)）"
        verbose_name_plural = "查重结果（第七条(四)）"

    def __str__(self):
        return f"{self.project_id}: {self.max_score:.2f}"

    @property
    def pending(self):
        return self.status == CheckStatus.PENDING


class SimilarityGram(models.Model):
    """One hash of a project's sketch (its figures and the smallest hashes of each section's
    3-grams), indexed: the candidates of a check are the earlier projects sharing most hashes."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+", db_index=True)
    year = models.PositiveIntegerField("年度")
    hash = models.BigIntegerField("散列值")

    class Meta:
        verbose_name = "查重草图散列"
        verbose_name_plural = "查重草图散列"
        indexes = [models.Index(fields=["hash", "year"], name="projects_simgram_hash_year")]

    def __str__(self):
        return f"{self.project_id}: {self.hash}"


class SimilarityHashCount(models.Model):
    """How many projects' sketches hold a hash. The candidate search skips the hashes very many
    projects share (the vocabulary of every application): they would cost much and tell little.
    Only the choice of candidates uses it; a pair's score never does."""

    hash = models.BigIntegerField("散列值", primary_key=True)
    projects = models.PositiveIntegerField("项目数", default=0)

    class Meta:
        verbose_name = "查重草图散列频次"
        verbose_name_plural = "查重草图散列频次"

    def __str__(self):
        return f"{self.hash}: {self.projects}"


class Finding(models.TextChoices):
    DISTINCT = "distinct", "不雷同"
    CONTINUATION = "continuation", "延续项目"
    DUPLICATE = "duplicate", "雷同"


class SimilarityFinding(ChoiceLabels, models.Model):
    """第七条(四): the commission's finding on a flagged project (append-only; the latest one
    recorded after the project's last check counts)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="similarity_findings")
    finding = models.CharField("查重结论", max_length=20, choices=Finding.choices)
    reason = models.TextField("理由")
    matches = models.JSONField("认定时的相似项目", default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="认定人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("认定时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "查重认定（第七条(四)）"
        verbose_name_plural = "查重认定（第七条(四)）"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.project_id}: {self.get_finding_display()}"


def _check_on_submission(sender, project, to_state, **kwargs):
    """第七条(四): every (re)submitted project is checked, whichever door submitted it."""
    if to_state == "submitted":
        from ..similarity import request_check

        request_check(project)


def _connect():
    from ..signals import project_transitioned

    project_transitioned.connect(_check_on_submission, dispatch_uid="projects.fingerprint_on_submission")


_connect()
