import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LAST_ACTIVITY_KEY = "tjqa_last_activity"


@receiver(user_logged_in)
def start_activity_clock(sender, request, user, **kwargs):
    """A fresh login starts the idle clock (StaffIdleTimeoutMiddleware) from now."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY_KEY] = int(time.time())
