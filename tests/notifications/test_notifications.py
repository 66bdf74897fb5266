"""Every transition and assignment becomes stored notifications; e-mail goes after commit
through Celery, retries, records its outcome and respects each user's choice."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.notifications import reminders
from apps.notifications.models import EmailStatus, Notification, NotificationPreference
from apps.notifications.services import notify
from apps.notifications.tasks import send_notification_email
from apps.projects.services import transition
from tests.awards.conftest import committing
from tests.factories import make_user, record_verification

pytestmark = pytest.mark.django_db


def test_submit_notifies_the_organisation_and_the_recommender_by_inbox_and_mail(draft, applicant, recommender, commission):
    colleague = make_user(Role.APPLICANT, organization=applicant.organization)
    with committing():
        transition(project=draft, name="submit", actor=applicant, commitment=True)
    notes = Notification.objects.filter(project=draft)
    assert {n.recipient for n in notes} == {colleague, recommender}  # not the actor, not the commission
    n = notes.get(recipient=recommender)
    assert "待推荐单位审核" in n.title and n.link == reverse("projects:detail", args=[draft.pk])
    assert n.email_status == EmailStatus.SENT and n.email_attempts == 1
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2 and all(s.startswith("【天津市质量攻关】") for s in subjects)
    body = next(m for m in mail.outbox if m.to == [recommender.email]).body
    assert "状态变化：草稿 → 待推荐单位审核" in body and "邮件通知设置" in body


def test_staff_who_must_act_are_told(draft, applicant, recommender, commission, agency):
    with committing():
        transition(project=draft, name="submit", actor=applicant, commitment=True)
        record_verification(draft, recommender)
        transition(project=draft, name="recommend", actor=recommender, comment="同意推荐")
    recipients = set(Notification.objects.filter(project=draft, title__contains="已推荐").values_list("recipient__username", flat=True))
    assert commission.username in recipients and agency.username not in recipients
    assert applicant.username in recipients


def test_mail_preferences_are_respected_and_the_inbox_still_gets_it(client, draft, applicant, recommender):
    client.force_login(recommender)
    response = client.post(reverse("notifications:preferences"), {"email_assignment": "on"})  # transitions off
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=recommender).email_transition is False
    with committing():
        transition(project=draft, name="submit", actor=applicant, commitment=True)
    n = Notification.objects.get(recipient=recommender)
    assert n.email_status == EmailStatus.SKIPPED
    assert not [m for m in mail.outbox if m.to == [recommender.email]]


def test_failed_sending_is_recorded_and_retried_without_duplicates(settings, applicant):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    with committing():
        (n,) = notify(recipients=[applicant], category="transition", title="测试通知")
    n.refresh_from_db()
    assert n.email_status == EmailStatus.PENDING and n.email_attempts == 1
    assert "SMTPServerDisconnected" in n.email_last_error
    # The mail server is back: the requeued task sends it once; a redelivery sends nothing.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_notification_email.apply(args=[n.pk]).get() == EmailStatus.SENT
    assert send_notification_email.apply(args=[n.pk]).get() == EmailStatus.SENT
    n.refresh_from_db()
    assert n.email_attempts == 2 and n.email_last_error == "" and len(mail.outbox) == 1


def test_last_retry_marks_failed(settings, applicant):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingBackend"
    (n,) = notify(recipients=[applicant], category="transition", title="测试通知")
    task = send_notification_email
    task.push_request(retries=task.max_retries)
    try:
        assert task.run(n.pk) == EmailStatus.FAILED
    finally:
        task.pop_request()
    n.refresh_from_db()
    assert n.email_status == EmailStatus.FAILED


def test_inbox_unread_count_and_mark_read(client, applicant, django_assert_max_num_queries):
    for i in range(3):
        notify(recipients=[applicant], category="transition", title=f"通知{i}")
    client.force_login(applicant)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert 'aria-label="未读3条"' in page and "通知2" in page
    first = Notification.objects.filter(recipient=applicant).last()
    client.get(reverse("notifications:open", args=[first.pk]))
    assert 'aria-label="未读2条"' in client.get(reverse("notifications:inbox")).content.decode()
    client.post(reverse("notifications:mark_read"))
    assert "未读" not in client.get(reverse("notifications:inbox") + "?unread=1").content.decode().split("<main")[0]
    assert Notification.objects.unread().count() == 0


@pytest.mark.parametrize(("unread", "shown", "spoken"), [(99, ">99<", "未读99条"), (100, ">99+<", "未读99条以上"), (101, ">99+<", "未读99条以上")])
def test_the_header_badge_counts_up_to_99_and_shows_more_as_99_plus(client, applicant, unread, shown, spoken):
    Notification.objects.bulk_create(
        [Notification(recipient=applicant, category="transition", title=f"通知{i}") for i in range(unread)]
    )
    client.force_login(applicant)
    header = client.get(reverse("notifications:inbox")).content.decode().split("<main")[0]
    assert f'<span class="badge-count" aria-label="{spoken}"{shown}/span>' in header


def test_someone_elses_notification_is_404(client, applicant, other_applicant):
    (n,) = notify(recipients=[applicant], category="transition", title="通知")
    client.force_login(other_applicant)
    assert client.get(reverse("notifications:open", args=[n.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 25])
def test_inbox_query_count_is_constant(client, applicant, django_assert_max_num_queries, rows):
    notify(recipients=[applicant] * 1, category="transition", title="x")
    for i in range(rows):
        notify(recipients=[applicant], category="transition", title=f"通知{i}")
    client.force_login(applicant)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("notifications:inbox")).status_code == 200


def test_deadline_reminders_once_per_day(campaign, draft, applicant, recommender):
    today = campaign.application_closes - datetime.timedelta(days=3)
    assert reminders.deadline_reminders(today=today) == 1
    assert reminders.deadline_reminders(today=today) == 0  # same day again: nothing twice
    n = Notification.objects.get(recipient=applicant, category="deadline")
    assert "还有3天" in n.title and draft.title in n.body and "第九条" in n.body
    assert reminders.deadline_reminders(today=today + datetime.timedelta(days=1)) == 0  # 2 days: not a reminder day


def test_recommender_reminded_of_waiting_applications(campaign, draft, applicant, recommender):
    transition(project=draft, name="submit", actor=applicant, commitment=True)
    today = campaign.recommendation_closes - datetime.timedelta(days=1)
    assert reminders.deadline_reminders(today=today) == 1
    assert Notification.objects.filter(recipient=recommender, category="deadline").exists()


def test_objection_reminders_for_staff(campaign, commission, agency, applicant):
    from apps.awards.models import Objection
    from tests.factories import bring_to, ready_application

    assert reminders.objection_reminders() == 0
    p = ready_application(campaign=campaign, organization=applicant.organization, created_by=applicant)
    actors = {"applicant": applicant, "commission": commission, "agency": agency, "recommender": make_user(Role.RECOMMENDER, recommender=p.recommender)}
    bring_to(p, "publicized", actors=actors, notice_ends_on=timezone.localdate())
    Objection.objects.create(project=p, name="王建华", phone="13812345678", content="数据不实")
    assert reminders.objection_reminders() == 2
    assert Notification.objects.get(recipient=commission, category="objection").title == "有1件公示异议待处理"


def test_review_reminders_for_experts_with_unfinished_scores(campaign, draft, applicant, recommender, commission, agency):
    from tests.factories import bring_to

    # Under review means with its expert assigned (第十六条): one unfinished score.
    bring_to(draft, "under_review", actors={"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency})
    expert_user = draft.review_assignments.get().expert.user
    assert reminders.review_reminders() == 1
    assert "1个评审任务尚未完成评分" in Notification.objects.get(recipient=expert_user).title


def test_expert_assignment_notifies_the_expert(campaign, draft):
    from apps.review.signals import expert_assigned

    expert_user = make_user(Role.EXPERT)
    expert_assigned.send(sender=None, assignment=None, expert_user=expert_user, project=draft)
    n = Notification.objects.get(recipient=expert_user)
    assert n.category == "assignment" and "第二十二条" in n.body


def test_award_holders_hear_of_their_certificates_and_best_organisation(campaign, announce_awards, agency, applicant, recommender, recommender_unit):
    from apps.awards.services.certificates import start_run

    with committing():
        announce_awards(1, best_units=[recommender_unit])
    assert Notification.objects.filter(recipient=recommender, category="award", title__contains="最佳组织奖").exists()
    with committing():
        start_run(campaign=campaign, actor=agency)
    assert Notification.objects.filter(recipient=applicant, category="award", title__startswith="获奖证书已生成").count() == 1
    assert Notification.objects.filter(recipient=recommender, category="award", title__startswith="获奖证书已生成").count() == 1
    with committing():
        start_run(campaign=campaign, actor=agency, regenerate=True)  # regenerating tells nobody again
    assert Notification.objects.filter(category="award", title__startswith="获奖证书已生成").count() == 2


def test_a_broker_that_is_down_loses_nothing(monkeypatch, applicant):
    from apps.notifications import services, tasks

    def down(*a, **kw):
        raise ConnectionError("Redis 不可用")

    monkeypatch.setattr(tasks.send_notification_email, "delay", down)
    with committing():
        (n,) = notify(recipients=[applicant], category="transition", title="测试通知")
    n.refresh_from_db()
    assert n.email_status == EmailStatus.PENDING  # stored; the beat queues it again
    monkeypatch.undo()
    Notification.objects.filter(pk=n.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    with committing():
        assert services.requeue_pending() == 1
    n.refresh_from_db()
    assert n.email_status == EmailStatus.SENT
