"""Helpers of the review screens. Who may open a page is :mod:`apps.common.access` (the
domain policy); object-level refusals are 404 (the object is not theirs)."""

from apps.campaigns.models import Campaign


def selected_campaign(request):
    pk = request.GET.get("campaign") or request.POST.get("campaign")
    if pk and str(pk).isdigit():
        found = Campaign.objects.filter(pk=pk).first()
        if found:
            return found
    return Campaign.objects.current() or Campaign.objects.order_by("-year").first()


def client_ip(request):
    return request.META.get("REMOTE_ADDR")
