"""Panels (评审组), recorded random draws and assignment with automatic recusal (第五条(三),
第十六条, 第二十二条); recusal from the review screen with a replacement draw."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from apps.projects.models import Project
from apps.projects.services import TransitionRefused, transition
from apps.projects.states import State

from .. import draw as draws
from ..models import Expert, Panel, PanelDraw, PanelMember, ReviewAssignment, Score
from ..recusal import RecusalIndex
from ..signals import expert_assigned, expert_recused
from .base import A, ReviewRefused, audit, flag_gap
from .proposal import refresh_proposal


# ---- panels and assignment (第五条(三), 第十六条, 第二十二条) -----------------------------------


def eligible_pool(specialty):
    return Expert.objects.active().with_specialty(specialty).filter(user__is_active=True)


@transaction.atomic
def form_panel(*, campaign, name, specialty, size, actor, seed=None) -> Panel:
    """第五条(三): draw ``size`` experts at random from the active pool of ``specialty``
    (blank = all specialties). The draw is recorded (time, operator, seed, candidates, result).
    The first drawn expert chairs the panel until the agency names another."""
    if size < 1:
        raise ReviewRefused("评审组人数至少为1人。")
    candidates = [{"id": pk, "load": 0} for pk in eligible_pool(specialty).values_list("pk", flat=True)]
    label = dict(Panel._meta.get_field("specialty").choices).get(specialty, "综合") if specialty else "综合"
    if len(candidates) < size:
        raise ReviewRefused(
            f"专家库中“{label}”领域的在库专家仅{len(candidates)}人，不足抽取{size}人（第五条(三)）。", code="too_few"
        )
    panel = Panel.objects.create(campaign=campaign, name=name, specialty=specialty or "", created_by=actor)
    seed = seed or draws.new_seed()
    result = draws.draw(seed, candidates, size)
    record = PanelDraw.objects.create(
        panel=panel, kind=PanelDraw.Kind.PANEL, operator=actor, seed=seed, requested=size, candidates=candidates, result=result
    )
    PanelMember.objects.bulk_create([PanelMember(panel=panel, expert_id=pk, draw=record) for pk in result])
    panel.chair_id = result[0]
    panel.save(update_fields=["chair"])
    audit(
        A.PANEL_DRAWN,
        actor=actor,
        panel=panel,
        message=f"从{len(candidates)}名在库专家中随机抽取{size}人（种子{seed}）",
        draw=record.pk,
    )
    return panel


@transaction.atomic
def set_chair(*, panel, expert, actor) -> Panel:
    if not panel.members.filter(expert=expert).exists():
        raise ReviewRefused("组长须为本评审组成员。")
    panel.chair = expert
    panel.save(update_fields=["chair"])
    audit(A.PANEL_DRAWN, actor=actor, panel=panel, expert=expert, message=f"指定{expert.name}为组长")
    return panel


def campaign_load(campaign):
    """Active assignments per expert in ``campaign`` (for load balancing)."""
    return dict(
        ReviewAssignment.objects.filter(panel__campaign=campaign, status=ReviewAssignment.Status.ACTIVE)
        .values_list("expert_id")
        .annotate(n=Count("pk"))
        .values_list("expert_id", "n")
    )


def _too_few_message(project, eligible, needed):
    return (
        f"根据第二十二条回避规定，项目“{project.title}”在本评审组中无利益冲突的专家仅{eligible}人，"
        f"不足{needed}人，无法分配。请先向评审组补充专家。"
    )


def _notify(assignment):
    transaction.on_commit(
        lambda: expert_assigned.send(
            sender=ReviewAssignment, assignment=assignment, expert_user=assignment.expert.user, project=assignment.project
        )
    )


def assign_projects(*, panel, projects, actor, seed=None):
    """第十六条 + 第二十二条: give each project N = campaign.scorers_per_project scorers of
    ``panel``, leaving out every conflicted expert *before* assignment, least-loaded first.
    Each project is assigned on its own (draw recorded, transition assign_to_panel fired);
    returns (assigned projects, {project: refusal message})."""
    if not panel.is_open:
        raise ReviewRefused("评审组已结束，不能再分配项目。")
    campaign = panel.campaign
    needed = campaign.scorers_per_project
    members = list(Expert.objects.filter(panel_memberships__panel=panel).select_related("user"))
    projects = list(Project.objects.filter(pk__in=[p.pk for p in projects]).select_related("organization", "recommender"))
    index = RecusalIndex(members, projects)
    load = campaign_load(campaign)
    assigned, refused = [], {}
    for project in projects:
        added = {}
        try:
            with transaction.atomic():
                if project.campaign_id != campaign.pk:
                    raise ReviewRefused("项目不属于本年度。")
                if project.state != State.RESULTS_RECOMMENDED:
                    raise ReviewRefused(f"项目当前状态为“{project.get_state_display()}”，只有“成果已推荐”的项目可以分配。")
                excluded, candidates = {}, []
                for expert in members:
                    if not expert.is_active_member:
                        excluded[str(expert.pk)] = [f"专家状态为{expert.get_status_display()}"]
                        continue
                    why = index.reasons(expert, project)
                    if why:
                        excluded[str(expert.pk)] = why
                    else:
                        candidates.append({"id": expert.pk, "load": load.get(expert.pk, 0)})
                if len(candidates) < needed:
                    raise ReviewRefused(_too_few_message(project, len(candidates), needed), code="too_few")
                project_seed = seed or draws.new_seed()
                result = draws.draw(project_seed, candidates, needed)
                record = PanelDraw.objects.create(
                    panel=panel,
                    kind=PanelDraw.Kind.ASSIGNMENT,
                    project=project,
                    operator=actor,
                    seed=project_seed,
                    requested=needed,
                    candidates=candidates,
                    excluded=excluded,
                    result=result,
                )
                by_id = {e.pk: e for e in members}
                for expert_id, why in excluded.items():
                    audit(
                        A.AUTO_RECUSAL,
                        actor=actor,
                        panel=panel,
                        project=project,
                        expert=by_id[int(expert_id)],
                        message="；".join(why),
                        draw=record.pk,
                    )
                for expert_id in result:
                    assignment = ReviewAssignment.objects.create(panel=panel, project=project, expert=by_id[expert_id], draw=record)
                    added[expert_id] = added.get(expert_id, 0) + 1
                    _notify(assignment)
                audit(
                    A.ASSIGNED,
                    actor=actor,
                    panel=panel,
                    project=project,
                    message=f"随机抽取{needed}名评审专家（候选{len(candidates)}人，回避{len(excluded)}人，种子{project_seed}）",
                    draw=record.pk,
                )
                transition(project=project, name="assign_to_panel", actor=actor, comment=f"分配至{panel.name}")
        except (ReviewRefused, TransitionRefused) as exc:
            refused[project] = exc.message
            continue
        assigned.append(project)
        for expert_id, n in added.items():
            load[expert_id] = load.get(expert_id, 0) + n
    return assigned, refused


@transaction.atomic
def add_panel_member(*, panel, expert, actor) -> PanelMember:
    """The agency tops up a panel (e.g. when recusals leave too few)."""
    if not expert.is_active_member:
        raise ReviewRefused(f"{expert.name}当前状态为{expert.get_status_display()}，不能加入评审组（第五条(三)）。")
    member, created = PanelMember.objects.get_or_create(panel=panel, expert=expert)
    if not created:
        raise ReviewRefused(f"{expert.name}已是本评审组成员。")
    audit(A.PANEL_DRAWN, actor=actor, panel=panel, expert=expert, message=f"补充{expert.name}为评审组成员")
    return member


def _draw_replacement(*, panel, project, old, actor, seed=None):
    """Draw one scorer for ``project`` under the same rules (replacing ``old`` if given):
    panel members first, then the active pool of the panel's specialty (who then join the
    panel). Returns None, logged, when nobody eligible is left."""
    taken = set(ReviewAssignment.objects.filter(project=project).values_list("expert_id", flat=True))
    members = list(Expert.objects.active().filter(panel_memberships__panel=panel).exclude(pk__in=taken))
    pool_used = False
    index = RecusalIndex(members, [project])
    eligible = [e for e in members if not index.reasons(e, project)]
    excluded = {str(e.pk): index.reasons(e, project) for e in members if e not in eligible}
    if not eligible:
        outside = list(eligible_pool(panel.specialty).exclude(pk__in=taken).exclude(pk__in=[e.pk for e in members]))
        index = RecusalIndex(outside, [project])
        eligible = [e for e in outside if not index.reasons(e, project)]
        excluded.update({str(e.pk): index.reasons(e, project) for e in outside if e not in eligible})
        pool_used = True
    if not eligible:
        audit(
            A.REPLACEMENT_FAILED,
            actor=actor,
            panel=panel,
            project=project,
            expert=old.expert if old else None,
            message=f"根据第二十二条回避规定，无可补抽的无利益冲突专家（回避{len(excluded)}人），请补充评审组成员后由第三方机构补抽。",
        )
        return None
    load = campaign_load(panel.campaign)
    candidates = [{"id": e.pk, "load": load.get(e.pk, 0)} for e in eligible]
    seed = seed or draws.new_seed()
    result = draws.draw(seed, candidates, 1)
    record = PanelDraw.objects.create(
        panel=panel,
        kind=PanelDraw.Kind.REPLACEMENT,
        project=project,
        operator=actor,
        seed=seed,
        requested=1,
        candidates=candidates,
        excluded=excluded,
        result=result,
    )
    expert = next(e for e in eligible if e.pk == result[0])
    if pool_used:
        PanelMember.objects.get_or_create(panel=panel, expert=expert, defaults={"draw": record})
    new = ReviewAssignment.objects.create(panel=panel, project=project, expert=expert, draw=record, replaces=old)
    audit(
        A.REPLACED,
        actor=actor,
        panel=panel,
        project=project,
        expert=expert,
        message=f"补抽{expert.name}" + (f"替换{old.expert.name}" if old else "") + f"（候选{len(candidates)}人，种子{seed}）",
        draw=record.pk,
        replaces=old.pk if old else None,
    )
    _notify(new)
    return new


@transaction.atomic
def recuse(*, assignment, actor, reason, seed=None):
    """第二十二条: the expert (or the agency for them) withdraws from a project; the score is
    excluded (never counted as zero) and a replacement is drawn under the same rules.
    Returns the replacement assignment, or None when nobody eligible is left."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefused("申请回避须说明理由（第二十二条）。", code="reason_required")
    locked = ReviewAssignment.objects.select_for_update().select_related("panel", "project", "expert").get(pk=assignment.pk)
    if not locked.is_active:
        raise ReviewRefused("已回避该项目。", code="state")
    if not locked.panel.is_open:
        raise ReviewRefused("评审组已结束，不能回避。", code="closed")
    score = Score.objects.filter(assignment=locked).first()
    if score and score.is_submitted:
        if locked.expert.user_id == actor.pk:
            raise ReviewRefused("评分已提交，如需回避请联系第三方机构退回评分后再申请（第二十二条）。", code="submitted")
        raise ReviewRefused(
            f"{locked.expert.name}的评分已提交：请先在评分表中退回该评分，再代为回避（第二十二条）。", code="submitted"
        )
    locked.status = ReviewAssignment.Status.RECUSED
    locked.recusal_reason = reason
    locked.recused_at = timezone.now()
    locked.save(update_fields=["status", "recusal_reason", "recused_at"])
    audit(A.RECUSED, actor=actor, panel=locked.panel, project=locked.project, expert=locked.expert, message=reason)
    if locked.expert.user_id != actor.pk:  # recorded by the agency: the expert is told
        transaction.on_commit(
            lambda: expert_recused.send(
                sender=ReviewAssignment, assignment=locked, expert_user=locked.expert.user, project=locked.project, reason=reason
            )
        )
    replacement = _draw_replacement(panel=locked.panel, project=locked.project, old=locked, actor=actor, seed=seed)
    if replacement is None:
        flag_gap(locked, reason, why="暂无可补抽的无利益冲突专家")
    refresh_proposal(campaign=locked.panel.campaign)
    return replacement


def top_up(*, panel, project, actor, seed=None):
    """Bring ``project`` back to N = campaign.scorers_per_project active scorers (after a
    replacement found nobody and the agency added members), under the same rules (第二十二条).
    Returns the new assignments."""
    with transaction.atomic():
        from apps.campaigns.models import Campaign

        campaign = Campaign.objects.select_for_update().get(pk=panel.campaign_id)
        if not panel.is_open:
            raise ReviewRefused("评审组已结束。", code="closed")
        assignments = list(ReviewAssignment.objects.filter(panel=panel, project=project).select_related("expert"))
        if not assignments:
            raise ReviewRefused("该项目未分配给本评审组。")
        active = sum(1 for a in assignments if a.is_active)
        needed = campaign.scorers_per_project - active
        if needed <= 0:
            raise ReviewRefused(f"该项目已有{active}名评审专家，无需补抽。", code="full")
        orphans = [
            a for a in assignments if not a.is_active and not ReviewAssignment.objects.filter(replaces=a).exists()
        ]
        drawn = []
        for i in range(needed):
            new = _draw_replacement(
                panel=panel, project=project, old=orphans[i] if i < len(orphans) else None, actor=actor, seed=seed
            )
            if new is None:
                break
            drawn.append(new)
        if not drawn:
            raise ReviewRefused(
                f"根据第二十二条回避规定，专家库中已无与“{project.title}”无利益冲突的可补抽专家，请先补充专家。",
                code="too_few",
            )
    refresh_proposal(campaign=panel.campaign)
    return drawn
