"""Staff and expert sessions end after 2 hours without a request; applicants keep theirs."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

SH = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 9, 0, tzinfo=SH)


def at(hour, minute):
    return time_machine.travel(datetime(2026, 3, 2, hour, minute, tzinfo=SH), tick=False)


@pytest.mark.parametrize("who", ["commission", "agency", "expert"])
def test_staff_session_survives_119_minutes_idle_and_ends_after_121(client, request, who):
    user = request.getfixturevalue(who)
    with at(9, 0):
        client.force_login(user)
        assert client.get(reverse("portal:workbench")).status_code == 200
    with at(10, 59):
        assert client.get(reverse("portal:workbench")).status_code == 200
    with at(13, 0):  # 121 minutes after 10:59
        response = client.get(reverse("portal:workbench"))
        assert response.status_code == 302
        assert response.url == f"{reverse('accounts:login')}?next=%2Fworkbench%2F"
        page = client.get(response.url).content.decode()
        assert "您已超过120分钟未操作" in page
        assert client.get(reverse("portal:workbench")).status_code == 302


def test_activity_keeps_the_session_alive(client, commission):
    for hour in (9, 10, 11, 12, 13):
        with at(hour, 30):
            if hour == 9:
                client.force_login(commission)
            assert client.get(reverse("portal:workbench")).status_code == 200


def test_exactly_two_hours_idle_is_still_signed_in(client, expert):
    with at(9, 0):
        client.force_login(expert)
        client.get(reverse("portal:workbench"))
    with at(11, 0):
        assert client.get(reverse("portal:workbench")).status_code == 200


def test_idle_limit_is_configurable(client, settings, commission):
    settings.TJQA_STAFF_IDLE_MINUTES = 30
    with at(9, 0):
        client.force_login(commission)
        client.get(reverse("portal:workbench"))
    with at(9, 31):
        assert client.get(reverse("portal:workbench")).status_code == 302


@pytest.mark.parametrize("who", ["applicant", "recommender"])
def test_applicants_and_units_keep_the_normal_session(client, request, who):
    user = request.getfixturevalue(who)
    with at(9, 0):
        client.force_login(user)
        client.get(reverse("portal:workbench"))
    with at(17, 0):
        assert client.get(reverse("portal:workbench")).status_code == 200


def test_a_new_login_restarts_the_clock(client, commission):
    with at(9, 0):
        client.force_login(commission)
        client.get(reverse("portal:workbench"))
    with at(12, 0):
        client.force_login(commission)
        assert client.get(reverse("portal:workbench")).status_code == 200
