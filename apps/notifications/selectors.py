from .models import Notification


# What the inbox shows of a notification (not its e-mail bookkeeping).
INBOX_FIELDS = ("category", "title", "body", "created_at", "read_at")


def inbox_for(user, *, unread_only=False):
    qs = Notification.objects.delivered().filter(recipient=user).only(*INBOX_FIELDS)
    return qs.unread() if unread_only else qs


# The header's badge counts unread notifications up to this many and shows more as "99+".
UNREAD_BADGE_CAP = 99


def unread_count(user, *, cap=None) -> int:
    """The user's unread notifications; with ``cap``, counted only up to ``cap + 1`` (a LIMITed
    count stops there: a unit's thousands of unread notifications are not visited on every page)."""
    if not user.is_authenticated:
        return 0
    unread = Notification.objects.delivered().filter(recipient=user, read_at__isnull=True)
    return unread.count() if cap is None else unread.order_by()[: cap + 1].count()
