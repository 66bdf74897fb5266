"""Celery tasks of notifications. Tasks take ids and are safe to run twice (STYLE.md habit 5)."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import reminders
from .models import EmailStatus, Notification

log = logging.getLogger(__name__)
MAX_RETRIES = 5


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_notification_email(self, notification_id):
    """Send the e-mail of one stored notification; record every attempt and its outcome.

    Idempotent: a notification already sent is not sent again (row lock against a parallel
    delivery of the same message)."""
    with transaction.atomic():
        n = Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        if n is None or n.email_status != EmailStatus.PENDING:
            return n.email_status if n else "missing"
        n.email_attempts += 1
        ctx = {"n": n, "user": n.recipient, "site_url": settings.SITE_URL}
        message = EmailMultiAlternatives(
            subject=f"【天津市质量攻关】{n.title}",
            body=render_to_string("notifications/email/notification.txt", ctx),
            to=[n.recipient.email],
        )
        message.attach_alternative(render_to_string("notifications/email/notification.html", ctx), "text/html")
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - recorded and retried
            n.email_last_error = f"{type(exc).__name__}: {exc}"[:2000]
            final = self.request.retries >= MAX_RETRIES
            if final:
                n.email_status = EmailStatus.FAILED
            n.save(update_fields=["email_attempts", "email_last_error", "email_status"])
            error = exc
        else:
            n.email_status = EmailStatus.SENT
            n.emailed_at = timezone.now()
            n.email_last_error = ""
            n.save(update_fields=["email_attempts", "email_last_error", "email_status", "emailed_at"])
            return EmailStatus.SENT
    if final:
        log.warning("notification %s: e-mail failed after %s attempts: %s", notification_id, n.email_attempts, error)
        return EmailStatus.FAILED
    # Outside the transaction, so the recorded attempt stays even though we retry.
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # Eager mode cannot wait between attempts; the beat's requeue picks it up later.
        return EmailStatus.PENDING
    raise self.retry(exc=error, countdown=min(60 * 2**self.request.retries, 3600))


@shared_task(acks_late=True)
def send_deadline_reminders():
    from .services import requeue_pending

    # E-mails stored while the broker was unreachable are queued again once a day.
    requeue_pending()
    return reminders.deadline_reminders()


@shared_task(acks_late=True)
def sweep_pending_notifications():
    """Every few minutes (beat): queue the e-mails stored while the broker was unreachable, so
    they go out soon after it is back. Sending is idempotent, so a message queued twice is
    sent once."""
    from .services import requeue_pending

    return requeue_pending(older_than_minutes=2, never_attempted=True)


@shared_task(acks_late=True)
def send_review_reminders():
    return reminders.review_reminders()


@shared_task(acks_late=True)
def send_objection_reminders():
    return reminders.objection_reminders()
