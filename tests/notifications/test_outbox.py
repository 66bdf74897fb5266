"""The outbox (第十一条, 第十七条): a decision's notification is written when the decision is made
and held, neither in the inbox nor e-mailed, until the commission publishes it: the plan for
立项审核 decisions, the notice for the decided list, the announcement for the award."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import EmailStatus, Notification
from apps.notifications.selectors import inbox_for, unread_count
from apps.notifications.services import release, requeue_pending
from apps.projects.services import transition
from tests.awards.conftest import committing
from tests.factories import bring_to

pytestmark = pytest.mark.django_db


def decision_notes(project, title_part):
    return Notification.objects.filter(project=project, title__contains=title_part)


def test_approval_and_rejection_wait_for_the_plan(campaign, make_project, applicant, commission, client):
    from apps.projects.approval import publish_plan

    approved = make_project("recommended", title="通过的项目")
    rejected = make_project("recommended", title="未通过的项目")
    mail.outbox.clear()
    with committing():
        transition(project=approved, name="approve", actor=commission)
        transition(project=rejected, name="reject", actor=commission, comment="材料不符合要求")
    held = Notification.objects.filter(project__in=[approved, rejected], title__contains="立项")
    assert held.count() >= 2
    assert set(held.values_list("email_status", flat=True)) == {EmailStatus.HELD}
    assert not inbox_for(applicant).filter(pk__in=held).exists()
    assert mail.outbox == []
    # The beat's sweep of pending e-mails does not touch the outbox.
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    with committing():
        requeue_pending()
    assert mail.outbox == []
    client.force_login(applicant)
    note = held.filter(recipient=applicant).first()
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 404

    with committing():
        publish_plan(campaign=campaign, actor=commission)
    held = Notification.objects.filter(pk__in=held)
    assert set(held.values_list("email_status", flat=True)) <= {EmailStatus.SENT, EmailStatus.SKIPPED}
    assert set(held.values_list("release_key", flat=True)) == {""}
    shown = {n.title for n in inbox_for(applicant)}
    assert "项目“通过的项目”：立项审核通过" in shown and "项目“未通过的项目”：立项未通过" in shown
    subjects = {m.subject for m in mail.outbox if m.to == [applicant.email]}
    assert "【天津市质量攻关】项目“未通过的项目”：立项未通过" in subjects
    assert "【天津市质量攻关】项目“通过的项目”：立项审核通过" in subjects


def test_releasing_twice_sends_nothing_twice(campaign, make_project, applicant, commission):
    project = make_project("recommended")
    with committing():
        transition(project=project, name="approve", actor=commission)
    with committing():
        assert release(f"plan:{campaign.pk}") >= 1
    sent = len(mail.outbox)
    with committing():
        assert release(f"plan:{campaign.pk}") == 0
    assert len(mail.outbox) == sent


def test_another_campaigns_plan_releases_nothing(campaign, make_project, applicant, commission):
    from apps.projects.approval import publish_plan
    from tests.factories import CampaignFactory

    project = make_project("recommended")
    with committing():
        transition(project=project, name="approve", actor=commission)
    with committing():
        publish_plan(campaign=CampaignFactory(year=campaign.year + 1), actor=commission)
    assert set(decision_notes(project, "立项审核通过").values_list("email_status", flat=True)) == {EmailStatus.HELD}


def test_the_decided_list_waits_for_its_notice(campaign, make_reviewed, applicant, commission):
    from apps.awards.signals import notice_published

    (project,) = make_reviewed(1)
    project.award_level = "first"
    project.save(update_fields=["award_level"])
    mail.outbox.clear()
    with committing():
        transition(project=project, name="publicize", actor=commission, notice_ends_on=timezone.localdate())
    notes = decision_notes(project, "公示中")
    assert notes.exists() and set(notes.values_list("email_status", flat=True)) == {EmailStatus.HELD}
    assert mail.outbox == [] and not inbox_for(applicant).filter(pk__in=notes).exists()

    class Published:
        campaign_id = campaign.pk

    with committing():
        notice_published.send(sender=None, award_list=Published())
    assert inbox_for(applicant).filter(pk__in=notes).exists()
    assert [m.subject for m in mail.outbox if m.to == [applicant.email]] == [f"【天津市质量攻关】项目“{project.title}”：公示中"]


def test_publishing_the_notice_tells_the_listed_organisations(campaign, make_reviewed, publish_list, applicant, commission):
    (project,) = make_reviewed(1)
    mail.outbox.clear()
    with committing():
        publish_list(campaign, commission)
    notes = decision_notes(project, "公示中")
    assert notes.exists() and set(notes.values_list("email_status", flat=True)) <= {EmailStatus.SENT, EmailStatus.SKIPPED}
    assert f"【天津市质量攻关】项目“{project.title}”：公示中" in [m.subject for m in mail.outbox]


def test_awards_and_an_upheld_objection_wait_for_the_announcement(campaign, make_reviewed, publish_list, applicant, commission, agency):
    from apps.awards.services import decisions
    from apps.awards.services.objections import decide_objection, lodge_objection, record_investigation

    kept, dropped = make_reviewed(2, levels=["first", "second"])
    with committing():
        publish_list(campaign, commission)
    objection = lodge_objection(
        project=dropped, kind="person", name="孙建平", phone="13920001234", content="该项目的成果效果数据与实际情况不符，存在夸大，请核查。", ip="10.0.0.9"
    )
    record_investigation(objection=objection, actor=agency, investigation="现场核查，数据与申报不符。")
    mail.outbox.clear()
    with committing():
        decide_objection(objection=objection, actor=commission, upheld=True, reason="成果效果数据与核查结果不符，不予授奖。")
    off_list = decision_notes(dropped, "未获奖")
    assert off_list.exists() and set(off_list.values_list("email_status", flat=True)) == {EmailStatus.HELD}
    assert not [m for m in mail.outbox if "未获奖" in m.subject]

    after_the_notice = timezone.now() + datetime.timedelta(days=campaign.notice_days + 1)
    with time_machine.travel(after_the_notice, tick=False), committing():
        decisions.announce(campaign=campaign, actor=commission)
    awarded = decision_notes(kept, "获奖")
    assert awarded.exists()
    for notes in (awarded, off_list):
        assert set(notes.values_list("email_status", flat=True)) <= {EmailStatus.SENT, EmailStatus.SKIPPED}
    subjects = [m.subject for m in mail.outbox]
    assert f"【天津市质量攻关】项目“{kept.title}”：获奖" in subjects
    assert f"【天津市质量攻关】项目“{dropped.title}”：未获奖" in subjects


def test_steps_that_decide_nothing_are_told_at_once(draft, actors, applicant):
    project = bring_to(draft, "submitted", actors=actors)
    with committing():
        transition(project=project, name="return_to_applicant", actor=actors["recommender"], comment="请补充材料")
    notes = decision_notes(project, "退回修改")
    assert notes.exists() and EmailStatus.HELD not in set(notes.values_list("email_status", flat=True))
