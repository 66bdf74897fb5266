"""Training sessions and attendance (第十二条); the tracking service (第十三条)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from apps.campaigns.models import Campaign
from apps.common.access import staff_required
from apps.common.excel import local_time, xlsx_response
from apps.recommenders.models import RecommenderUnit

from apps.training import selectors, services
from apps.office.forms.training import SessionForm
from apps.training.models import TrainingSession
from apps.common.pagination import paginate

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
        "office/training/session_list.html",
        {
            "sessions": selectors.session_list(campaign=campaign),
            "campaign": campaign,
            "campaigns": Campaign.objects.years(),
        },
    )


@staff_required
def session_export(request):
    campaign = _campaign_from(request)
    headers = ["年度", "培训日期", "培训主题", "培训地点", "参训项目数", "参训人数", "说明"]
    rows = [
        [session.campaign.year, session.held_on, session.topic, session.place, session.n_projects, session.n_attendees, session.notes]
        for session in selectors.session_list(campaign=campaign)
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
    return render(request, "office/training/session_form.html", {"form": form, "session": None})


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
    return render(request, "office/training/session_form.html", {"form": form, "session": session})


@staff_required
def session_detail(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("campaign", "created_by"), pk=pk)
    return render(
        request,
        "office/training/session_detail.html",
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
            attendance.project.number,
            attendance.project.title,
            attendance.project.organization.name,
            attendance.project.recommender.name if attendance.project.recommender else "",
            attendance.team_member.name,
            attendance.team_member.get_role_display(),
            attendance.team_member.position,
            local_time(attendance.registered_at),
        ]
        for attendance in selectors.session_attendance(session)
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
    page = paginate(request, selectors.trainable_projects(session.campaign, q=q, recommender=recommender), per_page=PAGE_SIZE)
    present = set(
        session.attendances.filter(project__in=[project.pk for project in page.object_list]).values_list("team_member_id", flat=True)
    )
    filters = {"q": q, "recommender": recommender}
    return render(
        request,
        "office/training/attendance.html",
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


