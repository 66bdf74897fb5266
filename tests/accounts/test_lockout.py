"""django-axes: five wrong passwords within 30 minutes lock the account; the commission
unlocks it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def login(client):
    def post(username, password):
        return client.post(reverse("accounts:login"), {"username": username, "password": password})

    return post


def fail(login, user, times):
    for _ in range(times):
        response = login(user.username, "wrong-password")
        assert response.status_code in (200, 429)
    return response


def test_four_failures_then_the_right_password_logs_in(login, applicant):
    fail(login, applicant, 4)
    response = login(applicant.username, "pass-1234")
    assert response.status_code == 302 and response.url == reverse("portal:workbench")


def test_the_fifth_failure_locks_the_account_with_a_chinese_page(login, applicant):
    assert fail(login, applicant, 4).status_code == 200
    fifth = fail(login, applicant, 1)
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "账号已暂时锁定" in page and "连续5次" in page
    right = login(applicant.username, "pass-1234")
    assert right.status_code == 429 and "账号已暂时锁定" in right.content.decode()


def test_the_lock_is_per_account_not_per_address(login, applicant, other_applicant):
    fail(login, applicant, 5)
    assert login(other_applicant.username, "pass-1234").status_code == 302


def test_failures_older_than_30_minutes_do_not_count(client, applicant):
    url = reverse("accounts:login")
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SH), tick=False):
        for _ in range(4):
            client.post(url, {"username": applicant.username, "password": "wrong"})
    with time_machine.travel(datetime(2026, 3, 2, 9, 31, tzinfo=SH), tick=False):
        client.post(url, {"username": applicant.username, "password": "wrong"})
        assert client.post(url, {"username": applicant.username, "password": "pass-1234"}).status_code == 302


def test_the_lock_ends_after_30_minutes(client, applicant):
    url = reverse("accounts:login")
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SH), tick=False):
        for _ in range(5):
            client.post(url, {"username": applicant.username, "password": "wrong"})
    with time_machine.travel(datetime(2026, 3, 2, 9, 29, tzinfo=SH), tick=False):
        assert client.post(url, {"username": applicant.username, "password": "pass-1234"}).status_code == 429
    with time_machine.travel(datetime(2026, 3, 2, 9, 31, tzinfo=SH), tick=False):
        assert client.post(url, {"username": applicant.username, "password": "pass-1234"}).status_code == 302


def test_commission_sees_and_unlocks_a_locked_account(client, login, applicant, commission):
    fail(login, applicant, 5)
    client.force_login(commission)
    page = client.get(reverse("accounts:locked")).content.decode()
    assert applicant.username in page and "解除锁定" in page
    done = client.post(reverse("accounts:unlock"), {"username": applicant.username}, follow=True)
    assert f"账号“{applicant.username}”已解除锁定" in done.content.decode()
    assert not AccessAttempt.objects.filter(username=applicant.username).exists()
    client.logout()
    assert login(applicant.username, "pass-1234").status_code == 302


@pytest.mark.parametrize("who", ["agency", "applicant", "expert"])
def test_only_the_commission_unlocks(client, request, who, applicant):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("accounts:locked")).status_code == 403
    assert client.post(reverse("accounts:unlock"), {"username": applicant.username}).status_code == 403


def test_locked_list_shows_only_locked_accounts(client, login, applicant, other_applicant, commission):
    fail(login, applicant, 5)
    fail(login, other_applicant, 2)
    client.force_login(commission)
    page = client.get(reverse("accounts:locked")).content.decode()
    assert applicant.username in page and other_applicant.username not in page
