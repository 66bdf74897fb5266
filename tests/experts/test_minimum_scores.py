"""第十六条: the minimum final score of each level is part of the work plan (defaults 85 / 75 /
60 in the campaign form), used by the proposal, shown and explained on the ranking page."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.campaigns.models import Campaign
from apps.review import services
from apps.review.models import ProposalEntry, ReviewAssignment
from tests.factories import CampaignFactory

from .conftest import full_points, sign


@pytest.mark.django_db
def test_a_new_campaign_has_the_default_minimums():
    campaign = CampaignFactory(year=2027)
    assert (campaign.min_score_first, campaign.min_score_second, campaign.min_score_third) == (
        Decimal("85"),
        Decimal("75"),
        Decimal("60"),
    )


@pytest.mark.django_db
def test_the_campaign_form_offers_the_defaults_and_says_why(client, commission):
    client.force_login(commission)
    body = client.get(reverse("campaigns:create")).content.decode()
    assert 'name="min_score_first" value="85"' in body
    assert 'name="min_score_second" value="75"' in body
    assert 'name="min_score_third" value="60"' in body
    assert "百分制“优秀”档" in body and "合格线" in body


@pytest.mark.django_db
def test_a_lower_level_may_not_need_more_than_a_higher_one():
    campaign = CampaignFactory(year=2027)
    campaign.min_score_second = Decimal("86")
    with pytest.raises(ValidationError) as exc:
        campaign.full_clean()
    assert exc.value.message_dict["min_score_second"] == ["根据第十六条，二等奖最低分不能高于一等奖最低分（85分）。"]
    campaign.min_score_second = Decimal("85")
    campaign.full_clean()
    campaign.min_score_first = None  # no minimum for 一等奖: the others still compare with each other
    campaign.min_score_third = Decimal("90")
    with pytest.raises(ValidationError) as exc:
        campaign.full_clean()
    assert exc.value.message_dict["min_score_third"] == ["根据第十六条，三等奖最低分不能高于二等奖最低分（85分）。"]


@pytest.fixture
def reviewed_at(make_expert, make_project, make_panel, agency, small_campaign):
    """Four projects whose every expert gives 90%, 85%, 70% and 50% of the full marks."""
    experts = [make_expert() for _ in range(3)]
    projects = [make_project(title=f"项目{share}") for share in (90, 85, 70, 50)]
    services.assign_projects(panel=make_panel(experts), projects=projects, actor=agency)
    for e in experts:
        sign(e, small_campaign)
    for p, share in zip(projects, (0.9, 0.85, 0.7, 0.5)):
        for a in ReviewAssignment.objects.filter(project=p).select_related("expert__user", "panel__campaign", "project"):
            services.save_score(assignment=a, actor=a.expert.user, points=full_points(a, share), comment="评语", submit=True)
    return projects


@pytest.mark.django_db
def test_the_proposal_applies_the_defaults(reviewed_at, small_campaign):
    # Quotas are far from full: the minimums alone decide. 85 is exactly 一等奖's minimum.
    levels = {e.project.title: (str(e.score), e.proposed_level) for e in ProposalEntry.objects.select_related("project")}
    assert levels == {
        "项目90": ("90.000", "first"),
        "项目85": ("85.000", "first"),
        "项目70": ("70.000", "third"),
        "项目50": ("50.000", ""),
    }


@pytest.mark.django_db
def test_changing_a_minimum_in_the_plan_reproposes_at_once(reviewed_at, small_campaign):
    small_campaign.min_score_first = Decimal("85.01")
    small_campaign.min_score_third = Decimal("50")
    small_campaign.save()
    levels = {e.project.title: e.proposed_level for e in ProposalEntry.objects.select_related("project")}
    assert levels == {"项目90": "first", "项目85": "second", "项目70": "third", "项目50": "third"}


@pytest.mark.django_db
def test_the_ranking_page_shows_and_explains_the_minimums(client, reviewed_at, agency):
    client.force_login(agency)
    body = client.get(reverse("experts:results")).content.decode()
    assert "各等级最低分（第十六条，本年度工作方案确定）" in body
    assert "85分" in body and "75分" in body and "60分" in body
    assert "名额有余也不降低标准" in body
    # 70 misses 二等奖's 75; 50 is below 三等奖's 60.
    assert "未达二等奖最低分75分（第十六条）" in body
    assert "低于三等奖最低分60分（第十六条）" in body
