"""第六条: a district bureau confirms the organisations that state its district while their
统一社会信用代码 names another one; until then the bureau of the code's district recommends them."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.organizations.models import Organization
from apps.recommenders.scope import confirm_district, confirmed_districts, districts_to_confirm, withdraw_district_confirmation


@login_required
def district_list(request):
    if not rules.has_perm("recommenders.use_inbox", request.user):
        raise Http404("仅推荐单位可以访问")
    unit = request.user.recommender
    return render(
        request,
        "unit/recommenders/districts.html",
        {"unit": unit, "organizations": districts_to_confirm(unit), "confirmed": confirmed_districts(unit)},
    )


@login_required
@require_POST
def confirm(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    if not rules.has_perm("recommenders.confirm_district", request.user, organization):
        raise Http404("仅该区市场监督管理部门可以确认")
    confirm_district(organization=organization, unit=request.user.recommender)
    messages.success(request, f"已确认“{organization.name}”属于{organization.get_district_display()}（第六条）。")
    return redirect("recommenders:districts")


@login_required
@require_POST
def withdraw(request, pk):
    """第六条: the bureau withdraws its confirmation; the organisation's applications waiting at
    the bureau go back to the applicant (第九条, apps.projects.scope_changes)."""
    organization = get_object_or_404(Organization, pk=pk)
    if not rules.has_perm("recommenders.confirm_district", request.user, organization):
        raise Http404("仅该区市场监督管理部门可以撤回确认")
    withdraw_district_confirmation(organization=organization, unit=request.user.recommender)
    messages.success(
        request,
        f"已撤回对“{organization.name}”所在区的确认（第六条）；其提交至本单位、尚未推荐的申报已退回申报组织（第九条）。",
    )
    return redirect("recommenders:districts")
