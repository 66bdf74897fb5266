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
from apps.common.pagination import paginate
from apps.projects.models import Project

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


# Page sizes of the ranking page's three lists (capped by TJQA_MAX_PAGE_SIZE): together with
# the fixed minimum-score table they stay under a hundred rows at design scale.
PAGE_SIZE = 50
PENDING_PAGE_SIZE = 20
UNITS_PAGE_SIZE = 20
LEVEL_FILTERS = list(LEVEL_LABELS.items()) + [(selectors.NO_AWARD, "不建议授奖")]


def _filters(request, panels):
    """The panel and level asked for in the query, ignored when not one of the choices."""
    panel_pk = request.GET.get("panel", "")
    level = request.GET.get("level", "")
    return {
        "panel": next((panel for panel in panels if str(panel.pk) == panel_pk), None),
        "level": level if level in dict(LEVEL_FILTERS) else "",
    }


def _rows(page):
    """A page's rows; none, and no query built, when the list is counted empty (the proposal
    while the review is under way)."""
    return list(page.object_list) if page.paginator.count else []


@login_required
def results(request):
    campaign = selected_campaign(request)
    scope = _scope(request.user, campaign)
    if campaign is None:
        return render(request, "office/experts/results.html", {"campaign": None})
    # 第二十二条、第二十三条: a chair sees the own panel's projects only, none they are conflicted with;
    # the campaign-wide ranking and the best-organisation list are the commission's (the agency reads).
    campaign_wide = scope is None
    panels = list(selectors.ranking_panels(campaign, chaired_by=None if campaign_wide else request.user))
    filters = _filters(request, panels)
    level_counts, finalised, unit_counts = selectors.proposal_summary(campaign, scope, with_units=campaign_wide)
    # Without a panel filter the page's rows are counted already: all levels' or the one's.
    if filters["panel"] is None:
        count = level_counts.get(filters["level"], 0) if filters["level"] else sum(level_counts.values())
    else:
        count = None
    page = paginate(
        request, selectors.proposal_in_scope(campaign, scope, panel=filters["panel"], level=filters["level"]), per_page=PAGE_SIZE, count=count
    )
    entries = _rows(page)
    if campaign_wide:
        for entry in entries:
            entry.display_rank = entry.rank
    else:
        places = selectors.chair_positions(campaign, scope)  # the order within the own panel
        for entry in entries:
            entry.display_rank = places.get(entry.project_id)
    _explain_levels(entries, campaign)
    pending = paginate(
        request, selectors.pending_review_project_ids(campaign, scope, panel=filters["panel"]), per_page=PENDING_PAGE_SIZE, param="pending_page"
    )
    pending.object_list = selectors.pending_review_rows(campaign, pending.object_list) if pending.object_list else []
    units = None
    if campaign_wide:
        n_units, n_units_proposed = unit_counts
        units = paginate(request, selectors.best_organization_proposal(campaign), per_page=UNITS_PAGE_SIZE, param="units_page", count=n_units)
        units.object_list = _rows(units)
    quotas = [
        ("一等奖", level_counts.get("first", 0), campaign.quota_first, campaign.min_score_first),
        ("二等奖", level_counts.get("second", 0), campaign.quota_second, campaign.min_score_second),
        ("三等奖", level_counts.get("third", 0), campaign.quota_third, campaign.min_score_third),
    ]
    if campaign_wide:
        quotas.append(
            ("最佳组织奖", n_units_proposed, campaign.quota_best_organization, None)
        )
    adjustable = set()
    if rules.has_perm("accounts.expert", request.user) and not rules.has_perm("review.operate", request.user):
        # 第十六条、第二十二条: the chair of the open panel, never for a conflicted project.
        chaired = services.chaired_projects(request.user, campaign)
        adjustable = chaired - set(services.chair_conflicts(request.user, chaired))
    for entry in entries:
        entry.adjustable = entry.project_id in adjustable
    can_adjust = bool(adjustable)
    return render(
        request,
        "office/experts/results.html",
        {
            "campaign": campaign,
            "page": page,
            "entries": entries,
            "units": units,
            "pending": pending,
            "quotas": quotas,
            "filters": filters,
            "panel_choices": [(panel.pk, panel.name) for panel in panels],
            "panel_value": filters["panel"].pk if filters["panel"] else "",
            "all_panels": "全部评审组" if campaign_wide else "本组全部",
            "level_choices": [(value, f"{label}（{level_counts.get(value, 0)}）") for value, label in LEVEL_FILTERS],
            "all_levels": f"全部等级（{sum(level_counts.values())}）",
            "can_adjust": can_adjust and not finalised,
            "can_close": rules.has_perm("review.operate", request.user) and not finalised and Panel.objects.filter(campaign=campaign, status=Panel.Status.OPEN).exists(),
            "finalised": finalised,
            "campaign_wide": campaign_wide,
            "may_export": services.may_export_ranking(request.user),
            "tie_break_rules": ranking.TIE_BREAK_RULES,
            "formula": ranking.BEST_ORGANIZATION_FORMULA,
            "trim_from": ranking.TRIM_FROM,
            "spread_flag": ranking.SPREAD_FLAG,
            "levels": AdjustForm.base_fields["level"].choices,
            "minimums": [(LEVEL_LABELS[level], getattr(campaign, f"min_score_{level}")) for level in ranking.LEVELS],
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
        # Streamed: the workbook is written row by row from the database cursor.
        for entry in selectors.proposal_in_scope(campaign).iterator(chunk_size=2000)
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
