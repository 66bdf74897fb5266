"""The inbox counts at most a thousand notifications (issue: design scale): beyond that it says
"1000+" instead of reading the recipient's whole history; below it the count is exact."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.notifications.models import Category, Notification
from apps.workspace.views import notifications as inbox_view

pytestmark = pytest.mark.django_db


def _notify(user, n, **fields):
    Notification.objects.bulk_create(
        [Notification(recipient=user, category=Category.TRANSITION, title=f"通知{i}", **fields) for i in range(n)]
    )


@pytest.mark.parametrize(("n", "shown"), [(4, "共 4 项"), (7, "共 5+ 项")])
def test_the_inbox_count_stops_at_its_cap(client, applicant, settings, monkeypatch, n, shown):
    settings.TJQA_MAX_PAGE_SIZE = 2
    monkeypatch.setattr(inbox_view, "INBOX_COUNT_CAP", 5)
    _notify(applicant, n)
    _notify(applicant, 3, release_key="plan:1")  # held in the outbox: neither shown nor counted
    client.force_login(applicant)
    body = client.get(reverse("notifications:inbox")).content.decode()
    assert shown in body
    assert body.count("通知") >= 2


def test_the_capped_count_reads_a_limited_subquery(client, applicant):
    _notify(applicant, 3)
    client.force_login(applicant)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("notifications:inbox"))
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "notifications_notification" in q["sql"] and "LIMIT" in q["sql"]]
    assert counts, "the inbox's count is not capped"


def test_an_inbox_row_shows_time_category_link_and_state(client, applicant, settings):
    import datetime

    settings.TIME_ZONE = "Asia/Shanghai"
    [note] = Notification.objects.bulk_create(
        [Notification(recipient=applicant, category=Category.OBJECTION, title="异议已受理", body="第一行\n第二行")]
    )
    Notification.objects.filter(pk=note.pk).update(created_at=datetime.datetime(2026, 12, 31, 16, 5, tzinfo=datetime.UTC))
    client.force_login(applicant)
    body = client.get(reverse("notifications:inbox")).content.decode()
    assert '<td class="muted">2027-01-01 00:05</td>' in body
    assert '<span class="pill">异议处理</span>' in body
    assert f'<a href="/notifications/{note.pk}/">异议已受理</a>' in body
    assert "第一行<br>第二行" in body and '<span class="state returned">未读</span>' in body
