"""Who may open which review page. Object-level refusals are 404 (the object is not theirs)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from apps.campaigns.models import Campaign


def _require(test):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied("您无权访问此页面。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _require(lambda u: u.is_programme_staff)  # commission or agency: read
agency_required = _require(lambda u: u.is_agency)  # the agency operates the pool and panels
expert_required = _require(lambda u: u.is_expert)


def selected_campaign(request):
    pk = request.GET.get("campaign") or request.POST.get("campaign")
    if pk and str(pk).isdigit():
        found = Campaign.objects.filter(pk=pk).first()
        if found:
            return found
    return Campaign.objects.current() or Campaign.objects.order_by("-year").first()


def client_ip(request):
    return request.META.get("REMOTE_ADDR")
