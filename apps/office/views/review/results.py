"""第十六条: the ranked proposal within the quotas (第四条), the best-organisation list, the
chair's adjustments and closing the review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.contrib.auth.decorators import login_required

from apps.common.excel import xlsx_response
from apps.projects.models import Project
from apps.projects.states import State

from apps.review import ranking, selectors, services
from apps.office.forms.review import AdjustForm
from apps.review.models import Panel, ProposalEntry
from apps.common.review_access import agency_required, selected_campaign, staff_required


def _may_read(user, campaign):
    return user.is_programme_staff or (
        campaign is not None and user.is_expert and Panel.objects.filter(campaign=campaign, chair__user=user).exists()
    )


@login_required
def results(request):
    campaign = selected_campaign(request)
    if not _may_read(request.user, campaign):
        raise PermissionDenied("只有评审组组长、第三方机构和市市场监管委可以查看评审结果。")
    entries = list(selectors.proposal_for_campaign(campaign)) if campaign else []
    units = list(selectors.best_organization_proposal(campaign)) if campaign else []
    counts = selectors.assignment_counts(campaign) if campaign else {}
    pending = []
    if campaign:
        done_ids = {entry.project_id for entry in entries}
        for project in (
            Project.objects.filter(campaign=campaign, state=State.UNDER_REVIEW)
            .exclude(pk__in=done_ids)
            .select_related("organization")
            .order_by("pk")
        ):
            project.n, project.done = counts.get(project.pk, (0, 0))
            pending.append(project)
    used = {"first": 0, "second": 0, "third": 0}
    for entry in entries:
        if entry.proposed_level:
            used[entry.proposed_level] += 1
    quotas = (
        [
            ("一等奖", used["first"], campaign.quota_first, campaign.min_score_first),
            ("二等奖", used["second"], campaign.quota_second, campaign.min_score_second),
            ("三等奖", used["third"], campaign.quota_third, campaign.min_score_third),
            ("最佳组织奖", sum(1 for unit in units if unit.proposed), campaign.quota_best_organization, None),
        ]
        if campaign
        else []
    )
    adjustable = set()
    if campaign and not request.user.is_agency and request.user.is_expert:
        adjustable = services.chaired_projects(request.user, campaign)
    for entry in entries:
        entry.adjustable = request.user.is_agency or entry.project_id in adjustable
    can_adjust = bool(campaign) and (request.user.is_agency or bool(adjustable))
    finalised = any(entry.finalised for entry in entries)
    return render(
        request,
        "office/experts/results.html",
        {
            "campaign": campaign,
            "entries": entries,
            "units": units,
            "pending": pending,
            "quotas": quotas,
            "can_adjust": can_adjust and not finalised,
            "can_close": request.user.is_agency and not finalised and Panel.objects.filter(campaign=campaign, status=Panel.Status.OPEN).exists() if campaign else False,
            "finalised": finalised,
            "tie_break_rules": ranking.TIE_BREAK_RULES,
            "formula": ranking.BEST_ORGANIZATION_FORMULA,
            "trim_from": ranking.TRIM_FROM,
            "spread_flag": ranking.SPREAD_FLAG,
            "levels": AdjustForm.base_fields["level"].choices,
        },
    )


@login_required
def results_export(request):
    campaign = selected_campaign(request)
    if not _may_read(request.user, campaign) or campaign is None:
        raise PermissionDenied
    rows = (
        [
            entry.rank,
            entry.project.number,
            entry.project.title,
            entry.project.organization.name,
            entry.project.recommender.name if entry.project.recommender else "",
            entry.score_count,
            entry.raw_mean,
            entry.score,
            entry.spread,
            "是" if entry.flagged else "",
            entry.get_proposed_level_display() or "不建议授奖",
            entry.adjustment_note,
        ]
        for entry in selectors.proposal_for_campaign(campaign)
    )
    headers = ["排名", "项目编号", "项目名称", "申报组织", "推荐单位", "有效评分数", "去高低后平均分", "最终得分", "分差", "分歧较大", "建议等级", "调整说明"]
    return xlsx_response(f"{campaign.year}年评审建议名单", headers, rows, title="评审建议名单")


@login_required
@require_POST
def adjust(request, pk):
    entry = get_object_or_404(ProposalEntry.objects.select_related("campaign"), pk=pk)
    if not services.can_adjust(request.user, entry.campaign, entry.project):
        raise PermissionDenied("只有评审组组长或第三方机构可以调整建议等级。")
    form = AdjustForm(request.POST)
    target = f"{reverse('experts:results')}?campaign={entry.campaign_id}#p{entry.project_id}"
    if not form.is_valid():
        messages.error(request, "调整建议等级须说明理由。")
        return redirect(target)
    try:
        services.adjust_level(entry=entry, level=form.cleaned_data["level"], actor=request.user, note=form.cleaned_data["note"])
        messages.success(request, "建议等级已调整。")
    except services.ReviewRefused as exc:
        messages.error(request, exc.message)
    return redirect(target)


@agency_required
@require_POST
def close(request):
    campaign = selected_campaign(request)
    try:
        projects = services.close_review(campaign=campaign, actor=request.user)
        messages.success(request, f"评审已结束：{len(projects)}个项目评审完成，建议名单已提交市市场监管委（第十六条、第十七条）。")
    except services.ReviewRefused as exc:
        messages.error(request, exc.message)
    except services.TransitionRefused as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('experts:results')}?campaign={campaign.pk}")


@staff_required
def project_scores(request, project_pk):
    """All scores of one project (staff): totals and per-criterion points."""
    project = get_object_or_404(Project.objects.select_related("organization", "campaign"), pk=project_pk)
    scores = selectors.project_scores(project)
    assignments = project.review_assignments.select_related("expert", "panel", "score", "replaces__expert").order_by("pk")
    return render(request, "office/experts/project_scores.html", {"project": project, "scores": scores, "assignments": assignments})
