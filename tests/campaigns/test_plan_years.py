"""第十一条: the years offered for browsing the published plan are those whose plan holds a
project: a published work plan with no project in its plan is not offered, nor an unpublished one."""

import pytest

from apps.campaigns.models import Campaign
from apps.projects.campaign_selectors import plan_years
from apps.projects.models import Project
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_only_years_with_a_project_in_the_plan(campaign, make_project):
    empty = CampaignFactory(year=campaign.year - 1)
    hidden = CampaignFactory(year=campaign.year - 2, published=False)
    make_project("approved", title="已批准未入计划")
    assert plan_years() == []
    in_plan = make_project("in_progress", title="已列入计划")
    assert plan_years() == [campaign.year]
    # An unpublished year with a project in its plan stays hidden.
    Project.objects.filter(pk=in_plan.pk).update(campaign=hidden)
    assert plan_years() == []
    Project.objects.filter(pk=in_plan.pk).update(campaign=empty)
    assert plan_years() == [campaign.year - 1]
    assert Campaign.objects.count() == 3
