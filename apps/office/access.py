"""Who may open the campaign screens. The agency does the administrative work on the
commission's behalf (第五条(二)); final decisions are the commission's alone (第十一条)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from apps.campaigns.models import Campaign


def _gate(test, message):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not test(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _gate(lambda u: u.is_programme_staff, "仅市市场监管委和第三方机构可以访问此页面。")
COMMISSION_ONLY = "此为市市场监管委的最终决定事项，第三方机构仅办理事务性工作（第五条、第十一条）。"
commission_required = _gate(lambda u: u.is_commission, COMMISSION_ONLY)


def campaign_or_404(year):
    return get_object_or_404(Campaign, year=year)


def redirect_to_current(request, url_name):
    """The navigation links to the current campaign's page of ``url_name``."""
    campaign = Campaign.objects.current() or Campaign.objects.order_by("-year").first()
    if campaign is None:
        messages.info(request, "尚无年度工作方案，请先制定工作方案（第八条）。")
        return redirect("campaigns:list")
    return redirect(url_name, year=campaign.year)
