"""Loaded by pytest before Django's settings (``-p tests.environment`` in pyproject.toml).

Outside DEBUG the settings refuse to start without DJANGO_SECRET_KEY and TJQA_SITE_URL; the
suite runs with DEBUG off, so it brings its own values (never used anywhere else)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("TJQA_SITE_URL", "http://testserver")
