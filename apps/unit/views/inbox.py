"""The recommender unit's screens: the inbox of applications routed to it (第九条), the
verification screen with its checklist (第十条) and the results evaluation (第十五条)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from apps.common.excel import local_time, xlsx_response
from apps.projects import similarity, stamped, versions
from apps.projects.selectors import timeline
from apps.projects.services import CONFLICT_MESSAGE, TransitionRefused, allowed_transitions
from apps.projects.states import State

from apps.projects import unit_inbox, verification
from apps.unit.filters import InboxFilter
from apps.unit.forms import DECISIONS, VerificationForm
from apps.common.pagination import paginate

PAGE_SIZE = 50
STAGE_OF_STATE = {State.SUBMITTED: "application", State.RESULTS_SUBMITTED: "results"}


def _require_recommender(user):
    # A page of no one else's: 404 for every other role (apps.recommenders.policy).
    if not rules.has_perm("recommenders.use_inbox", user):
        raise Http404("仅推荐单位可以访问")


@login_required
def inbox(request):
    """推荐审核: the unit's applications and results, filterable by state, district, industry."""
    _require_recommender(request.user)
    projects = unit_inbox.inbox(request.user)
    f = InboxFilter(request.GET or None, queryset=projects)
    counts = unit_inbox.inbox_counts(request.user, projects)
    # Unfiltered, the list is the whole inbox, whose rows were just counted by state.
    unfiltered = not f.is_bound or (f.is_valid() and not any(f.form.cleaned_data.values()))
    # Read as it is, not keys first: PostgreSQL finds the inbox's page from the organisations in
    # scope already (the unit's own choice, recommender_id, narrows it), and the keys' subquery
    # cost more to plan and compile than it saved (apps.projects.rows.keys_first).
    page = paginate(request, f.qs.for_rows(keys_first=False), per_page=PAGE_SIZE, count=counts["total"] if unfiltered else None)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "unit/recommenders/inbox.html",
        {
            "filter": f,
            "page": page,
            "projects": page.object_list,
            "querystring": params.urlencode(),
            "counts": counts,
            "unit": request.user.recommender,
        },
    )


@login_required
def inbox_export(request):
    _require_recommender(request.user)
    f = InboxFilter(request.GET or None, queryset=unit_inbox.inbox(request.user))
    headers = ["项目编号", "年度", "项目名称", "申报组织", "统一社会信用代码", "所在区", "所属行业", "攻关方向", "状态", "提交时间", "推荐意见"]
    rows = (
        (
            project.number,
            project.campaign.year,
            project.title,
            project.organization.name,
            project.organization.credit_code,
            project.organization.get_district_display(),
            project.organization.get_industry_display(),
            project.get_category_display(),
            project.get_state_display(),
            local_time(project.submitted_at),
            project.recommender_opinion,
        )
        for project in f.qs.showing("recommender_opinion").iterator(chunk_size=2000)
    )
    return xlsx_response(f"{request.user.recommender.name}-推荐审核", headers, rows, title="推荐审核")


@login_required
def review(request, pk):
    """第十条 / 第十五条: verify with the checklist, give the opinion, and decide."""
    _require_recommender(request.user)
    project = unit_inbox.project_for_review(request.user, pk)
    if project is None:
        raise Http404("项目不存在或不属于本推荐单位")
    stage = STAGE_OF_STATE.get(project.state)
    # The duplicate check is read with the project (project_for_review), the log once below.
    check = similarity.fingerprint_shown(project)
    flagged = stage == "application" and similarity.flagged(project, check) and check.acknowledged_at is None
    form = None
    if stage is not None:
        data = request.POST if request.method == "POST" else None
        form = VerificationForm(data, stage=stage, similarity_flagged=flagged, initial={"expected_state": project.state})
        if request.method == "POST":
            if form.is_valid():
                try:
                    verification.verify_and_decide(
                        project=project,
                        actor=request.user,
                        stage=stage,
                        answers=form.answers(),
                        opinion=form.cleaned_data["opinion"].strip(),
                        decision=form.cleaned_data["decision"],
                        expected_state=form.cleaned_data["expected_state"],
                        acknowledge_similarity=bool(form.cleaned_data.get("acknowledge_similarity")),
                    )
                except TransitionRefused as exc:
                    messages.error(request, exc.message)
                    if exc.code == "conflict":
                        return redirect("recommenders:review", pk=pk)
                else:
                    messages.success(request, f"已办理：{project.get_state_display()}。")
                    return redirect("recommenders:review", pk=pk)
            else:
                messages.error(request, "请按提示完成核查清单和意见。您已填写的内容已保留。")
    elif request.method == "POST":
        if request.POST.get("expected_state") not in (None, "", project.state):
            messages.error(request, CONFLICT_MESSAGE.format(state=project.get_state_display()))
        else:
            messages.error(request, f"项目当前状态为“{project.get_state_display()}”，无需推荐单位办理。")
        return redirect("recommenders:review", pk=pk)
    allowed = {action.name for action in allowed_transitions(project, request.user)}
    rows = unit_inbox.review_rows(project)
    log, attachments = rows["log"], rows["attachments"]
    return render(
        request,
        "unit/recommenders/review.html",
        {
            "project": project,
            "stage": stage,
            "form": form,
            "decisions": [(name, label) for name, label in DECISIONS.get(stage, []) if name in allowed],
            "metrics": rows["metrics"],
            "team": rows["team"],
            "application_files": [attachment for attachment in attachments if attachment.kind == "application"],
            "results_files": [attachment for attachment in attachments if attachment.kind == "results"],
            "stamped": [group for group in stamped.overview(attachments) if group["current"] or group["stage"] == "application" or stage == "results"],
            "timeline": timeline(project, log=log, check=check),
            "similarity_check": check,
            "similar": similarity.stored_warnings(check),
            "resubmission": versions.changes_since_previous_submission(project, log, metrics=rows["metrics"], team=rows["team"]),
            "verifications": unit_inbox.verifications_shown(project, request.user.recommender_id),
        },
    )
