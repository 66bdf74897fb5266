import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LAST_ACTIVITY_KEY = "tjqa_last_activity"


@receiver(user_logged_in)
def start_activity_clock(sender, request, user, **kwargs):
    """A login of a commission, agency or expert account starts its idle clock
    (StaffIdleTimeoutMiddleware) from now; other sessions carry no clock."""
    from .roles import has_idle_timeout

    if request is None or not hasattr(request, "session"):
        return
    if has_idle_timeout(user):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())
    else:
        request.session.pop(LAST_ACTIVITY_KEY, None)
