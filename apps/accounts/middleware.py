"""Session rules by role: the second factor (TOTP) and the idle timeout of staff and experts."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

from .roles import requires_second_factor
from .signals import LAST_ACTIVITY_KEY

# Recorded activity is refreshed at most once a minute, so a busy session is not rewritten on
# every request; the timeout is therefore exact to the minute.
ACTIVITY_RESOLUTION_SECONDS = 60

# Pages a signed-in user who still owes the second factor may open.
SECOND_FACTOR_OPEN = {"accounts:otp_setup", "accounts:otp_verify", "accounts:logout", "admin:logout", "set_language"}


def _redirect(request, url):
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _with_next(name, request):
    return f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"


class StaffIdleTimeoutMiddleware:
    """Sign out a commission, agency or expert session after TJQA_STAFF_IDLE_MINUTES without a
    request; the next request goes to the login page with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The clock is started at login for the roles it applies to (signals.py), so this costs
        # no query: the session is loaded anyway.
        last = request.session.get(LAST_ACTIVITY_KEY)
        if last is not None and request.user.is_authenticated:
            now = int(time.time())
            limit = settings.TJQA_STAFF_IDLE_MINUTES * 60
            if now - last > limit:
                logout(request)
                messages.info(
                    request, f"您已超过{settings.TJQA_STAFF_IDLE_MINUTES}分钟未操作，为保护评审和审批数据已自动退出，请重新登录。"
                )
                return _redirect(request, _with_next("accounts:login", request))
            if now - last >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Commission, agency and expert accounts open no page before their second factor: without
    a confirmed authenticator they are sent to enrol one, otherwise to enter its code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and requires_second_factor(user) and not self._open(request):
            target = "accounts:otp_verify" if user_has_device(user) else "accounts:otp_setup"
            return _redirect(request, _with_next(target, request))
        return self.get_response(request)

    @staticmethod
    def _open(request):
        path = request.path_info
        if path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return True  # a 404 reveals nothing
        return match.view_name in SECOND_FACTOR_OPEN
