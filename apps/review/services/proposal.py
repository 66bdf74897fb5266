"""Aggregation, ranking and the proposal within the quotas (第十六条, 第四条); closing the review."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from apps.campaigns.models import Campaign
from apps.projects.models import Project
from apps.projects.services import transition
from apps.projects.states import State

from .. import ranking
from ..models import BestOrganizationEntry, Panel, ProposalEntry, ReviewAssignment, Score
from .base import A, ReviewRefused, audit


# ---- aggregation, ranking and the proposal (第十六条, 第四条) -------------------------------


def _q3(value):
    return Decimal(str(round(value, 3))).quantize(Decimal("0.001"))


def compute(campaign):
    """The whole campaign's ranking in one pass: two queries, then pure Python (ranking.py)."""
    rows = ReviewAssignment.objects.filter(
        panel__campaign=campaign,
        status=ReviewAssignment.Status.ACTIVE,
        project__state__in=[State.UNDER_REVIEW, State.REVIEWED],
    ).values_list("project_id", "expert_id", "score__status", "score__total")
    triples = [(p, e, t if s == Score.Status.SUBMITTED else None) for p, e, s, t in rows]
    results = ranking.aggregate(triples, normalise=campaign.normalise_scores)
    submitted_at = dict(Project.objects.filter(pk__in=list(results)).values_list("pk", "results_submitted_at"))
    return ranking.rank(results, submitted_at)


def _quotas(campaign):
    return {"first": campaign.quota_first, "second": campaign.quota_second, "third": campaign.quota_third}


def _minimums(campaign):
    return {
        "first": campaign.min_score_first,
        "second": campaign.min_score_second,
        "third": campaign.min_score_third,
    }


def refresh_proposal(*, campaign):
    """Recompute ProposalEntry and BestOrganizationEntry for ``campaign`` (no-op once final).
    The chair's adjustments keep their level; everything else is re-proposed."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        existing = {e.project_id: e for e in ProposalEntry.objects.filter(campaign=campaign)}
        if any(e.finalised for e in existing.values()):
            return
        ordered = compute(campaign)
        fixed = {pid: e.proposed_level for pid, e in existing.items() if e.adjusted_by_id}
        fixed = {pid: level for pid, level in fixed.items() if pid in {r.project_id for r in ordered}}
        ranking.propose_levels(ordered, quotas=_quotas(campaign), minimums=_minimums(campaign), fixed=fixed)
        to_create, to_update = [], []
        seen = set()
        for r in ordered:
            seen.add(r.project_id)
            values = dict(
                rank=r.rank,
                score=_q3(r.final),
                raw_mean=_q3(r.raw),
                score_count=len(r.totals),
                spread=Decimal(str(round(r.spread, 2))),
                proposed_level=r.level,
                flagged=r.flagged,
            )
            e = existing.get(r.project_id)
            if e is None:
                to_create.append(ProposalEntry(campaign=campaign, project_id=r.project_id, **values))
            elif any(getattr(e, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(e, k, v)
                to_update.append(e)
        stale = [pid for pid in existing if pid not in seen]
        if stale:
            ProposalEntry.objects.filter(campaign=campaign, project_id__in=stale).delete()
        ProposalEntry.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            fields = ["rank", "score", "raw_mean", "score_count", "spread", "proposed_level", "flagged", "updated_at"]
            now = timezone.now()
            for e in to_update:
                e.updated_at = now
            ProposalEntry.objects.bulk_update(to_update, fields, batch_size=500)
        _refresh_best_organizations(campaign, ordered)
    return ordered


def on_campaign_saved(sender, instance, created=False, raw=False, **kwargs):
    """第四条: quotas, minimum scores or normalisation changed on the campaign: the open
    proposal follows at once, so it never shows more proposals than a quota allows."""
    if created or raw:
        return
    if ProposalEntry.objects.filter(campaign=instance, finalised=False).exists():
        refresh_proposal(campaign=instance)


def _refresh_best_organizations(campaign, ordered):
    applications = dict(
        Project.objects.filter(campaign=campaign, submitted_at__isnull=False, recommender__isnull=False)
        .values_list("recommender_id")
        .annotate(n=Count("pk"))
        .values_list("recommender_id", "n")
    )
    recommender_of = dict(Project.objects.filter(pk__in=[r.project_id for r in ordered]).values_list("pk", "recommender_id"))
    units = ranking.best_organizations(
        applications, [(recommender_of.get(r.project_id), r.level) for r in ordered], quota=campaign.quota_best_organization
    )
    BestOrganizationEntry.objects.filter(campaign=campaign).delete()
    BestOrganizationEntry.objects.bulk_create(
        [
            BestOrganizationEntry(
                campaign=campaign,
                recommender_id=u.recommender_id,
                rank=u.rank,
                applications=u.applications,
                proposed_awards=u.awards,
                score=_q3(u.score),
                proposed=u.proposed,
            )
            for u in units
        ]
    )


def chaired_projects(user, campaign):
    """Ids of the projects in the open panels ``user`` chairs in ``campaign``."""
    return set(
        ReviewAssignment.objects.filter(
            panel__campaign=campaign, panel__status=Panel.Status.OPEN, panel__chair__user=user
        ).values_list("project_id", flat=True)
    )


def can_adjust(user, campaign, project=None):
    """第十六条: the agency, or the chair of the open panel that reviewed ``project`` (of any
    open panel of the campaign when no project is given)."""
    if user.is_agency:
        return True
    if not user.is_expert:
        return False
    chaired = chaired_projects(user, campaign)
    return bool(chaired) if project is None else project.pk in chaired


def adjust_level(*, entry, level, actor, note):
    """第十六条: the panel chair (or the agency) changes a proposed level — never beyond the
    quota of 第四条. The campaign row is locked so concurrent adjustments cannot together
    exceed it."""
    note = (note or "").strip()
    if not note:
        raise ReviewRefused("调整建议等级须说明理由。", code="reason_required")
    if level not in ("", *ranking.LEVELS):
        raise ReviewRefused("未知的奖项等级。")
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=entry.campaign_id)
        if not can_adjust(actor, campaign, entry.project):
            raise ReviewRefused("只有评审组组长或第三方机构可以调整建议等级。", code="permission")
        e = ProposalEntry.objects.select_for_update().select_related("project").get(pk=entry.pk)
        if e.finalised:
            raise ReviewRefused("评审已结束，建议名单已移交市市场监管委。", code="closed")
        if level:
            held = (
                ProposalEntry.objects.filter(campaign=campaign, proposed_level=level, adjusted_by__isnull=False)
                .exclude(pk=e.pk)
                .count()
            )
            problem = campaign.quota_problem(level, held + 1)
            if problem:
                raise ReviewRefused(f"{problem}（计入组长已调整确定的等级）", code="quota")
        old = e.get_proposed_level_display() or "不建议授奖"
        e.proposed_level = level
        e.adjusted_by = actor
        e.adjustment_note = note
        e.save(update_fields=["proposed_level", "adjusted_by", "adjustment_note", "updated_at"])
        new = e.get_proposed_level_display() or "不建议授奖"
        audit(A.LEVEL_ADJUSTED, actor=actor, campaign=campaign, project=e.project, message=f"{old} → {new}：{note}")
        refresh_proposal(campaign=campaign)
    return ProposalEntry.objects.get(pk=e.pk)


def close_review(*, campaign, actor):
    """第十六条: close every open panel of ``campaign``: each project under review must have
    all its scores in; each moves under_review → reviewed (close_review) and the proposal is
    finalised for the commission (第十七条)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        panels = list(Panel.objects.filter(campaign=campaign, status=Panel.Status.OPEN))
        if not panels:
            raise ReviewRefused("本年度没有进行中的评审组。", code="state")
        projects = list(
            Project.objects.filter(campaign=campaign, state=State.UNDER_REVIEW, review_assignments__panel__in=panels).distinct()
        )
        ordered = refresh_proposal(campaign=campaign) or []
        done = {r.project_id for r in ordered}
        missing = [p for p in projects if p.pk not in done]
        if missing:
            names = "、".join(p.title for p in missing[:5]) + ("等" if len(missing) > 5 else "")
            raise ReviewRefused(
                f"尚有{len(missing)}个项目的评分未全部提交（{names}），不能结束评审（第十六条）。", code="incomplete"
            )
        for p in projects:
            transition(project=p, name="close_review", actor=actor, comment="评审组评审结束，形成建议名单（第十六条）")
        now = timezone.now()
        Panel.objects.filter(pk__in=[p.pk for p in panels]).update(status=Panel.Status.CLOSED, closed_at=now)
        ProposalEntry.objects.filter(campaign=campaign).update(finalised=True)
        BestOrganizationEntry.objects.filter(campaign=campaign).update(finalised=True)
        for panel in panels:
            audit(A.PANEL_CLOSED, actor=actor, panel=panel, message=f"评审结束，{len(projects)}个项目评审完成")
    return projects


def unassigned_projects(campaign):
    return Project.objects.filter(campaign=campaign, state=State.RESULTS_RECOMMENDED).select_related("organization")
