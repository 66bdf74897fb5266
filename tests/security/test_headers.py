"""Response headers: a strict Content Security Policy, frames denied, and templates without
inline JavaScript (which the policy would block)."""

import re
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def csp(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";") if part.strip()
    )


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = csp(client.get(reverse("portal:home")))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]


def test_frames_are_denied(client, db):
    response = client.get(reverse("portal:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_lasts_twelve_hours_not_two_weeks(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.TJQA_STAFF_IDLE_MINUTES == 120


def template_files():
    for base in [ROOT / "templates", *ROOT.glob("apps/*/templates")]:
        yield from base.rglob("*.html")


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def test_no_template_carries_inline_javascript():
    found = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER_ATTRIBUTE, JS_URL):
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)[:80]}")
    assert found == []


def test_the_scan_catches_what_it_looks_for():
    assert INLINE_SCRIPT.search('<script>alert(1)</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/js/tjqa.js" defer></script>')
    assert HANDLER_ATTRIBUTE.search('<form onsubmit="return confirm(1)">')
    assert HANDLER_ATTRIBUTE.search('<input type="checkbox" onclick="x()">')
    assert not HANDLER_ATTRIBUTE.search('<form data-confirm="确认？">')
    assert JS_URL.search('<a href="javascript:void(0)">')
