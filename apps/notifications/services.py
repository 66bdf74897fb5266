"""Writes on notifications: store first, then queue the e-mail after commit (STYLE.md habit 5)."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import EmailStatus, Notification, NotificationPreference

log = logging.getLogger(__name__)

# While demo data is loaded the notifications are stored but not e-mailed (see demo.py).
_seeding = False


def _wants_email(user, category, prefs) -> bool:
    if _seeding or not user.email or not user.is_active:
        return False
    pref = prefs.get(user.pk)
    return pref.wants(category) if pref else True


@transaction.atomic
def notify(
    *, recipients, category, title, body="", link="", project=None, dedupe_key=None, held_until=""
) -> list[Notification]:
    """Store one notification per recipient (duplicates and inactive users dropped) and queue
    its e-mail with ``transaction.on_commit``. ``dedupe_key`` (suffixed with the user id) makes a
    reminder idempotent: a second call with the same key stores nothing. ``held_until`` puts
    it in the outbox instead: stored, neither shown nor e-mailed until :func:`release` of
    that key."""
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not users:
        return []
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=users)}
    created = []
    for user in users.values():
        key = f"{dedupe_key}:{user.pk}" if dedupe_key else None
        if key and Notification.objects.filter(dedupe_key=key).exists():
            continue
        wants = _wants_email(user, category, prefs)
        try:
            with transaction.atomic():
                n = Notification.objects.create(
                    recipient=user,
                    category=category,
                    title=title[:200],
                    body=body,
                    link=link,
                    project=project,
                    dedupe_key=key,
                    release_key=held_until,
                    email_status=EmailStatus.HELD if held_until else (EmailStatus.PENDING if wants else EmailStatus.SKIPPED),
                )
        except IntegrityError:  # the same reminder stored concurrently
            continue
        created.append(n)
    pending = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if pending:
        transaction.on_commit(lambda: _enqueue(pending))
    return created


@transaction.atomic
def release(release_key) -> int:
    """Publish what the outbox held for ``release_key``: each notification becomes visible
    in the inbox (dated now, when its recipient learns of it) and its e-mail is queued after
    commit, as if it had just been written. Returns how many were released; releasing again
    releases nothing."""
    held = list(
        Notification.objects.select_for_update()
        .filter(release_key=release_key, email_status=EmailStatus.HELD)
        .select_related("recipient")
    )
    if not held:
        return 0
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in={n.recipient_id for n in held})}
    now = timezone.now()
    for n in held:
        wants = _wants_email(n.recipient, n.category, prefs)
        n.release_key = ""
        n.email_status = EmailStatus.PENDING if wants else EmailStatus.SKIPPED
        n.created_at = now
        n.save(update_fields=["release_key", "email_status", "created_at"])
    pending = [n.pk for n in held if n.email_status == EmailStatus.PENDING]
    if pending:
        transaction.on_commit(lambda: _enqueue(pending))
    return len(held)


def _enqueue(ids):
    """Queue the e-mails. A broker that cannot be reached loses nothing: the notifications stay
    pending and the daily beat task queues them again (requeue_pending)."""
    from .tasks import send_notification_email

    for pk in ids:
        try:
            send_notification_email.delay(pk)
        except Exception:  # noqa: BLE001 - the row is stored; it is retried later
            log.exception("notification %s: could not be queued; left pending", pk)
            return


def mark_read(*, user, notification_ids=None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given)."""
    qs = Notification.objects.delivered().filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())


def save_preferences(*, user, **choices) -> NotificationPreference:
    pref, _ = NotificationPreference.objects.get_or_create(user=user)
    for field in NotificationPreference.FIELDS:
        if field in choices:
            setattr(pref, field, bool(choices[field]))
    pref.full_clean()
    pref.save()
    return pref


def requeue_pending(*, older_than_minutes=10, never_attempted=False) -> int:
    """Queue again the e-mails still pending (e.g. the broker was down when they were stored).
    ``never_attempted``: only those no worker has tried yet (their message never reached the
    broker or was lost with it); the ones being retried keep their own retry schedule."""
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    qs = Notification.objects.filter(email_status=EmailStatus.PENDING, created_at__lt=cutoff)
    if never_attempted:
        qs = qs.filter(email_attempts=0)
    ids = list(qs.order_by("pk").values_list("pk", flat=True)[:1000])
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)
