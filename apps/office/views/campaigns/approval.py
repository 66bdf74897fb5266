"""立项审核 (第十一条): the queue of recommended projects, the decisions one by one and in a
batch, the duplicate check side by side (第七条(四)) and the publication of the project plan."""

from types import SimpleNamespace
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.organizations.choices import District, Industry
from apps.common.excel import local_time, xlsx_response
from apps.projects import similarity
from apps.projects.models import Finding
from apps.projects.selectors import timeline, visible_projects
from apps.projects.states import State
from apps.recommenders.models import RecommenderUnit

from apps.projects import approval
from apps.projects import campaign_selectors as selectors
from apps.office.forms.campaigns import BatchDecisionForm, DecisionForm, FindingForm
from apps.common.access import COMMISSION_ONLY, commission_required, staff_required
from apps.common.pagination import paginate
from apps.office.access import campaign_or_404, redirect_to_current

PAGE_SIZE = 50
BATCH_SESSION_KEY = "approval_batch_outcomes"
BATCH_INPUT_SESSION_KEY = "approval_batch_input"  # what was ticked and typed, kept on an error


def _filters(request):
    return {
        "district": request.GET.get("district", ""),
        "industry": request.GET.get("industry", ""),
        "recommender": request.GET.get("recommender", "") if request.GET.get("recommender", "").isdigit() else "",
    }


@staff_required
def current(request):
    """The 立项审核 queue of the current campaign (the navigation links here)."""
    return redirect_to_current(request, "campaigns:approval")


@staff_required
def queue(request, year):
    campaign = campaign_or_404(year)
    filters = _filters(request)
    n_queue, n_approved = selectors.approval_counts(campaign, **filters)
    # A list the counts say is empty is neither built nor read (most of the year, both are).
    queue = selectors.approval_queue(campaign, **filters) if n_queue else []
    page = paginate(request, queue, per_page=PAGE_SIZE, count=n_queue)
    # The approved list pages on its own (?approved_page=), apart from the queue.
    approved = selectors.approved_awaiting_plan(campaign) if n_approved else []
    approved = paginate(request, approved, per_page=PAGE_SIZE, param="approved_page", count=n_approved)
    kept = request.session.pop(BATCH_INPUT_SESSION_KEY, None) or {}
    return render(
        request,
        "office/campaigns/approval_queue.html",
        {
            "campaign": campaign,
            "page": page,
            "projects": page.object_list,
            "approved": approved,
            "filters": filters,
            "querystring": urlencode({k: v for k, v in filters.items() if v}),
            "districts": District.choices,
            "industries": Industry.choices,
            "recommenders": RecommenderUnit.objects.order_by("kind", "name").values_list("pk", "name"),
            "form": BatchDecisionForm(initial={"decision": kept.get("decision"), "comment": kept.get("comment", "")}),
            "ticked": {int(pk) for pk in kept.get("projects", []) if str(pk).isdigit()},
            "outcomes": request.session.pop(BATCH_SESSION_KEY, None),
            "may_decide": rules.has_perm("campaigns.decide", request.user),
            "threshold": similarity.WARNING_THRESHOLD,
        },
    )


@require_POST
@commission_required
def batch(request, year):
    """第十一条: the same decision for each ticked project; each goes through the state machine
    on its own, and the outcome of each is reported."""
    campaign = campaign_or_404(year)
    form = BatchDecisionForm(request.POST)
    back = reverse("campaigns:approval", kwargs={"year": campaign.year})
    if request.POST.get("next", "").startswith(back):
        back = request.POST["next"]
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        request.session[BATCH_INPUT_SESSION_KEY] = {
            "projects": request.POST.getlist("projects"),
            "decision": request.POST.get("decision", ""),
            "comment": request.POST.get("comment", ""),
        }
        return redirect(back)
    outcomes = approval.decide_batch(
        campaign=campaign,
        project_ids=form.cleaned_data["projects"],
        decision=form.cleaned_data["decision"],
        actor=request.user,
        comment=form.cleaned_data["comment"],
    )
    request.session[BATCH_SESSION_KEY] = {
        "decision": approval.DECISIONS[form.cleaned_data["decision"]],
        "ok": [{"pk": outcome.project.pk, "title": outcome.project.title, "message": outcome.message} for outcome in outcomes if outcome.ok],
        "refused": [{"pk": outcome.project.pk, "title": outcome.project.title, "message": outcome.message} for outcome in outcomes if not outcome.ok],
    }
    return redirect(back)


def _project_of_campaign(request, campaign, pk):
    # Staff see every project; the visibility selector keeps this true if that ever narrows.
    return get_object_or_404(
        visible_projects(request.user).select_related("fingerprint").prefetch_related("metrics", "team_members"),
        pk=pk,
        campaign=campaign,
    )


def _stored_matches(request, project, check):
    """The earlier projects the check found (stored by the task: nothing is recomputed here)."""
    rows = check.matches if check is not None and not check.pending else []
    by_pk = visible_projects(request.user).in_bulk([match["project"] for match in rows])
    return [SimpleNamespace(project=by_pk[match["project"]], score=match["score"]) for match in rows if match["project"] in by_pk]


@staff_required
def detail(request, year, pk):
    """One project in 立项审核: the application, the recommender's opinion (第十条), the
    duplicate check and the commission's finding (第七条(四)) and the decision form (第十一条)."""
    campaign = campaign_or_404(year)
    project = _project_of_campaign(request, campaign, pk)
    form = DecisionForm(request.POST or None, initial={"expected_state": project.state})
    if request.method == "POST":
        if not rules.has_perm("campaigns.decide", request.user):
            raise PermissionDenied(COMMISSION_ONLY)
        if form.is_valid():
            outcome = approval.decide(
                project=project,
                decision=form.cleaned_data["decision"],
                actor=request.user,
                comment=form.cleaned_data["comment"],
                expected_state=form.cleaned_data["expected_state"] or State.RECOMMENDED,
            )
            if outcome.ok:
                messages.success(request, f"“{project.title}”：{outcome.message}。")
                return redirect("campaigns:approval", year=campaign.year)
            messages.error(request, outcome.message)
            project.refresh_from_db()
    return _render_detail(request, campaign, project, form=form)


def _render_detail(request, campaign, project, *, form=None, finding_form=None):
    check = similarity.fingerprint_of(project)
    flagged = similarity.flagged(project, check)
    may_decide = rules.has_perm("campaigns.decide", request.user) and project.state == State.RECOMMENDED
    return render(
        request,
        "office/campaigns/approval_detail.html",
        {
            "campaign": campaign,
            "project": project,
            "form": form or DecisionForm(initial={"expected_state": project.state}),
            "matches": _stored_matches(request, project, check),
            "similarity_check": check,
            "flagged": flagged,
            "finding": similarity.latest_finding(project, check) if flagged else None,
            "finding_form": finding_form or FindingForm(initial={"expected_state": project.state}),
            "may_find": may_decide and flagged,
            "threshold": similarity.THRESHOLD,
            "may_decide": may_decide,
            "log": timeline(project),
        },
    )


@require_POST
@commission_required
def finding(request, year, pk):
    """第七条(四): record the commission's finding on a flagged project (雷同 rejects it)."""
    campaign = campaign_or_404(year)
    project = _project_of_campaign(request, campaign, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        try:
            row = similarity.record_finding(
                project=project,
                actor=request.user,
                finding=form.cleaned_data["finding"],
                reason=form.cleaned_data["reason"],
                expected_state=form.cleaned_data["expected_state"] or None,
            )
        except similarity.SimilarityRefused as exc:
            messages.error(request, exc.message)
        else:
            if row.finding == Finding.DUPLICATE:
                messages.success(request, f"“{project.title}”已认定雷同，立项审核不通过（第七条(四)）。")
                return redirect("campaigns:approval", year=campaign.year)
            messages.success(request, f"已记录查重认定：{row.get_finding_display()}。")
            return redirect(reverse("campaigns:approval_detail", kwargs={"year": campaign.year, "pk": project.pk}) + "#duplicate-check")
    project.refresh_from_db()
    return _render_detail(request, campaign, project, finding_form=form)


@staff_required
def compare(request, year, pk, other_pk):
    """第七条(四): this project beside a similar one, the shared passages and figures marked and
    each signal of the score shown."""
    campaign = campaign_or_404(year)
    project = _project_of_campaign(request, campaign, pk)
    other = get_object_or_404(visible_projects(request.user).prefetch_related("metrics"), pk=other_pk)
    explained = similarity.explain(project, other)
    return render(
        request,
        "office/campaigns/approval_compare.html",
        {
            "campaign": campaign,
            "project": project,
            "other": other,
            "sections": explained["sections"],
            "signals": explained["signals"],
            "shared_figures": explained["shared_figures"],
            "score": explained["score"],
            "threshold": similarity.THRESHOLD,
        },
    )


@require_POST
@commission_required
def publish_plan(request, year):
    """第十一条: 通过立项审核的项目列入天津市质量攻关项目计划并向社会公布."""
    campaign = campaign_or_404(year)
    outcomes = approval.publish_plan(campaign=campaign, actor=request.user)
    ok = [outcome for outcome in outcomes if outcome.ok]
    refused = [outcome for outcome in outcomes if not outcome.ok]
    if not outcomes:
        messages.info(request, "没有已通过立项审核、待列入项目计划的项目。")
    if ok:
        messages.success(
            request, f"已将{len(ok)}个项目列入{campaign.year}年度质量攻关项目计划并向社会公布（第十一条）。"
        )
    for outcome in refused:
        messages.error(request, f"“{outcome.project.title}”未能列入项目计划：{outcome.message}")
    return redirect("campaigns:approval", year=campaign.year)


@staff_required
def queue_export(request, year):
    campaign = campaign_or_404(year)
    rows = selectors.approval_queue(campaign, **_filters(request))
    headers = ["项目编号", "项目名称", "申报组织", "统一社会信用代码", "所在区", "所属行业", "推荐单位", "推荐意见", "提交时间", "查重最高相似度"]
    data = [
        [
            project.number,
            project.title,
            project.organization.name,
            project.organization.credit_code,
            project.organization.get_district_display(),
            project.organization.get_industry_display(),
            project.recommender.name if project.recommender else "",
            project.recommender_opinion,
            local_time(project.submitted_at),
            round(project.top_score, 2) if project.top_score is not None else "",
        ]
        for project in rows
    ]
    return xlsx_response(f"{campaign.year}年度立项审核队列", headers, data, title="立项审核")
