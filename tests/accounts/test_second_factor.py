"""TOTP second factor: required of the commission, the agency and the experts before any page."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.second_factor import current_code
from tests.factories import authenticator, next_totp_code


def password_login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "pass-1234"})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("who", ["commission", "agency", "expert"])
def test_staff_and_experts_without_an_authenticator_must_enrol_before_any_page(client, request, who):
    user = request.getfixturevalue(who)
    password_login(client, user)
    response = client.get(reverse("portal:workbench"))
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:otp_setup')}?next=%2Fworkbench%2F"
    assert client.get(reverse("projects:list")).url.startswith(reverse("accounts:otp_setup"))


@pytest.mark.parametrize("who", ["applicant", "recommender"])
def test_applicants_and_units_sign_in_with_the_password_alone(client, request, who):
    user = request.getfixturevalue(who)
    password_login(client, user)
    assert client.get(reverse("portal:workbench")).status_code == 200


@pytest.fixture
def no_throttle(settings):
    """django-otp makes a wrong code wait 1 s, 2 s, 4 s… before the next try; these tests type a
    wrong code and the right one at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_enrolment_shows_a_qr_code_and_the_secret_and_accepts_the_first_code(client, commission, no_throttle):
    password_login(client, commission)
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    assert "<svg" in page and "绑定身份验证器" in page
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=commission)
    assert not device.confirmed and b32decode(secret) == device.bin_key

    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000" if current_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "动态口令不正确" in wrong.content.decode()
    done = client.post(reverse("accounts:otp_setup") + "?next=/projects/", {"token": next_totp_code(device), "next": "/projects/"})
    assert done.status_code == 302 and done.url == "/projects/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("portal:workbench")).status_code == 200


def test_enrolled_user_types_the_code_after_the_password(client, expert, no_throttle):
    device = authenticator(expert)
    password_login(client, expert)
    response = client.get(reverse("portal:workbench"))
    assert response.url.startswith(reverse("accounts:otp_verify"))
    wrong = client.post(reverse("accounts:otp_verify"), {"token": "12345"})
    assert "动态口令不正确" in wrong.content.decode()
    assert client.get(reverse("portal:workbench")).status_code == 302
    ok = client.post(reverse("accounts:otp_verify"), {"token": next_totp_code(device), "next": "/workbench/"})
    assert ok.status_code == 302 and ok.url == "/workbench/"
    assert client.get(reverse("portal:workbench")).status_code == 200


def test_a_code_is_accepted_once(client, expert):
    device = authenticator(expert)
    password_login(client, expert)
    code = next_totp_code(device)
    assert client.post(reverse("accounts:otp_verify"), {"token": code}).status_code == 302
    other = type(client)()
    password_login(other, expert)
    again = other.post(reverse("accounts:otp_verify"), {"token": code})
    assert again.status_code == 200 and "动态口令不正确" in again.content.decode()


def test_enrolled_user_cannot_enrol_a_second_authenticator_past_the_code(client, expert):
    authenticator(expert)
    password_login(client, expert)
    response = client.get(reverse("accounts:otp_setup"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_verify"))
    assert TOTPDevice.objects.filter(user=expert).count() == 1


def test_the_next_parameter_never_leaves_the_site(client, expert):
    device = authenticator(expert)
    password_login(client, expert)
    response = client.post(reverse("accounts:otp_verify"), {"token": next_totp_code(device), "next": "https://evil.example/"})
    assert response.url == reverse("portal:workbench")


def test_htmx_requests_are_redirected_with_the_htmx_header(client, expert):
    authenticator(expert)
    password_login(client, expert)
    response = client.get(reverse("portal:workbench"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("accounts:otp_verify"))


def test_logout_is_open_before_the_second_factor(client, expert):
    password_login(client, expert)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == reverse("portal:home")


def test_a_wrong_code_makes_the_next_try_wait(client, expert):
    device = authenticator(expert)
    password_login(client, expert)
    client.post(reverse("accounts:otp_verify"), {"token": "12345"})
    refused = client.post(reverse("accounts:otp_verify"), {"token": next_totp_code(device)})
    assert refused.status_code == 200 and "稍候再试" in refused.content.decode()


def test_force_login_helper_stands_for_a_complete_sign_in(client, commission):
    client.force_login(commission)
    assert client.get(reverse("portal:workbench")).status_code == 200
