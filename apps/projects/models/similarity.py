import logging

from django.db import models

logger = logging.getLogger(__name__)


class ProjectFingerprint(models.Model):
    """第七条(四): the precomputed text fingerprint of a submitted project for the duplicate check.

    ``features`` are the hashed character bigrams of the title and the PDCA text (sorted
    uint32), ``counts`` their term frequencies (uint16), both raw numpy bytes, so the
    in-memory index loads them without parsing. ``matches`` keeps what the applicant was
    warned about at the last submission, for the commission's 立项审核."""

    project = models.OneToOneField(
        "projects.Project", primary_key=True, on_delete=models.CASCADE, related_name="fingerprint"
    )
    year = models.PositiveIntegerField("年度", db_index=True)
    text_hash = models.CharField("文本摘要", max_length=64)
    features = models.BinaryField("特征")
    counts = models.BinaryField("词频")
    matches = models.JSONField("提交时的相似项目", default=list, blank=True)
    max_score = models.FloatField("最高相似度", default=0)
    checked_at = models.DateTimeField("查重时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)

    class Meta:
        verbose_name = "查重指纹（第七条(四)）"
        verbose_name_plural = "查重指纹（第七条(四)）"

    def __str__(self):
        return f"{self.project_id}: {self.max_score:.2f}"


def _fingerprint_on_submission(sender, project, to_state, **kwargs):
    """第七条(四): every (re)submitted project is fingerprinted and checked, whichever path
    submitted it (browser, demo, command)."""
    if to_state == "submitted":
        from ..similarity import check_on_submit

        try:
            check_on_submit(project)
        except Exception:  # noqa: BLE001 - the submission has committed; the check is redone on the next look
            logger.exception("duplicate check failed for project %s", project.pk)


def _connect():
    from ..signals import project_transitioned

    project_transitioned.connect(_fingerprint_on_submission, dispatch_uid="projects.fingerprint_on_submission")


_connect()
