"""Two people approve one project at the same moment: exactly one wins (DESIGN.md §2)."""

import threading

import pytest
from django.db import connections

from apps.projects.models import Project, ProjectTransition
from apps.projects.services import TransitionRefused, transition
from tests.factories import bring_to, ready_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]




def race(project_pk, actors, name):
    """Fire ``name`` from several threads released together; return (winners, refusals)."""
    barrier = threading.Barrier(len(actors))
    winners, refusals = [], []

    def act(actor):
        try:
            # Each thread loaded the project before the other acted: the same stale view.
            project = Project.objects.get(pk=project_pk)
            barrier.wait(timeout=10)
            transition(project=project, name=name, actor=actor, comment="并发测试")
            winners.append(actor)
        except TransitionRefused as exc:
            refusals.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return winners, refusals


def test_two_commission_users_approve_at_once(campaign, organization, recommender_unit, applicant, recommender, commission, agency):
    from apps.accounts.roles import Role
    from tests.factories import make_user

    second = make_user(Role.COMMISSION)
    project = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant)
    actors = {"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency}
    bring_to(project, "recommended", actors=actors)
    for _ in range(3):  # repeat on fresh projects: the race must never produce two winners
        winners, refusals = race(project.pk, [commission, second], "approve")
        assert len(winners) == 1, refusals
        assert len(refusals) == 1
        assert refusals[0].code == "conflict"
        assert "已被他人处理" in refusals[0].message
        assert ProjectTransition.objects.filter(project_id=project.pk, transition="approve").count() == 1
        assert Project.objects.get(pk=project.pk).state == "approved"
        project = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant, title="再来一次")
        bring_to(project, "recommended", actors=actors)


def test_approve_and_reject_race(campaign, organization, recommender_unit, applicant, recommender, commission, agency):
    from apps.accounts.roles import Role
    from tests.factories import make_user

    second = make_user(Role.COMMISSION)
    project = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant)
    bring_to(project, "recommended", actors={"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency})
    barrier = threading.Barrier(2)
    outcomes = []

    def act(actor, name):
        try:
            stale = Project.objects.get(pk=project.pk)
            barrier.wait(timeout=10)
            transition(project=stale, name=name, actor=actor, comment="并发")
            outcomes.append(name)
        except TransitionRefused as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(commission, "approve")), threading.Thread(target=act, args=(second, "reject"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) in (["approve", "conflict"], ["conflict", "reject"])
    assert ProjectTransition.objects.filter(project_id=project.pk, from_state="recommended").count() == 1


def _hold_row_lock(project_pk, seconds, locked):
    """In another connection: lock the project's row for ``seconds`` (a stuck transaction)."""
    from django.db import transaction

    try:
        with transaction.atomic():
            Project.objects.select_for_update().get(pk=project_pk)
            locked.set()
            import time

            time.sleep(seconds)
    finally:
        connections.close_all()


def test_a_held_row_lock_gives_up_with_already_handled(settings, client, campaign, organization, recommender_unit, applicant, recommender, commission, agency):
    """A row held by a stuck transaction: the door waits at most TJQA_LOCK_TIMEOUT_MS and
    answers 已被他人处理, leaving the project unchanged (the request never hangs)."""
    settings.TJQA_LOCK_TIMEOUT_MS = 300
    project = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant)
    bring_to(project, "recommended", actors={"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency})
    locked = threading.Event()
    holder = threading.Thread(target=_hold_row_lock, args=(project.pk, 5, locked))
    holder.start()
    try:
        assert locked.wait(10)
        with pytest.raises(TransitionRefused) as refused:
            transition(project=Project.objects.get(pk=project.pk), name="approve", actor=commission, comment="同意")
        assert refused.value.code == "conflict" and "已被他人处理" in refused.value.message
        # Through the screen: the message, not a hanging request or a 500.
        client.force_login(commission)
        response = client.post(
            f"/projects/{project.pk}/act/", {"name": "approve", "comment": "同意", "expected_state": "recommended"}, follow=True
        )
        assert response.status_code == 200 and "已被他人处理" in response.content.decode()
    finally:
        holder.join(timeout=30)
    assert Project.objects.get(pk=project.pk).state == "recommended"
    assert not ProjectTransition.objects.filter(project_id=project.pk, transition="approve").exists()
