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
