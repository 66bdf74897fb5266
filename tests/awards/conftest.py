import datetime
from functools import partial

import pytest
from django.core.cache import cache, caches
from django.test import TestCase
from django.utils import timezone

from apps.awards.services import decisions
from apps.review.models import ProposalEntry
from tests.factories import OrganizationFactory, bring_to, ready_application

# Run the on-commit callbacks (Celery tasks queued after commit) inside a test transaction.
committing = partial(TestCase.captureOnCommitCallbacks, execute=True)


@pytest.fixture(autouse=True)
def _clear_rate_limits(django_db_setup, django_db_blocker):
    # The rate limits count in the "ratelimit" cache (the database cache without Redis).
    with django_db_blocker.unblock():
        cache.clear()
        caches["ratelimit"].clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()
        caches["ratelimit"].clear()


@pytest.fixture
def make_reviewed(campaign, organization, recommender_unit, applicant, actors):
    """``make_reviewed(n, levels=[...])``: n projects in ``reviewed`` through the real
    transitions, each with a panel proposal (rank i+1, the given proposed level)."""
    from apps.accounts.roles import Role
    from tests.factories import make_user

    def make(n=1, levels=None, same_org=True):
        levels = levels or ["first"] * n
        projects = []
        for i in range(n):
            org = organization if (same_org or i == 0) else OrganizationFactory()
            who = dict(actors)
            if org != organization:
                who["applicant"] = make_user(Role.APPLICANT, organization=org)
            p = ready_application(campaign=campaign, organization=org, recommender=recommender_unit, created_by=who["applicant"], title=f"降低焊接返修率攻关{i + 1}")
            bring_to(p, "reviewed", actors=who)
            ProposalEntry.objects.create(campaign=campaign, project=p, rank=i + 1, score=90 - i, proposed_level=levels[i] or "")
            projects.append(p)
        return projects

    return make


def publish(campaign, commission, *, days_ago=None):
    """Open the proposal and publish it; ``days_ago`` starts the notice in the past."""
    decisions.open_list(campaign=campaign, actor=commission)
    starts_on = timezone.localdate() - datetime.timedelta(days=days_ago) if days_ago is not None else None
    return decisions.publish_list(campaign=campaign, actor=commission, starts_on=starts_on)


@pytest.fixture
def publish_list():
    return publish


@pytest.fixture
def announce_awards(campaign, commission, make_reviewed, publish_list):
    """``announce_awards(n, levels)``: n projects awarded through the real path."""

    def make(n=1, levels=None, best_units=()):
        projects = make_reviewed(n, levels=levels)
        decisions.open_list(campaign=campaign, actor=commission)
        if best_units:
            from apps.awards.models import AwardList, BestOrganizationAward

            al = AwardList.objects.get(campaign=campaign)
            for i, unit in enumerate(best_units):
                BestOrganizationAward.objects.create(award_list=al, recommender=unit, rank=i + 1, proposed=True, selected=True)
        decisions.publish_list(campaign=campaign, actor=commission, starts_on=timezone.localdate() - datetime.timedelta(days=campaign.notice_days))
        decisions.announce(campaign=campaign, actor=commission)
        for p in projects:
            p.refresh_from_db()
        return projects

    return make
