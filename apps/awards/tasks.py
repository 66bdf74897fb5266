"""Celery tasks of awards: take ids, acks_late, idempotent and safe to retry (STYLE.md habit 5)."""

import logging

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Certificate, CertificateRunItem
from .services.certificates import write_pdf
from .signals import certificate_issued

log = logging.getLogger(__name__)
MAX_RETRIES = 3


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES, default_retry_delay=5)
def render_certificate(self, item_id):
    """Render the certificate of one run item. A done item is not rendered again (checked under
    the item's row lock, so two deliveries of one item — a redelivery after a crash and the
    sweeper's — render it once); a failure is retried and, after the last attempt, counted as
    failed (never lost, never twice)."""
    if not CertificateRunItem.objects.filter(pk=item_id).exclude(status=CertificateRunItem.Status.DONE).exists():
        return "skipped"
    CertificateRunItem.objects.filter(pk=item_id).update(attempts=F("attempts") + 1, touched_at=timezone.now())
    try:
        with transaction.atomic():
            item = CertificateRunItem.objects.select_for_update().filter(pk=item_id).first()
            if item is None or item.status == CertificateRunItem.Status.DONE:
                return "skipped"
            cert = (
                Certificate.objects.select_for_update(of=("self",))
                .select_related("campaign", "project__organization", "best_organization__recommender")
                .get(pk=item.certificate_id)
            )
            first_time = cert.rendered_at is None
            write_pdf(certificate=cert, run=item.run)
            CertificateRunItem.objects.filter(pk=item_id).update(status=CertificateRunItem.Status.DONE, error="", touched_at=timezone.now())
            if first_time:
                # In the same transaction as the DONE mark: the notification is stored with it
                # (its e-mail queued after commit), so a worker killed right after the commit
                # cannot lose it.
                certificate_issued.send(sender=Certificate, certificate=cert)
    except Exception as exc:  # noqa: BLE001 - recorded, then retried or counted as failed
        error = f"{type(exc).__name__}: {exc}"
        if self.request.retries >= MAX_RETRIES or self.request.is_eager:
            log.warning("certificate item %s failed: %s", item_id, error)
            CertificateRunItem.objects.filter(pk=item_id).update(status=CertificateRunItem.Status.FAILED, error=error[:2000])
            return "failed"
        CertificateRunItem.objects.filter(pk=item_id).update(error=error[:2000], touched_at=timezone.now())
        raise self.retry(exc=exc) from None
    return "done"


@shared_task(acks_late=True)
def sweep_certificate_runs():
    """Beat, every minute: queue again the run items still pending long after they were last
    queued or taken up (``TJQA_CERTIFICATE_STUCK_SECONDS``): their worker was killed or the
    broker lost them. Rendering is idempotent, so each certificate is still issued once."""
    from .services.certificates import requeue_stuck_items

    return requeue_stuck_items()
