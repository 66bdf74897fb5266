"""Aggregation, ranking and the proposal within the quotas (第十六条, 第四条); closing the review."""

import rules
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
    """Recompute ProposalEntry and BestOrganizationEntry for ``campaign`` (no-op once final:
    after the review closed only a recusal changes it, :func:`recompute_after_recusal`).
    The chair's adjustments keep their level; everything else is re-proposed."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        existing = {e.project_id: e for e in ProposalEntry.objects.filter(campaign=campaign)}
        if any(e.finalised for e in existing.values()):
            return
        return _write_proposal(campaign, existing)


def _write_proposal(campaign, existing, *, finalised=False):
    """Rank ``campaign`` (:func:`compute`, the one ranking) and write the proposal over
    ``existing`` entries. A finalised proposal keeps the entries of projects left without a
    result (nothing is lost after the review closed); an open one drops them."""
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
            to_create.append(ProposalEntry(campaign=campaign, project_id=r.project_id, finalised=finalised, **values))
        elif any(getattr(e, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(e, k, v)
            to_update.append(e)
    stale = [pid for pid in existing if pid not in seen]
    if stale and not finalised:
        ProposalEntry.objects.filter(campaign=campaign, project_id__in=stale).delete()
    ProposalEntry.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        fields = ["rank", "score", "raw_mean", "score_count", "spread", "proposed_level", "flagged", "updated_at"]
        now = timezone.now()
        for e in to_update:
            e.updated_at = now
        ProposalEntry.objects.bulk_update(to_update, fields, batch_size=500)
    _refresh_best_organizations(campaign, ordered, finalised=finalised)
    return ordered


# 第十七条: the commission has decided the list once any project of the year has left
# ``reviewed`` for the list's states (published under notice, announced, revoked).
LIST_DECIDED_STATES = (State.PUBLICIZED, State.AWARDED, State.NOT_AWARDED, State.REVOKED)


def list_decided(campaign):
    return Project.objects.filter(campaign=campaign, state__in=LIST_DECIDED_STATES).exists()


def _place(entry, *, level=True):
    text = f"第{entry.rank}名、{entry.score}分"
    if level and entry.proposed_level:
        text += f"、建议{entry.get_proposed_level_display()}"
    return text


def recompute_after_recusal(*, campaign, assignments, actor=None):
    """第二十二条: scores excluded by recusals (``assignments``, now recused) after ``campaign``'s
    review closed. Until the commission has decided the list, the finalised proposal is
    recomputed from the remaining valid scores by the same ranking (:func:`_write_proposal`),
    the change is logged and noted on the entry, and the commission and the agency are told.
    Once the list is decided, the proposal is not changed: the entry is noted and the gap goes
    to the commission. Returns True when the proposal was recomputed."""
    from ..signals import proposal_gap

    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        existing = {e.project_id: e for e in ProposalEntry.objects.filter(campaign=campaign)}
        if not any(e.finalised for e in existing.values()):
            return False  # still open: refresh_proposal follows every change
        experts = {}
        for a in assignments:
            experts.setdefault(a.project_id, []).append(a.expert.name)
        projects = {a.project_id: a.project for a in assignments}
        who = {pid: "、".join(names) + "回避（第二十二条），其评分不计入" for pid, names in experts.items()}
        if list_decided(campaign):
            for pid, project in projects.items():
                note = f"{who[pid]}；获奖名单已由市市场监管委确定，建议名单未作变更，请市市场监管委处理。"
                ProposalEntry.objects.filter(campaign=campaign, project_id=pid).update(gap_note=note[:500], updated_at=timezone.now())
                message = f"评审结束后{note}"
                audit(A.PROPOSAL_GAP_FLAGGED, actor=actor, campaign=campaign, project=project, message=message)
                transaction.on_commit(
                    lambda project=project, message=message: proposal_gap.send(
                        sender=ProposalEntry, campaign=campaign, project=project, message=message, recomputed=False
                    )
                )
            return False
        before = {pid: (e.rank, e.score, e.proposed_level, e.get_proposed_level_display()) for pid, e in existing.items()}
        _write_proposal(campaign, existing, finalised=True)
        after = {e.project_id: e for e in ProposalEntry.objects.filter(campaign=campaign).select_related("project")}
        moved = []
        for pid, e in sorted(after.items(), key=lambda item: item[1].rank):
            if pid in projects or pid not in before:
                continue
            rank, _, level, level_label = before[pid]
            if (rank, level) != (e.rank, e.proposed_level):
                change = f"第{rank}名 → 第{e.rank}名" if rank != e.rank else f"第{e.rank}名"
                if level != e.proposed_level:
                    change += f"，建议等级{level_label or '不授奖'} → {e.get_proposed_level_display() or '不授奖'}"
                moved.append(f"“{e.project.title}”{change}")
        for pid, project in projects.items():
            e = after.get(pid)
            old = before.get(pid)
            was = f"第{old[0]}名、{old[1]}分" + (f"、建议{old[3]}" if old and old[2] else "") if old else "无"
            now = _place(e) if e is not None else "无"
            counted = e.score_count if e is not None else 0
            note = f"{who[pid]}；已按其余{counted}个有效评分重新计算：{was} → {now}。"
            ProposalEntry.objects.filter(campaign=campaign, project_id=pid).update(gap_note=note[:500], updated_at=timezone.now())
            message = f"评审结束后{who[pid].removesuffix('，其评分不计入')}，建议名单已按其余有效评分重新计算：“{project.title}”{was} → {now}"
            message += ("；" + "；".join(moved) if moved else "") + "。"
            audit(A.PROPOSAL_RECOMPUTED, actor=actor, campaign=campaign, project=project, message=message)
            transaction.on_commit(
                lambda project=project, message=message: proposal_gap.send(
                    sender=ProposalEntry, campaign=campaign, project=project, message=message, recomputed=True
                )
            )
        return True


def on_campaign_saved(sender, instance, created=False, raw=False, **kwargs):
    """第四条: quotas, minimum scores or normalisation changed on the campaign: the open
    proposal follows at once, so it never shows more proposals than a quota allows."""
    if created or raw:
        return
    if ProposalEntry.objects.filter(campaign=instance, finalised=False).exists():
        refresh_proposal(campaign=instance)


def _refresh_best_organizations(campaign, ordered, *, finalised=False):
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
                finalised=finalised,
            )
            for u in units
        ]
    )


def chaired_projects(user, campaign, *, open_only=True):
    """Ids of the projects in the panels ``user`` chairs in ``campaign`` (only open panels
    unless ``open_only`` is False)."""
    qs = ReviewAssignment.objects.filter(panel__campaign=campaign, panel__chair__user=user)
    if open_only:
        qs = qs.filter(panel__status=Panel.Status.OPEN)
    return set(qs.values_list("project_id", flat=True))


def chair_conflicts(user, project_ids):
    """第二十二条: {project id: reasons} for the projects among ``project_ids`` the chair (``user``'s
    expert profile) is conflicted with — by every rule of recusal.py, by the chair's own
    assignment to it having been withdrawn, and by the chair's pool status."""
    from ..models import Expert
    from ..recusal import RecusalIndex

    expert = Expert.objects.filter(user=user).first()
    if expert is None or not project_ids:
        return {}
    projects = list(Project.objects.filter(pk__in=project_ids).select_related("organization", "recommender"))
    index = RecusalIndex([expert], projects)
    found = {p.pk: index.reasons(expert, p) for p in projects}
    for a in ReviewAssignment.objects.filter(expert=expert, project_id__in=project_ids, status=ReviewAssignment.Status.RECUSED):
        found[a.project_id] = found.get(a.project_id) or [a.recusal_reason or "已回避（第二十二条）"]
    if not expert.is_active_member:
        for pk in project_ids:
            found[pk] = found.get(pk) or [f"专家状态为“{expert.get_status_display()}”（第五条(三)）"]
    return {pk: reasons for pk, reasons in found.items() if reasons}


def visible_proposal_projects(user, campaign):
    """第二十二条、第二十三条: whose eyes the ranking is for. The whole campaign's ranking belongs to
    the commission, and the agency may read it (None: everything). A panel chair sees the
    projects of their own panel only, never one they are conflicted with (a set of ids).
    Anyone else is refused."""
    if rules.has_perm("accounts.programme_staff", user):
        return None
    if user.is_authenticated and rules.has_perm("accounts.expert", user):
        chaired = chaired_projects(user, campaign, open_only=False)
        if chaired or Panel.objects.filter(campaign=campaign, chair__user=user).exists():
            return chaired - set(chair_conflicts(user, chaired))
    raise ReviewRefused(
        "评审结果只对市市场监管委、第三方机构和本评审组组长开放；组长只能查看本组评审的项目（第二十三条）。",
        code="permission",
    )


def may_export_ranking(user):
    """The campaign-wide ranking and its export: the commission's, readable by the agency."""
    return user.is_authenticated and rules.has_perm("accounts.programme_staff", user)


def adjustment_refusal(user, campaign, project):
    """第五条(二)、第十六条、第二十二条: why ``user`` may not change ``project``'s proposed level
    (None: they may). Only the chair of the open panel that reviewed it, and not when the chair
    is conflicted with it; the agency prepares the review and never decides levels."""
    if rules.has_perm("accounts.agency", user):
        return (
            "根据第五条(二)、第十六条，第三方机构承担评审的组织和事务性工作，不决定、不调整奖项等级；"
            "建议等级由评审组提出，由组长调整。"
        )
    if not rules.has_perm("accounts.expert", user) or project.pk not in chaired_projects(user, campaign):
        return "根据第十六条，只有评审该项目的评审组组长可以调整建议等级。"
    conflicts = chair_conflicts(user, {project.pk})
    if conflicts:
        return f"根据第二十二条，您与该项目存在利益关系（{'；'.join(conflicts[project.pk])}），不能调整其建议等级。"
    return None


def can_adjust(user, campaign, project=None):
    """第十六条: the chair of the open panel that reviewed ``project``, unless conflicted with it
    (of any open panel of the campaign when no project is given). Never the agency."""
    if not user.is_authenticated or rules.has_perm("accounts.agency", user) or not rules.has_perm("accounts.expert", user):
        return False
    if project is None:
        return bool(chaired_projects(user, campaign))
    return adjustment_refusal(user, campaign, project) is None


def adjust_level(*, entry, level, actor, note):
    """第十六条: the panel chair changes a proposed level — never beyond the quota of 第四条, never
    for a project the chair is conflicted with (第二十二条), never by the agency (第五条(二)). The campaign row is locked so concurrent adjustments cannot together
    exceed it."""
    note = (note or "").strip()
    if not note:
        raise ReviewRefused("调整建议等级须说明理由。", code="reason_required")
    if level not in ("", *ranking.LEVELS):
        raise ReviewRefused("未知的奖项等级。")
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=entry.campaign_id)
        locked = ProposalEntry.objects.select_for_update().select_related("project").get(pk=entry.pk)
        if locked.finalised:
            raise ReviewRefused("评审已结束，建议名单已移交市市场监管委。", code="closed")
        refusal = adjustment_refusal(actor, campaign, locked.project)
        if refusal:
            raise ReviewRefused(refusal, code="permission")
        if level:
            held = (
                ProposalEntry.objects.filter(campaign=campaign, proposed_level=level, adjusted_by__isnull=False)
                .exclude(pk=locked.pk)
                .count()
            )
            problem = campaign.quota_problem(level, held + 1)
            if problem:
                raise ReviewRefused(f"{problem}（计入组长已调整确定的等级）", code="quota")
        old = locked.get_proposed_level_display() or "不建议授奖"
        locked.proposed_level = level
        locked.adjusted_by = actor
        locked.adjustment_note = note
        locked.save(update_fields=["proposed_level", "adjusted_by", "adjustment_note", "updated_at"])
        new = locked.get_proposed_level_display() or "不建议授奖"
        audit(A.LEVEL_ADJUSTED, actor=actor, campaign=campaign, project=locked.project, message=f"{old} → {new}：{note}")
        refresh_proposal(campaign=campaign)
    return ProposalEntry.objects.get(pk=locked.pk)


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
        # The panels close first: close_review requires it of each project (第十六条).
        now = timezone.now()
        Panel.objects.filter(pk__in=[p.pk for p in panels]).update(status=Panel.Status.CLOSED, closed_at=now)
        for p in projects:
            transition(project=p, name="close_review", actor=actor, comment="评审组评审结束，形成建议名单（第十六条）")
        ProposalEntry.objects.filter(campaign=campaign).update(finalised=True)
        BestOrganizationEntry.objects.filter(campaign=campaign).update(finalised=True)
        for panel in panels:
            audit(A.PANEL_CLOSED, actor=actor, panel=panel, message=f"评审结束，{len(projects)}个项目评审完成")
    return projects


def unassigned_projects(campaign):
    return Project.objects.filter(campaign=campaign, state=State.RESULTS_RECOMMENDED).select_related("organization")
