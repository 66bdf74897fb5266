"""第十三条: the tracking service. The recommending unit records its visits on the projects it
recommended once they are in the plan; programme staff read them."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from apps.campaigns.models import Campaign, current_among
from apps.common.excel import xlsx_response
from apps.common.forms import add_validation_errors
from apps.common.links import link_for_each
from apps.projects.selectors import visible_projects
from apps.training import selectors, services
from apps.training.models import TrackingVisit
from apps.unit.forms import VisitForm
from apps.common.pagination import paginate

PAGE_SIZE = 30


ALL_YEARS = "all"


def _campaign_from(request, campaigns=None):
    """The year asked for; without one, the current year's plan (第十三条: tracking follows the
    projects being carried out now), and every year only when asked (``?year=all``). Looked
    for among ``campaigns`` (every campaign, newest first) when the screen has read them."""
    year = request.GET.get("year", "")
    if year.isdigit():
        if campaigns is None:
            return Campaign.objects.filter(year=int(year)).first()
        return next((campaign for campaign in campaigns if campaign.year == int(year)), None)
    if year == ALL_YEARS:
        return None
    return Campaign.objects.current() if campaigns is None else current_among(campaigns)


def _tracking_user(user):
    if not rules.has_perm("training.see_tracking", user):
        raise PermissionDenied("跟踪服务由推荐单位开展（第十三条）。")


@login_required
def tracking_list(request):
    _tracking_user(request.user)
    # The year select lists every campaign: the one shown is read among them, not again; of
    # each, what the screen reads (the year, whether it is published: current_among).
    campaigns = list(Campaign.objects.order_by("-year").only("pk", "year", "published"))
    campaign = _campaign_from(request, campaigns)
    # Paged by position: a page's rows are read by its bounds (selectors.tracking_page).
    page = paginate(request, range(selectors.tracking_count(request.user, campaign=campaign)), per_page=PAGE_SIZE)
    projects = selectors.tracking_page(request.user, page, campaign=campaign)
    tracking_link = link_for_each("training:tracking_project")
    for project in projects:
        project["tracking_url"] = tracking_link(project["pk"])
    return render(
        request,
        "unit/training/tracking_list.html",
        {
            "page": page,
            "projects": projects,
            "campaign": campaign,
            "campaigns": [campaign.year for campaign in campaigns],
            "all_years": ALL_YEARS,
            "recent": selectors.recent_visits(request.user, campaign=campaign),
        },
    )


@login_required
def tracking_export(request):
    _tracking_user(request.user)
    headers = ["服务日期", "服务方式", "项目编号", "项目名称", "申报组织", "推荐单位", "参加人员", "进度与发现的问题", "指导意见", "记录人"]
    rows = [
        [
            visit.visited_on,
            visit.get_form_display(),
            visit.project.number,
            visit.project.title,
            visit.project.organization.name,
            visit.recommender.name,
            visit.participants,
            visit.findings,
            visit.guidance,
            str(visit.recorded_by or ""),
        ]
        for visit in selectors.tracking_visits(request.user, campaign=_campaign_from(request))
    ]
    return xlsx_response("跟踪服务记录", headers, rows, title="跟踪服务")


def _trackable_project(user, pk):
    # 404 for a project the user may not see (another unit's, another organisation's).
    return get_object_or_404(
        visible_projects(user).filter(state__in=selectors.TRACKABLE_STATES), pk=pk
    )


@login_required
def tracking_project(request, pk):
    """第十三条: the visits on one project; its recommender unit records a new one here."""
    project = _trackable_project(request.user, pk)
    may_record = services.may_record_visit(project, request.user)
    if request.method == "POST" and not may_record:
        raise PermissionDenied("根据第十三条，跟踪服务由项目所属推荐单位在项目列入计划后开展。")
    form = VisitForm(request.POST or None) if may_record else None
    if request.method == "POST" and form.is_valid():
        try:
            services.record_visit(project=project, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "跟踪服务记录已保存，申报组织可以看到。")
            return redirect("training:tracking_project", pk=project.pk)
    return render(
        request,
        "unit/training/tracking_project.html",
        {"project": project, "visits": selectors.visits_for_project(project), "form": form, "may_record": may_record},
    )


@login_required
def visit_edit(request, pk):
    visit = get_object_or_404(TrackingVisit.objects.select_related("project"), pk=pk)
    project = _trackable_project(request.user, visit.project_id)
    if not (services.may_record_visit(project, request.user) and visit.recommender_id == request.user.recommender_id):
        raise PermissionDenied("根据第十三条，跟踪服务记录由项目所属推荐单位维护。")
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_visit(visit=TrackingVisit.objects.get(pk=pk), actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "跟踪服务记录已更新。")
            return redirect("training:tracking_project", pk=project.pk)
    return render(request, "unit/training/visit_form.html", {"form": form, "visit": visit, "project": project})
