"""The campaign users see (CampaignQuerySet.current): this year's if published, else the latest
published; current_among picks the same one among campaigns a screen has read."""

import pytest
from django.utils import timezone

from apps.campaigns.models import Campaign, current_among
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _current_year():
    return timezone.localdate().year


def test_this_years_published_campaign_is_current_before_a_later_one():
    year = _current_year()
    CampaignFactory(year=year + 1)
    CampaignFactory(year=year)
    CampaignFactory(year=year - 1)
    assert Campaign.objects.current().year == year
    assert current_among(list(Campaign.objects.order_by("-year"))).year == year


def test_without_this_years_plan_published_the_latest_published_is_current():
    year = _current_year()
    CampaignFactory(year=year, published=False)
    CampaignFactory(year=year - 1)
    CampaignFactory(year=year - 2)
    assert Campaign.objects.current().year == year - 1
    assert current_among(list(Campaign.objects.order_by("-year"))).year == year - 1


def test_no_published_campaign_none_is_current():
    CampaignFactory(year=_current_year(), published=False)
    assert Campaign.objects.current() is None
    assert current_among(list(Campaign.objects.order_by("-year"))) is None
    assert current_among([]) is None
