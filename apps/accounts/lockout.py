"""Accounts locked by repeated wrong passwords (django-axes), and their early unlocking."""

import rules
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone


def may_unlock(user) -> bool:
    """The commission unlocks accounts (it runs the programme and knows its users)."""
    return rules.has_perm("accounts.unlock", user)


def locked_attempts():
    """The accounts locked now: as many failures as the limit within the cool-off window."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return (
        AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since)
        .only("username", "ip_address", "failures_since_start", "attempt_time")
        .order_by("-attempt_time")
    )


def unlock(*, username, actor) -> bool:
    """Forget ``username``'s failed logins; True when there were any."""
    if not may_unlock(actor):
        raise PermissionDenied("只有市市场监管委可以解除账号锁定。")
    return bool(username) and bool(axes_reset(username=username))
