"""Training sessions and attendance (第十二条); the tracking service (第十三条)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from apps.campaigns.models import Campaign
from apps.campaigns.views.access import staff_required
from apps.portal.excel import local_time, xlsx_response
from apps.portal.forms import add_validation_errors
from apps.projects.selectors import visible_projects
from apps.recommenders.models import RecommenderUnit

from . import selectors, services
from .forms import SessionForm, VisitForm
from .models import TrackingVisit, TrainingSession

PAGE_SIZE = 30


def _campaign_from(request):
    year = request.GET.get("year", "")
    if year.isdigit():
        return Campaign.objects.filter(year=int(year)).first()
    return None


# ---- 第十二条: training sessions ----------------------------------------------------------


@staff_required
def session_list(request):
    campaign = _campaign_from(request)
    return render(
        request,
        "training/session_list.html",
        {
            "sessions": selectors.session_list(campaign=campaign),
            "campaign": campaign,
            "campaigns": Campaign.objects.order_by("-year").values_list("year", flat=True),
        },
    )


@staff_required
def session_export(request):
    campaign = _campaign_from(request)
    headers = ["年度", "培训日期", "培训主题", "培训地点", "参训项目数", "参训人数", "说明"]
    rows = [
        [s.campaign.year, s.held_on, s.topic, s.place, s.n_projects, s.n_attendees, s.notes]
        for s in selectors.session_list(campaign=campaign)
    ]
    return xlsx_response("质量攻关培训", headers, rows, title="培训")


@staff_required
def session_create(request):
    initial = {"campaign": _campaign_from(request) or Campaign.objects.current()}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "培训已登记，请登记参训人员。")
            return redirect("training:attendance", pk=session.pk)
    return render(request, "training/session_form.html", {"form": form, "session": None})


@staff_required
def session_edit(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(session=TrainingSession.objects.get(pk=pk), actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "培训信息已保存。")
            return redirect("training:session_detail", pk=pk)
    return render(request, "training/session_form.html", {"form": form, "session": session})


@staff_required
def session_detail(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("campaign", "created_by"), pk=pk)
    return render(
        request,
        "training/session_detail.html",
        {"session": session, "attendances": selectors.session_attendance(session)},
    )


@staff_required
def session_attendance_export(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    headers = ["培训日期", "培训主题", "项目编号", "项目名称", "申报组织", "推荐单位", "姓名", "角色（第十二条）", "职务/岗位", "登记时间"]
    rows = [
        [
            session.held_on,
            session.topic,
            a.project.number,
            a.project.title,
            a.project.organization.name,
            a.project.recommender.name if a.project.recommender else "",
            a.team_member.name,
            a.team_member.get_role_display(),
            a.team_member.position,
            local_time(a.registered_at),
        ]
        for a in selectors.session_attendance(session)
    ]
    return xlsx_response(f"培训签到-{session.held_on:%Y%m%d}", headers, rows, title="参训人员")


@staff_required
def attendance(request, pk):
    """第十二条: tick who of each project's 质量负责人、项目负责人、技术骨干 attended."""
    session = get_object_or_404(TrainingSession.objects.select_related("campaign"), pk=pk)
    q = request.GET.get("q", "").strip()[:50]
    recommender = request.GET.get("recommender", "")
    recommender = recommender if recommender.isdigit() else ""
    if request.method == "POST":
        try:
            shown = [int(v) for v in request.POST.getlist("shown")]
            present = [int(v) for v in request.POST.getlist("present")]
        except ValueError:
            raise PermissionDenied("参训人员编号无效。") from None
        try:
            added, removed = services.register_attendance(
                session=session, shown_member_ids=shown, present_member_ids=present, actor=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已保存签到：新增{added}人，取消{removed}人。")
        return redirect(request.get_full_path())
    page = Paginator(selectors.trainable_projects(session.campaign, q=q, recommender=recommender), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    present = set(
        session.attendances.filter(project__in=[p.pk for p in page.object_list]).values_list("team_member_id", flat=True)
    )
    filters = {"q": q, "recommender": recommender}
    return render(
        request,
        "training/attendance.html",
        {
            "session": session,
            "page": page,
            "projects": page.object_list,
            "present": present,
            "filters": filters,
            "querystring": urlencode({k: v for k, v in filters.items() if v}),
            "recommenders": RecommenderUnit.objects.order_by("kind", "name").only("pk", "name"),
        },
    )


# ---- 第十三条: the tracking service -------------------------------------------------------


def _tracking_user(user):
    if not (user.is_programme_staff or user.is_recommender):
        raise PermissionDenied("跟踪服务由推荐单位开展（第十三条）。")


@login_required
def tracking_list(request):
    _tracking_user(request.user)
    campaign = _campaign_from(request)
    page = Paginator(selectors.tracking_projects(request.user, campaign=campaign), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "training/tracking_list.html",
        {
            "page": page,
            "projects": page.object_list,
            "campaign": campaign,
            "campaigns": Campaign.objects.order_by("-year").values_list("year", flat=True),
            "recent": selectors.tracking_visits(request.user, campaign=campaign)[:10],
        },
    )


@login_required
def tracking_export(request):
    _tracking_user(request.user)
    headers = ["服务日期", "服务方式", "项目编号", "项目名称", "申报组织", "推荐单位", "参加人员", "进度与发现的问题", "指导意见", "记录人"]
    rows = [
        [
            v.visited_on,
            v.get_form_display(),
            v.project.number,
            v.project.title,
            v.project.organization.name,
            v.recommender.name,
            v.participants,
            v.findings,
            v.guidance,
            str(v.recorded_by or ""),
        ]
        for v in selectors.tracking_visits(request.user, campaign=_campaign_from(request))
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
        "training/tracking_project.html",
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
    return render(request, "training/visit_form.html", {"form": form, "visit": visit, "project": project})
