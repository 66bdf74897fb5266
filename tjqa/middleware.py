"""Request-level guards that run before any view reads the request."""

from io import BytesIO

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve


# The one public form that takes a file: the objection's evidence (第十七条).
ANONYMOUS_UPLOAD_VIEWS = {"awards_public:objection"}


def _view_name(request):
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


def body_limit(request) -> int:
    """The largest body ``request`` may carry, in bytes.

    Signed in: several files (TJQA_MAX_REQUEST_BYTES) in a multipart form, otherwise form text
    (DATA_UPLOAD_MAX_MEMORY_SIZE). Anonymous: the objection form's evidence
    (TJQA_MAX_ANONYMOUS_UPLOAD_BYTES) on that form only, otherwise TJQA_MAX_ANONYMOUS_FORM_BYTES
    (login, registration, password reset)."""
    multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
    if request.user.is_authenticated:
        return settings.TJQA_MAX_REQUEST_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if multipart and _view_name(request) in ANONYMOUS_UPLOAD_VIEWS:
        return settings.TJQA_MAX_ANONYMOUS_UPLOAD_BYTES
    return settings.TJQA_MAX_ANONYMOUS_FORM_BYTES


def too_large(request, limit):
    return render(request, "413.html", {"limit": filesizeformat(limit)}, status=413)


class RequestSizeLimitMiddleware:
    """Answer 413 for a body above :func:`body_limit` before anything reads it.

    A declared Content-Length is checked without reading a byte. A body sent without a length
    (chunked) is read up to the limit and no further, then handed on to Django as if it had
    been sent with its length (Django would otherwise read such a body as empty)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH")
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if declared in (None, "", "0") and not chunked:
            return self.get_response(request)  # no body: nothing to limit, no user to look up
        limit = body_limit(request)
        if declared:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length < 0 or length > limit:
                return too_large(request, limit)
        elif "wsgi.input" in request.META:
            data = request.META["wsgi.input"].read(limit + 1)
            if len(data) > limit:
                return too_large(request, limit)
            request.META["CONTENT_LENGTH"] = str(len(data))
            request._stream = LimitedStream(BytesIO(data), len(data))
        return self.get_response(request)
