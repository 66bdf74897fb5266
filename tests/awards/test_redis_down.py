"""Redis unreachable (cache, rate limits and broker on a closed port): the public objection form
still saves the objection with its notifications in the outbox, and answers; the e-mails are
sent once the broker is back (the beat sweeper queues them again)."""

import datetime

import pytest
from django.utils import timezone

from apps.awards.models import Objection
from apps.notifications import tasks
from apps.notifications.models import EmailStatus, Notification
from tests.awards.conftest import committing
from tests.awards.test_notice_objection_announcement import objection_data

pytestmark = pytest.mark.django_db


def test_objection_is_saved_with_its_notifications_while_redis_is_down(client, redis_down, campaign, make_reviewed, commission, agency, publish_list):
    (project,) = make_reviewed(1)
    publish_list(campaign, commission)
    with committing():
        response = client.post(f"/notice/{campaign.year}/objection/", objection_data(project))
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.project == project
    stored = Notification.objects.filter(title__startswith="收到公示异议")
    assert {n.recipient for n in stored} >= {commission, agency}
    assert {n.email_status for n in stored} == {EmailStatus.PENDING}  # in the outbox, not lost
    assert {n.email_attempts for n in stored} == {0}
    # The receipt page answers too.
    assert client.get(response["Location"]).status_code == 200


def test_rate_limits_still_count_while_redis_is_down(client, redis_down, settings, campaign, make_reviewed, commission, publish_list):
    """The limit counts in the database cache while Redis is unreachable: not lifted, not a 500."""
    settings.TJQA_OBJECTION_RATE = "2/h"
    (project,) = make_reviewed(1)
    publish_list(campaign, commission)
    url = f"/notice/{campaign.year}/objection/"
    assert [client.post(url, objection_data(project)).status_code for _ in range(3)] == [302, 302, 429]
    assert Objection.objects.count() == 2


def test_the_sweeper_sends_what_the_broker_missed(client, redis_down, settings, campaign, make_reviewed, commission, publish_list, mailoutbox):
    (project,) = make_reviewed(1)
    publish_list(campaign, commission)
    with committing():
        client.post(f"/notice/{campaign.year}/objection/", objection_data(project))
    pending = list(Notification.objects.filter(email_status=EmailStatus.PENDING).values_list("pk", flat=True))
    assert pending and not mailoutbox
    # While the broker is still down the sweeper queues nothing successfully and raises nothing.
    Notification.objects.filter(pk__in=pending).update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    with committing():
        assert tasks.sweep_pending_notifications() == len(pending)
    assert Notification.objects.filter(pk__in=pending, email_status=EmailStatus.PENDING).count() == len(pending)
    # The broker is back (here: Celery eager again): the next sweep sends every one of them once.
    from tjqa.celery import app

    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with committing():
        assert tasks.sweep_pending_notifications() == len(pending)
    assert Notification.objects.filter(pk__in=pending, email_status=EmailStatus.SENT).count() == len(pending)
    assert len(mailoutbox) == len(pending)
    with committing():
        assert tasks.sweep_pending_notifications() == 0  # nothing is sent twice
    assert len(mailoutbox) == len(pending)


def test_a_fresh_notification_is_left_to_its_own_queueing(redis_down, campaign, make_reviewed, commission, publish_list):
    """The sweeper takes only what waited over two minutes with no attempt."""
    from apps.notifications.services import notify

    notify(recipients=[commission], category="objection", title="刚存入的通知")
    n = Notification.objects.get(title="刚存入的通知")
    assert tasks.sweep_pending_notifications() == 0
    Notification.objects.filter(pk=n.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=3), email_attempts=1)
    assert tasks.sweep_pending_notifications() == 0  # being retried on its own schedule
    Notification.objects.filter(pk=n.pk).update(email_attempts=0)
    assert tasks.sweep_pending_notifications() == 1


def test_a_transition_is_saved_with_its_notifications_while_redis_is_down(client, redis_down, draft, applicant, recommender):
    client.force_login(applicant)
    with committing():
        response = client.post(f"/projects/{draft.pk}/submit/", {"commitment": "on", "comment": "", "expected_state": "draft"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "submitted"
    stored = Notification.objects.filter(project=draft)
    assert recommender in {n.recipient for n in stored}
    assert {(n.email_status, n.email_attempts) for n in stored} == {(EmailStatus.PENDING, 0)}
