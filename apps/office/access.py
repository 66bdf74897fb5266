"""Helpers of the campaign screens. Who may open them is :mod:`apps.common.access`: the agency
does the administrative work on the commission's behalf (第五条(二)); final decisions are the
commission's alone (第十一条)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from apps.campaigns.models import Campaign


def campaign_or_404(year):
    return get_object_or_404(Campaign, year=year)


def redirect_to_current(request, url_name):
    """The navigation links to the current campaign's page of ``url_name``."""
    campaign = Campaign.objects.current_or_newest()
    if campaign is None:
        messages.info(request, "尚无年度工作方案，请先制定工作方案（第八条）。")
        return redirect("campaigns:list")
    return redirect(url_name, year=campaign.year)
