"""The campaign a review screen shows: the one asked for, else the current one, else the newest."""

import datetime

import pytest
import time_machine
from django.test import RequestFactory

from apps.campaigns.models import Campaign
from apps.common.review_access import selected_campaign
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _asked(query=""):
    return selected_campaign(RequestFactory().get("/experts/results/" + query))


@time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_the_campaign_asked_for_else_the_current_else_the_newest():
    assert _asked() is None
    older, this_year = CampaignFactory(year=2025), CampaignFactory(year=2026, published=False)
    assert _asked() == older == Campaign.objects.current()  # this year's is not published
    Campaign.objects.filter(pk=older.pk).update(published=False)
    assert _asked() == this_year  # none published: the newest
    Campaign.objects.filter(pk=this_year.pk).update(published=True)
    assert _asked() == this_year == Campaign.objects.current()
    assert _asked(f"?campaign={older.pk}") == older
    assert _asked("?campaign=999999") == this_year and _asked("?campaign=x") == this_year
