"""第四条: 一等奖 ≤50, 二等奖 ≤100, 三等奖 ≤200, 最佳组织奖 ≤5."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.campaigns.models import Campaign
from apps.projects.services import TransitionRefused, transition
from tests.factories import CampaignFactory, bring_to, ready_application


def test_defaults_are_the_maxima(campaign):
    assert (campaign.quota_first, campaign.quota_second, campaign.quota_third, campaign.quota_best_organization) == (50, 100, 200, 5)


@pytest.mark.parametrize("field,value", [("quota_first", 51), ("quota_second", 101), ("quota_third", 201), ("quota_best_organization", 6)])
def test_quota_above_maximum_refused(campaign, field, value):
    setattr(campaign, field, value)
    with pytest.raises(ValidationError) as exc:
        campaign.full_clean()
    assert any("第四条" in m for m in exc.value.message_dict[field])
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(**{field: value})


def test_quota_at_maximum_accepted(campaign):
    campaign.quota_first = 50
    campaign.full_clean()


def test_dates_in_order(campaign):
    campaign.application_closes = campaign.application_opens.replace(year=campaign.application_opens.year - 1)
    with pytest.raises(ValidationError) as exc:
        campaign.full_clean()
    assert "application_closes" in exc.value.message_dict


def test_level_cannot_exceed_quota(db, applicant, recommender, commission, agency, organization, recommender_unit):
    campaign = CampaignFactory(quota_first=1)
    actors = {"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency}
    first = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant)
    bring_to(first, "publicized", actors=actors, level="first")
    second = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant, title="另一项目")
    bring_to(second, "reviewed", actors=actors)
    second.award_level = "first"
    second.save(update_fields=["award_level"])
    with pytest.raises(TransitionRefused) as exc:
        transition(project=second, name="publicize", actor=commission)
    assert "第四条" in exc.value.message and "已满" in exc.value.message
    second.refresh_from_db()
    assert second.state == "reviewed"
    second.award_level = "second"
    second.save(update_fields=["award_level"])
    transition(project=second, name="publicize", actor=commission)
    assert second.state == "publicized"
