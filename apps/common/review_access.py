"""Helpers of the review screens. Who may open a page is :mod:`apps.common.access` (the
domain policy); object-level refusals are 404 (the object is not theirs)."""

from apps.campaigns.models import Campaign


def selected_campaign(request):
    """The campaign asked for (``?campaign=<pk>``), else the current one
    (``CampaignQuerySet.current``), else the newest."""
    pk = request.GET.get("campaign") or request.POST.get("campaign")
    if pk and str(pk).isdigit():
        found = Campaign.objects.filter(pk=pk).first()
        if found:
            return found
    return Campaign.objects.current_or_newest()


def client_ip(request):
    return request.META.get("REMOTE_ADDR")
