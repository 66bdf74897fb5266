"""The second factor (TOTP, RFC 6238) of commission, agency and expert accounts.

Each such user has one authenticator (a django-otp TOTPDevice): created unconfirmed when they
enrol, confirmed by the first code they type."""

import time
from base64 import b32encode

from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "身份验证器"
# The demo database's authenticators (seed_demo) share this published secret; never a real one.
DEMO_TOTP_KEY = "746a71612d64656d6f2d6f6e6c792d6b65792d31"  # b"tjqa-demo-only-key-1"


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed authenticator ``user`` is enrolling (made on first call, then kept, so a
    reload shows the same QR code)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirm(device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` with the code the user read from their app."""
    if not device.verify_token(clean_token(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).exclude(pk=device.pk).delete()
    return True


def clean_token(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch.isdigit())


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    """The code the authenticator shows now (for the demo command and the tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no script, no external image)."""
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


def demo_secret_text() -> str:
    secret = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
