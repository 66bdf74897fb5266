"""Celery tasks of projects. Tasks take ids and are safe to run twice (STYLE.md habit 5)."""

from celery import shared_task


@shared_task(acks_late=True)
def check_similarity(project_id):
    """第七条(四): the duplicate check of one submitted project (see apps.projects.similarity).

    Only a check still 查重中 is run. The same check may be delivered twice (the beat queues a
    pending check again; a worker killed mid-task gets it redelivered) or run already by a
    command; a second run would move the check's time past the unit's acknowledgement and
    the commission's finding, and so undo them. The project's row is locked first, as every
    writer of its check does, so two deliveries at once run it once."""
    from django.db import transaction

    from . import similarity
    from .models import Project, ProjectFingerprint

    with transaction.atomic():
        project = Project.objects.select_for_update(of=("self",)).select_related("campaign", "organization").filter(pk=project_id).first()
        if project is None:
            return "missing"
        check = ProjectFingerprint.objects.filter(project_id=project_id).first()
        if check is not None and not check.pending:
            return "checked already"
        fp = similarity.run_check(project)
    return fp.max_score


@shared_task(acks_late=True)
def requeue_pending_checks(older_than_minutes=10):
    """Queue again the checks still 查重中 some minutes after the submission (a task lost while
    the broker was down); running one twice is harmless."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import ProjectFingerprint

    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    ids = list(ProjectFingerprint.objects.filter(status="pending", updated_at__lt=cutoff).values_list("project_id", flat=True)[:500])
    for pk in ids:
        check_similarity.delay(pk)
    return len(ids)
