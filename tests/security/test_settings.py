"""Production settings: no start without the secret key and the public address, and a clean
``check --deploy`` with DEBUG off and HTTPS on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3Jq9-production-like-secret-8Zr2vLw0pQ7sT1uXyN4mB6cD5eF0gH2iJ3kL9oP",
    "TJQA_SITE_URL": "https://tjqa.example.cn",
    "DJANGO_ALLOWED_HOSTS": "tjqa.example.cn",
    "TJQA_HTTPS": "1",
}


def run(code_or_args, **env):
    """Run Django in a fresh process with exactly the given portal variables."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TJQA_"))}
    base.update(env)
    base.pop("DATABASE_URL", None)
    base["DJANGO_SETTINGS_MODULE"] = "tjqa.settings"
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)


LOAD = "import django; from django.conf import settings; django.setup(); print(settings.SITE_URL)"


def test_production_refuses_to_start_without_the_secret_key():
    result = run(LOAD, TJQA_SITE_URL="https://tjqa.example.cn")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_SECRET_KEY 未设置" in result.stderr


def test_production_refuses_to_start_without_the_site_url():
    """Otherwise the certificates' QR code would print http://127.0.0.1:8000."""
    result = run(LOAD, DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"])
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "TJQA_SITE_URL 未设置" in result.stderr
    assert "127.0.0.1:8000" not in result.stdout


def test_production_starts_with_both_and_uses_the_given_address():
    result = run(LOAD, DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"], TJQA_SITE_URL="https://tjqa.example.cn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://tjqa.example.cn"


def test_debug_runs_on_the_development_defaults():
    result = run(LOAD, DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"


def test_check_deploy_is_clean_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_https():
    """The same settings without TJQA_HTTPS: the cookies are not Secure, no HSTS, no redirect."""
    env = {k: v for k, v in PRODUCTION.items() if k != "TJQA_HTTPS"}
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stderr


@pytest.mark.parametrize("name", ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"])
def test_https_setting_turns_on_redirect_and_secure_cookies(name):
    code = f"import django; from django.conf import settings; django.setup(); print(settings.{name}, settings.SECURE_HSTS_SECONDS)"
    on = run(code, **PRODUCTION)
    assert on.returncode == 0, on.stderr
    assert on.stdout.split() == ["True", "31536000"]
    off = run(code, **{k: v for k, v in PRODUCTION.items() if k != "TJQA_HTTPS"})
    assert off.stdout.split() == ["False", "0"]
