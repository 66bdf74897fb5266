"""第十六条: the ranked proposal within the quotas (第四条), the best-organisation list, the
chair's adjustments and closing the review."""

import rules
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
from apps.common.access import agency_required, staff_required
from apps.common.review_access import selected_campaign


def _scope(user, campaign):
    """The projects ``user`` may see in ``campaign``'s ranking (None: all), decided in the domain."""
    if campaign is None:
        if rules.has_perm("accounts.programme_staff", user):
            return None
        raise PermissionDenied("只有评审组组长、第三方机构和市市场监管委可以查看评审结果。")
    try:
        return services.visible_proposal_projects(user, campaign)
    except services.ReviewRefused as exc:
        raise PermissionDenied(exc.message) from None


LEVEL_LABELS = {"first": "一等奖", "second": "二等奖", "third": "三等奖"}


def _explain_levels(entries, campaign):
    """Why a project got no level, or not the next better one (第十六条 minimum scores, 第四条
    quotas): a short note under its level. Chairs' adjustments carry their own note."""
    for entry in entries:
        entry.level_note = ""
        if entry.adjusted_by_id or entry.proposed_level == "first":
            continue
        better = ranking.LEVELS[: ranking.LEVELS.index(entry.proposed_level)] if entry.proposed_level else ranking.LEVELS
        nearest = better[-1]
        minimum = getattr(campaign, f"min_score_{nearest}")
        if minimum is not None and entry.score < minimum:
            verb = "未达" if entry.proposed_level else "低于"
            entry.level_note = f"{verb}{LEVEL_LABELS[nearest]}最低分{minimum.normalize():f}分（第十六条）"
        else:
            entry.level_note = "更高等级名额已满（第四条）" if entry.proposed_level else "各等级名额已满（第四条）"


@login_required
def results(request):
    campaign = selected_campaign(request)
    scope = _scope(request.user, campaign)
    entries = list(selectors.proposal_for_campaign(campaign)) if campaign else []
    # 第二十二条、第二十三条: a chair sees the own panel's projects only, none they are conflicted with;
    # the campaign-wide ranking and the best-organisation list are the commission's (the agency reads).
    units = list(selectors.best_organization_proposal(campaign)) if campaign and scope is None else []
    if scope is not None:
        entries = [entry for entry in entries if entry.project_id in scope]
    for i, entry in enumerate(entries, start=1):
        entry.display_rank = entry.rank if scope is None else i  # a chair sees the order within the own panel
    if campaign:
        _explain_levels(entries, campaign)
    counts = selectors.assignment_counts(campaign) if campaign else {}
    pending = []
    if campaign:
        missing = selectors.missing_scorers(campaign)
        done_ids = set(ProposalEntry.objects.filter(campaign=campaign).values_list("project_id", flat=True))
        waiting = Project.objects.filter(campaign=campaign, state=State.UNDER_REVIEW).exclude(pk__in=done_ids)
        if scope is not None:
            waiting = waiting.filter(pk__in=scope)
        for project in waiting.select_related("organization").order_by("pk"):
            project.n, project.done = counts.get(project.pk, (0, 0))
            project.missing = missing.get(project.pk, [])
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
        ]
        if campaign
        else []
    )
    if campaign and scope is None:
        quotas.append(("最佳组织奖", sum(1 for unit in units if unit.proposed), campaign.quota_best_organization, None))
    adjustable = set()
    if campaign and rules.has_perm("accounts.expert", request.user) and not rules.has_perm("review.operate", request.user):
        # 第十六条、第二十二条: the chair of the open panel, never for a conflicted project.
        chaired = services.chaired_projects(request.user, campaign)
        adjustable = chaired - set(services.chair_conflicts(request.user, chaired))
    for entry in entries:
        entry.adjustable = entry.project_id in adjustable
    can_adjust = bool(adjustable)
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
            "can_close": rules.has_perm("review.operate", request.user) and not finalised and Panel.objects.filter(campaign=campaign, status=Panel.Status.OPEN).exists() if campaign else False,
            "finalised": finalised,
            "campaign_wide": scope is None,
            "may_export": services.may_export_ranking(request.user),
            "tie_break_rules": ranking.TIE_BREAK_RULES,
            "formula": ranking.BEST_ORGANIZATION_FORMULA,
            "trim_from": ranking.TRIM_FROM,
            "spread_flag": ranking.SPREAD_FLAG,
            "levels": AdjustForm.base_fields["level"].choices,
            "minimums": [
                (LEVEL_LABELS[level], getattr(campaign, f"min_score_{level}")) for level in ranking.LEVELS
            ]
            if campaign
            else [],
        },
    )


@login_required
def results_export(request):
    campaign = selected_campaign(request)
    if campaign is None or not services.may_export_ranking(request.user):
        raise PermissionDenied("评审建议名单的导出属于市市场监管委，第三方机构可以查阅（第二十三条）；评审组组长不能导出全年度排名。")
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
    refusal = services.adjustment_refusal(request.user, entry.campaign, entry.project)
    if refusal:
        raise PermissionDenied(refusal)
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
