"""第二十二条 is a live rule: a conflict recorded at any time — a declaration, a tracking visit
naming the expert, team membership, the employer or its group, a suspension or retirement from
the pool — ends the expert's assignment to that project at once.

:func:`enforce_recusal` is the one place that does it, for every source:

- the assignment is deactivated (``recused``), so its score is excluded from the ranking and
  the review screen and the files refuse the expert;
- the recusal is logged in the review audit (第二十三条);
- while the project's review is open a replacement is drawn with the same seeded, replayable
  procedure (:func:`apps.review.services.panels._draw_replacement`); otherwise — the panel has
  closed, or nobody eligible is left — the gap is flagged to the agency (a notification, and
  the recused assignment without a replacement stays listed by
  :func:`apps.review.selectors.recusal_gaps`)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.projects.states import State

from ..models import ReviewAssignment
from ..recusal import ARTICLE, RecusalIndex
from .base import A, audit, flag_gap
from .panels import _draw_replacement
from .proposal import recompute_after_recusal, refresh_proposal


def _status_reason(expert):
    if expert.is_active_member:
        return None
    if expert.status != "active":
        return f"专家状态为“{expert.get_status_display()}”，不再参加评审（第五条(三)、{ARTICLE}）"
    return f"专家聘期已于{expert.term_end:%Y-%m-%d}结束，不再参加评审（第五条(三)、{ARTICLE}）"


@transaction.atomic
def enforce_recusal(*, actor=None, experts=None, projects=None, source="", seed=None):
    """Recheck the active assignments of ``experts`` (or on ``projects``) against every rule of
    第二十二条 and the pool status, and withdraw each conflicted one as described above.
    ``source`` names what was recorded (shown in the log). Returns the withdrawn assignments."""
    qs = ReviewAssignment.objects.filter(status=ReviewAssignment.Status.ACTIVE)
    if experts is not None:
        qs = qs.filter(expert__in=[e.pk for e in experts])
    if projects is not None:
        qs = qs.filter(project__in=[p.pk for p in projects])
    assignments = list(
        qs.select_for_update(of=("self",)).select_related(
            "panel", "panel__campaign", "project", "project__organization", "project__recommender", "expert", "expert__user"
        ).order_by("pk")
    )
    if not assignments:
        return []
    index = RecusalIndex(
        list({a.expert_id: a.expert for a in assignments}.values()),
        list({a.project_id: a.project for a in assignments}.values()),
    )
    withdrawn, campaigns, after_close = [], {}, {}
    for a in assignments:
        reasons = index.reasons(a.expert, a.project)
        status = _status_reason(a.expert)
        if status:
            reasons.append(status)
        if not reasons:
            continue
        reason = "；".join(reasons)
        a.status = ReviewAssignment.Status.RECUSED
        a.recusal_reason = reason[:300]
        a.recused_at = timezone.now()
        a.save(update_fields=["status", "recusal_reason", "recused_at"])
        audit(
            A.AUTO_RECUSAL,
            actor=actor,
            panel=a.panel,
            project=a.project,
            expert=a.expert,
            message=(f"{source}：" if source else "") + f"已分配后发现利益冲突，撤销评审分配、其评分不计入：{reason}",
            assignment=a.pk,
        )
        withdrawn.append(a)
        campaigns[a.panel.campaign_id] = a.panel.campaign
        if a.panel.is_open and a.project.state == State.UNDER_REVIEW:
            # Nobody eligible left: _draw_replacement logs it; the agency is told.
            if _draw_replacement(panel=a.panel, project=a.project, old=a, actor=actor, seed=seed) is None:
                flag_gap(a, reason, why="暂无可补抽的无利益冲突专家")
        else:
            audit(
                A.REPLACEMENT_FAILED,
                actor=actor,
                panel=a.panel,
                project=a.project,
                expert=a.expert,
                message=f"根据{ARTICLE}，{a.expert.name}回避“{a.project.title}”时评审已结束，不再补抽，请第三方机构处理评审缺额。",
                assignment=a.pk,
            )
            flag_gap(a, reason, why="评审组已结束")
            after_close.setdefault(a.panel.campaign_id, []).append(a)
    for campaign in campaigns.values():
        refresh_proposal(campaign=campaign)
    # 第二十二条: a score excluded after the review closed changes the proposal, or is flagged to
    # the commission once it has decided the list.
    for campaign_id, closed in after_close.items():
        recompute_after_recusal(campaign=campaigns[campaign_id], assignments=closed, actor=actor)
    return withdrawn


# ---- the sources recorded outside the review app (connected in ExpertsConfig.ready) ---------


def on_tracking_visit_saved(sender, instance, raw=False, **kwargs):
    """第十三条 visit recorded or edited (by the tracking service, or anywhere else): an expert it
    names, or who recorded it, no longer scores the project."""
    if raw:
        return
    enforce_recusal(actor=instance.recorded_by, projects=[instance.project], source="跟踪服务记录（第十三条）")


def on_team_member_saved(sender, instance, raw=False, **kwargs):
    """A team member added or changed while the project is being reviewed."""
    if raw:
        return
    enforce_recusal(projects=[instance.project], source="项目团队成员变更")


def on_group_members_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    """工业集团 members added: recheck the projects of the group's member organisations and the
    projects it recommended (the "same group" rule)."""
    if action != "post_add":
        return
    from apps.projects.models import Project
    from apps.recommenders.models import RecommenderKind, RecommenderUnit

    units = RecommenderUnit.objects.filter(pk__in=pk_set) if reverse else [instance]
    for unit in units:
        if unit.kind != RecommenderKind.INDUSTRIAL_GROUP:
            continue
        members = unit.member_organizations.values_list("pk", flat=True)
        projects = Project.objects.filter(review_assignments__status=ReviewAssignment.Status.ACTIVE).filter(
            Q(organization__in=members) | Q(recommender=unit)
        ).distinct()
        enforce_recusal(projects=list(projects), source=f"工业集团“{unit.name}”成员变更")
