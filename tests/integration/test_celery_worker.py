"""End to end with a real Celery worker on Redis: the certificate run and notification e-mail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from apps.awards.models import Certificate, CertificateRun
from apps.awards.services.certificates import start_run
from apps.awards.services.revocation import revoke_award
from apps.notifications.models import EmailStatus, Notification
from apps.projects.services import transition
from tests.awards.conftest import publish
from tests.factories import bring_to, ready_application

from .conftest import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def awarded(campaign, organization, recommender_unit, actors, n):
    from apps.awards.services import decisions
    from apps.review.models import ProposalEntry

    projects = []
    for i in range(n):
        p = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=actors["applicant"], title=f"降低焊接返修率攻关{i + 1}")
        bring_to(p, "reviewed", actors=actors)
        ProposalEntry.objects.create(campaign=campaign, project=p, rank=i + 1, score=90 - i, proposed_level=["first", "second", "third"][i % 3])
        projects.append(p)
    publish(campaign, actors["commission"], days_ago=campaign.notice_days)
    decisions.announce(campaign=campaign, actor=actors["commission"])
    return projects


def test_certificate_run_on_a_real_worker(celery_worker, campaign, organization, recommender_unit, actors, settings):
    projects = awarded(campaign, organization, recommender_unit, actors, 4)
    celery_worker.start()
    run = start_run(campaign=campaign, actor=actors["agency"])  # queued on commit, to Redis
    counts = wait_for(lambda: (c := CertificateRun.objects.get(pk=run.pk).counts())["finished"] and c, what="the certificate run")
    assert counts["done"] == 4 and counts["failed"] == 0, celery_worker.output()[-3000:]
    certs = list(Certificate.objects.filter(project__in=projects))
    assert len(certs) == 4 and len({c.serial for c in certs}) == 4
    for cert in certs:
        assert cert.pdf_size > 1000
        with open(cert.pdf.path, "rb") as f:
            assert f.read(5) == b"%PDF-"
    # Regenerating on the worker keeps every serial and file; nothing is duplicated.
    before = {c.pk: (c.serial, c.code, c.pdf.name) for c in certs}
    again = start_run(campaign=campaign, actor=actors["agency"], regenerate=True)
    wait_for(lambda: CertificateRun.objects.get(pk=again.pk).counts()["finished"], what="the regeneration")
    assert {c.pk: (c.serial, c.code, c.pdf.name) for c in Certificate.objects.all()} == before
    assert Certificate.objects.count() == 4
    # Revoking one: it is not rendered again.
    revoke_award(project=projects[0], actor=actors["commission"], reason="造假", evidence=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x"))
    assert start_run(campaign=campaign, actor=actors["agency"], regenerate=True).total == 3


def test_notifications_stored_while_the_worker_is_down_are_sent_when_it_runs(celery_worker, draft, applicant, recommender):
    # The worker is not running yet: the transition commits, its notifications are stored and
    # queued; nothing is lost.
    transition(project=draft, name="submit", actor=applicant, commitment=True)
    pending = list(Notification.objects.filter(project=draft))
    assert pending and all(n.email_status == EmailStatus.PENDING for n in pending)
    celery_worker.start()
    wait_for(
        lambda: not Notification.objects.filter(project=draft, email_status=EmailStatus.PENDING).exists(),
        what="the e-mails to be sent",
    )
    sent = Notification.objects.get(project=draft, recipient=recommender)
    assert sent.email_status == EmailStatus.SENT and sent.email_attempts == 1 and sent.emailed_at
    assert "Subject:" in celery_worker.output()  # the console backend of the worker


def test_the_web_side_enqueues_instead_of_running_eagerly(celery_worker, draft, applicant):
    from django.conf import settings

    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    with transaction.atomic():
        transition(project=draft, name="submit", actor=applicant, commitment=True)
    # Without a worker nothing has been sent, only stored.
    assert not Notification.objects.filter(email_status=EmailStatus.SENT).exists()


def test_a_failing_render_is_retried_by_the_worker_without_duplicates(celery_worker, campaign, organization, recommender_unit, actors, settings):
    from pathlib import Path

    from apps.awards.models import CertificateRunItem

    awarded(campaign, organization, recommender_unit, actors, 2)
    # Storage broken: a file where the certificates folder should be (fails even as root).
    blocker = Path(settings.MEDIA_ROOT) / "certificates"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("")
    celery_worker.start()
    run = start_run(campaign=campaign, actor=actors["agency"])
    wait_for(lambda: CertificateRunItem.objects.filter(run=run, attempts__gte=1).exclude(error="").count() == 2, what="the first attempts to fail")
    assert CertificateRun.objects.get(pk=run.pk).counts()["done"] == 0
    blocker.unlink()  # storage repaired: the retries succeed
    counts = wait_for(lambda: (c := CertificateRun.objects.get(pk=run.pk).counts())["finished"] and c, what="the retries")
    assert counts["done"] == 2 and counts["failed"] == 0, celery_worker.output()[-3000:]
    items = CertificateRunItem.objects.filter(run=run)
    assert all(i.attempts >= 2 and i.error == "" for i in items)
    assert Certificate.objects.count() == 2
    files = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "certificates" / str(campaign.year)).iterdir())
    assert files == sorted(f"{c.serial}.pdf" for c in Certificate.objects.all())


def test_notifications_stored_while_the_broker_is_down_are_sent_by_the_sweeper(celery_worker, draft, applicant, recommender):
    """The broker on a closed port: the transition commits and its notifications wait in the
    outbox (pending, never attempted). The broker back (the live Redis): the beat sweeper's
    task queues them and the worker sends each once."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from apps.notifications import tasks
    from tests.conftest import DEAD_REDIS, _reset_broker_pools
    from tjqa.celery import app

    live = app.conf.broker_url
    app.conf.broker_url = DEAD_REDIS
    _reset_broker_pools(app)
    try:
        transition(project=draft, name="submit", actor=applicant, commitment=True)
    finally:
        app.conf.broker_url = live
        _reset_broker_pools(app)
    waiting = Notification.objects.filter(project=draft)
    assert waiting.exists() and {(n.email_status, n.email_attempts) for n in waiting} == {(EmailStatus.PENDING, 0)}
    assert settings.REDIS_URL and live.startswith("redis://")
    celery_worker.start()
    waiting.update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    assert tasks.sweep_pending_notifications() == waiting.count()  # queued on commit (autocommit here)
    wait_for(lambda: not Notification.objects.filter(project=draft, email_status=EmailStatus.PENDING).exists(), what="the e-mails")
    assert {(n.email_status, n.email_attempts) for n in Notification.objects.filter(project=draft)} == {(EmailStatus.SENT, 1)}


def test_a_worker_killed_mid_run_leaves_every_certificate_issued_once(celery_worker, campaign, organization, recommender_unit, actors, settings, tmp_path):
    """kill -9 of the worker during a run: the items it held stay pending; the beat's sweeper
    queues them again once they are stuck, a new worker renders them, and every certificate is
    issued exactly once (one row, one file, one notification)."""
    from pathlib import Path

    from apps.awards.models import CertificateRunItem
    from apps.awards.tasks import sweep_certificate_runs

    from .conftest import Worker

    settings.TJQA_CERTIFICATE_STUCK_SECONDS = 5
    n = 40
    awarded(campaign, organization, recommender_unit, actors, n)
    celery_worker.start()
    run = start_run(campaign=campaign, actor=actors["agency"])
    wait_for(lambda: CertificateRun.objects.get(pk=run.pk).counts()["done"] >= 3, what="the first certificates")
    celery_worker.kill9()
    at_kill = CertificateRun.objects.get(pk=run.pk).counts()
    assert at_kill["pending"] > 0, at_kill
    second = Worker(Path(settings.MEDIA_ROOT), tmp_path / "worker2.log").start()
    try:
        # The beat's sweeper, every second here.
        counts = wait_for(
            lambda: (sweep_certificate_runs(), (c := CertificateRun.objects.get(pk=run.pk).counts())["finished"] and c)[1],
            timeout=180,
            interval=1,
            what="the run to finish after the crash",
        )
    finally:
        second.stop()
    assert counts["done"] == n and counts["failed"] == 0, (at_kill, counts, second.output()[-3000:])
    certs = list(Certificate.objects.filter(campaign=campaign))
    assert len(certs) == n and len({c.serial for c in certs}) == n and all(c.rendered_at for c in certs)
    for cert in certs:
        with open(cert.pdf.path, "rb") as f:
            assert f.read(5) == b"%PDF-"
    issued = Notification.objects.filter(recipient=actors["applicant"], title__startswith="获奖证书已生成")
    assert issued.count() == n and len(set(issued.values_list("title", flat=True))) == n
    assert set(CertificateRunItem.objects.filter(run=run).values_list("status", flat=True)) == {"done"}
