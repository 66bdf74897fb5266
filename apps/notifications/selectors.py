from .models import Notification


def inbox_for(user, *, unread_only=False):
    qs = Notification.objects.delivered().filter(recipient=user).select_related("project")
    return qs.unread() if unread_only else qs


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.delivered().filter(recipient=user, read_at__isnull=True).count()
