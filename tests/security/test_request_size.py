"""Request bodies are limited before they are read: 413 with a Chinese page."""

from io import BytesIO

from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from django.urls import reverse

from apps.awards.uploads import EVIDENCE_MAX_BYTES
from tjqa.middleware import RequestSizeLimitMiddleware

MB = 1024 * 1024
BOUNDARY = "tjqaBoundary"


def multipart(size_of_file, **fields):
    """A multipart body with one file of ``size_of_file`` bytes and the given text fields."""
    parts = []
    for name, value in fields.items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachment"; filename="证明.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
    )
    parts.append(b"%PDF-1.4\n" + b"0" * (size_of_file - 9) + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


class CountingStream:
    """A request body that records how much of it was read."""

    def __init__(self, size):
        self.size = size
        self.read_bytes = 0

    def read(self, n=-1):
        n = self.size - self.read_bytes if n is None or n < 0 else min(n, self.size - self.read_bytes)
        self.read_bytes += n
        return b"x" * n

    def readline(self, *args):
        return self.read(*args)


def objection_url():
    return reverse("awards_public:objection", args=[2025])


def test_limits_as_configured(settings):
    """Oracles written out: 20 MB a file, five files signed in, 11 MB for the objection form's
    10 MB evidence, 64 KB for anonymous forms without files, 2 MB of form text signed in."""
    assert settings.TJQA_MAX_UPLOAD_BYTES == 20 * MB
    assert settings.TJQA_MAX_REQUEST_BYTES == 101 * MB
    assert settings.TJQA_MAX_ANONYMOUS_UPLOAD_BYTES == 11 * MB
    assert settings.TJQA_MAX_ANONYMOUS_FORM_BYTES == 64 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * MB
    assert EVIDENCE_MAX_BYTES == 10 * MB


def test_a_200_mb_declaration_is_refused_without_reading_the_body(client, db):
    body = CountingStream(200 * MB)
    response = client.generic(
        "POST",
        objection_url(),
        b"-",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(200 * MB),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "提交的内容过大" in page and "11.0\xa0MB" in page
    assert body.read_bytes == 0


def test_anonymous_upload_one_byte_over_the_limit_is_refused(client, db):
    body = multipart(11 * MB, name="张三", phone="13800000000", content="异议")
    assert len(body) > 11 * MB
    response = client.generic("POST", objection_url(), body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 413


def test_anonymous_upload_of_the_stated_evidence_limit_gets_through(client, db):
    """A 10 MB evidence file with the form's fields reaches the view (here: no such notice, 404)."""
    body = multipart(EVIDENCE_MAX_BYTES, name="张三", phone="13800000000", content="异议")
    assert len(body) < 11 * MB
    response = client.generic("POST", objection_url(), body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 404


def test_anonymous_login_form_gets_the_small_limit(client, db):
    url = reverse("accounts:login")
    form = "application/x-www-form-urlencoded"
    over = client.generic("POST", url, "username=someone&password=" + "x" * (64 * 1024), content_type=form)
    assert over.status_code == 413
    under = client.generic("POST", url, "username=someone&password=" + "x" * (60 * 1024), content_type=form)
    assert under.status_code == 200 and "用户名或密码不正确" in under.content.decode()


def test_anonymous_multipart_outside_the_objection_form_gets_the_small_limit(client, db):
    body = multipart(100 * 1024, username="someone", password="x")
    response = client.generic("POST", reverse("organizations:register"), body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 413


def test_signed_in_upload_of_one_file_at_the_stated_limit_gets_through(client, applicant, draft):
    """The application form takes files of up to 20 MB each (apps/projects/uploads.py)."""
    client.force_login(applicant)
    body = multipart(20 * MB, title=draft.title)
    response = client.generic(
        "POST", reverse("projects:edit", args=[draft.pk]), body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    assert response.status_code != 413


def test_signed_in_body_above_the_request_limit_is_refused(client, applicant, draft):
    client.force_login(applicant)
    body = CountingStream(101 * MB + 1)
    response = client.generic(
        "POST",
        reverse("projects:edit", args=[draft.pk]),
        b"-",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(101 * MB + 1),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413 and body.read_bytes == 0


def chunked_request(size):
    environ = RequestFactory().post("/accounts/login/").environ
    environ.pop("CONTENT_LENGTH", None)
    environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    stream = CountingStream(size)
    environ["wsgi.input"] = stream
    request = WSGIRequest(environ)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request, stream


def test_a_chunked_body_without_length_is_read_only_up_to_the_limit(db):
    request, stream = chunked_request(500 * MB)
    response = RequestSizeLimitMiddleware(lambda r: None)(request)
    assert response.status_code == 413
    assert stream.read_bytes == 64 * 1024 + 1


def test_a_small_chunked_body_reaches_the_view_whole():
    request, stream = chunked_request(1000)
    seen = {}

    def view(req):
        seen["body"] = req.body
        return "ok"

    assert RequestSizeLimitMiddleware(view)(request) == "ok"
    assert seen["body"] == b"x" * 1000
