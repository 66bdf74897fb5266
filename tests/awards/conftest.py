import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.awards.services import decisions
from apps.experts.models import ProposalEntry
from tests.factories import OrganizationFactory, bring_to, ready_application


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def actors(applicant, recommender, commission, agency):
    return {"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency}


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
