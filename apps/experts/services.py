"""Writes of the expert review: the pool (第五条(三)), conflicts and pledges (第二十二条,
第二十三条), panels and assignments, scores, the proposal (第十六条, 第四条) and closing.

Every function takes keyword arguments, runs in one transaction and writes the audit trail."""

import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role, ensure_role_groups
from apps.campaigns.models import Campaign
from apps.projects.models import Project
from apps.projects.services import TransitionRefused, transition
from apps.projects.states import State

from . import draw as draws
from . import ranking
from .models import (
    BestOrganizationEntry,
    ConfidentialityPledge,
    Conflict,
    CriterionScore,
    Expert,
    ExpertStatus,
    Panel,
    PanelDraw,
    PanelMember,
    ProposalEntry,
    ReviewAssignment,
    ReviewAuditEvent,
    Score,
)
from .recusal import RecusalIndex
from .signals import expert_assigned

A = ReviewAuditEvent.Action


class ReviewRefused(Exception):
    """A review step that may not happen; ``message`` says why in Chinese, citing the article."""

    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message = message
        self.code = code


def audit(action, *, actor=None, campaign=None, panel=None, project=None, expert=None, message="", **detail):
    return ReviewAuditEvent.objects.create(
        action=action,
        actor=actor,
        campaign=campaign or (panel.campaign if panel else None) or (project.campaign if project else None),
        panel=panel,
        project=project,
        expert=expert,
        message=message[:500],
        detail=detail,
    )


# ---- the pool (第五条(三)) -------------------------------------------------------------------

EXPERT_FIELDS = (
    "name",
    "employer_name",
    "employer_credit_code",
    "title",
    "specialties",
    "phone",
    "email",
    "term_start",
    "term_end",
)


@transaction.atomic
def add_expert(*, actor, username, password=None, **fields) -> tuple[Expert, str | None]:
    """Put a person into the 专家库. Creates the login (role 专家) when ``username`` is new and
    returns the initial password to hand over (None when the user existed)."""
    groups = ensure_role_groups()
    user = User.objects.filter(username=username).first()
    initial = None
    if user is None:
        initial = password or secrets.token_urlsafe(9)
        user = User(username=username, full_name=fields.get("name", ""), email=fields.get("email", ""))
        user.set_password(initial)
        user.save()
    elif Expert.objects.filter(user=user).exists():
        raise ReviewRefused(f"用户“{username}”已在专家库中。", code="exists")
    elif user.role_names - {Role.EXPERT}:
        raise ReviewRefused(f"用户“{username}”已有其他角色（{user.role_label}），不能作为专家入库。", code="role")
    user.groups.add(groups[Role.EXPERT])
    expert = Expert(user=user, **{k: v for k, v in fields.items() if k in EXPERT_FIELDS})
    expert.employer_credit_code = (expert.employer_credit_code or "").strip().upper()
    expert.full_clean()
    expert.save()
    audit(A.EXPERT_ADDED, actor=actor, expert=expert, message=f"{expert.name}（{expert.employer_name}）入库")
    return expert, initial


@transaction.atomic
def update_expert(*, expert, actor, **fields) -> Expert:
    changed = {}
    for key, value in fields.items():
        if key in EXPERT_FIELDS and getattr(expert, key) != value:
            changed[key] = str(value)
            setattr(expert, key, value)
    expert.employer_credit_code = (expert.employer_credit_code or "").strip().upper()
    expert.full_clean()
    expert.save()
    if changed:
        audit(A.EXPERT_CHANGED, actor=actor, expert=expert, message="修改：" + "、".join(changed), changed=changed)
    return expert


@transaction.atomic
def set_expert_status(*, expert, status, actor, reason="") -> Expert:
    """第五条(三) dynamic management: suspend, retire or reactivate an expert. Suspended and
    retired experts are never drawn; their open assignments stay until recused by the agency."""
    if status not in ExpertStatus.values:
        raise ReviewRefused("未知的专家状态。")
    if status != ExpertStatus.ACTIVE and not reason.strip():
        raise ReviewRefused("暂停或退出专家库须填写说明（第五条(三)）。", code="reason_required")
    old = expert.get_status_display()
    expert.status = status
    expert.status_reason = reason.strip()
    expert.save(update_fields=["status", "status_reason", "updated_at"])
    audit(
        A.EXPERT_STATUS,
        actor=actor,
        expert=expert,
        message=f"{old} → {expert.get_status_display()}" + (f"：{reason}" if reason else ""),
    )
    return expert


def import_experts(*, file, actor):
    """第五条(三): add or update experts from an Excel sheet (the export's columns). Rows with
    errors are skipped and reported; the others are saved. Returns (created, updated, errors,
    initial passwords {username: password})."""
    from . import excel_io

    created, updated, errors, passwords = 0, 0, [], {}
    for number, data, problems in excel_io.parse(file):
        if problems:
            errors.append(f"第{number}行：" + "；".join(problems))
            continue
        username, status = data.pop("username"), data.pop("status")
        try:
            with transaction.atomic():
                expert = Expert.objects.filter(user__username=username).first()
                if expert is None:
                    expert, initial = add_expert(actor=actor, username=username, **data)
                    created += 1
                    if initial:
                        passwords[username] = initial
                else:
                    update_expert(expert=expert, actor=actor, **data)
                    updated += 1
                if expert.status != status:
                    set_expert_status(expert=expert, status=status, actor=actor, reason="Excel导入")
        except ReviewRefused as exc:
            errors.append(f"第{number}行：{exc.message}")
        except ValidationError as exc:
            errors.append(f"第{number}行：" + "；".join(exc.messages))
    return created, updated, errors, passwords


@transaction.atomic
def declare_conflict(*, expert, organization, reason, actor) -> Conflict:
    """第二十二条: the expert declares an interest in an applicant; from now on no draw gives
    the expert that applicant's projects."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefused("请说明利益关系（第二十二条）。", code="reason_required")
    conflict, created = Conflict.objects.get_or_create(expert=expert, organization=organization, defaults={"reason": reason})
    if not created:
        raise ReviewRefused(f"已申报过与“{organization.name}”的利益冲突。", code="exists")
    audit(A.CONFLICT_DECLARED, actor=actor, expert=expert, message=f"{organization.name}：{reason}", organization=organization.pk)
    return conflict


@transaction.atomic
def sign_pledge(*, expert, campaign, actor, ip_address=None) -> ConfidentialityPledge:
    """第二十三条: signed before the expert first sees any material of the campaign."""
    pledge, created = ConfidentialityPledge.objects.get_or_create(
        expert=expert, campaign=campaign, defaults={"ip_address": ip_address}
    )
    if created:
        audit(A.PLEDGE_SIGNED, actor=actor, campaign=campaign, expert=expert, message="签署保密承诺（第二十三条）")
    return pledge


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
                    a = ReviewAssignment.objects.create(panel=panel, project=project, expert=by_id[expert_id], draw=record)
                    added[expert_id] = added.get(expert_id, 0) + 1
                    _notify(a)
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


def _draw_replacement(*, old, actor, seed=None):
    """Draw one replacement for ``old`` under the same rules: panel members first, then the
    active pool of the panel's specialty (who then join the panel)."""
    panel, project = old.panel, old.project
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
            expert=old.expert,
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
        message=f"补抽{expert.name}替换{old.expert.name}（候选{len(candidates)}人，种子{seed}）",
        draw=record.pk,
        replaces=old.pk,
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
    a = ReviewAssignment.objects.select_for_update().select_related("panel", "project", "expert").get(pk=assignment.pk)
    if not a.is_active:
        raise ReviewRefused("已回避该项目。", code="state")
    if not a.panel.is_open:
        raise ReviewRefused("评审组已结束，不能回避。", code="closed")
    score = Score.objects.filter(assignment=a).first()
    if score and score.is_submitted:
        raise ReviewRefused("评分已提交，如需回避请联系第三方机构退回评分后再申请（第二十二条）。", code="submitted")
    a.status = ReviewAssignment.Status.RECUSED
    a.recusal_reason = reason
    a.recused_at = timezone.now()
    a.save(update_fields=["status", "recusal_reason", "recused_at"])
    audit(A.RECUSED, actor=actor, panel=a.panel, project=a.project, expert=a.expert, message=reason)
    replacement = _draw_replacement(old=a, actor=actor, seed=seed)
    refresh_proposal(campaign=a.panel.campaign)
    return replacement


# ---- scoring (第十六条, 第二十三条) ----------------------------------------------------------


def weighted_total(criteria, points):
    """100 × Σ(points × weight) / Σ(max_points × weight), rounded to 2 decimals."""
    full = sum(Decimal(c.max_points) * c.weight for c in criteria)
    got = sum(points.get(c.pk, Decimal(0)) * c.weight for c in criteria)
    if not full:
        return Decimal("0.00")
    return (Decimal(100) * got / full).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def has_signed(expert, campaign):
    return ConfidentialityPledge.objects.filter(expert=expert, campaign=campaign).exists()


def save_score(*, assignment, actor, points, comment="", submit=False) -> Score:
    """Save the expert's scores (draft), or submit them (locked). Scores are bounded per
    criterion (0…满分); a comment is required below ``campaign.comment_required_below``.
    Raises ValidationError with per-field messages, or ReviewRefused."""
    with transaction.atomic():
        a = ReviewAssignment.objects.select_for_update().select_related("panel__campaign", "project", "expert").get(
            pk=assignment.pk
        )
        campaign = a.panel.campaign
        if a.expert.user_id != actor.pk:
            raise ReviewRefused("只能为分配给本人的项目评分。", code="permission")
        if not a.is_active:
            raise ReviewRefused("您已回避该项目，不能评分（第二十二条）。", code="recused")
        if not a.panel.is_open:
            raise ReviewRefused("评审组已结束，评分不能再修改。", code="closed")
        if not has_signed(a.expert, campaign):
            raise ReviewRefused("请先签署保密承诺（第二十三条）。", code="pledge")
        score, _ = Score.objects.get_or_create(assignment=a)
        if score.is_submitted:
            raise ReviewRefused("评分已提交并锁定；如需修改请联系第三方机构退回。", code="locked")
        criteria = campaign.rubric_for(a.project.project_type)
        errors, clean = {}, {}
        for c in criteria:
            raw = points.get(c.pk)
            if raw in (None, ""):
                if submit:
                    errors[f"c{c.pk}"] = f"请为“{c.name}”评分。"
                continue
            try:
                value = Decimal(str(raw)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            except Exception:
                errors[f"c{c.pk}"] = f"“{c.name}”的得分应为数字。"
                continue
            if value < 0 or value > c.max_points:
                errors[f"c{c.pk}"] = f"“{c.name}”的得分应在0至{c.max_points}分之间。"
                continue
            clean[c.pk] = value
        total = weighted_total(criteria, clean)
        comment = (comment or "").strip()
        if submit and not errors and total < campaign.comment_required_below and not comment:
            errors["comment"] = f"总分低于{campaign.comment_required_below}分，须填写评语。"
        if errors:
            raise ValidationError(errors)
        existing = {i.criterion_id: i for i in score.items.all()}
        for c in criteria:
            if c.pk in clean:
                item = existing.get(c.pk)
                if item is None:
                    CriterionScore.objects.create(score=score, criterion=c, points=clean[c.pk])
                elif item.points != clean[c.pk]:
                    item.points = clean[c.pk]
                    item.save(update_fields=["points"])
            elif c.pk in existing:
                existing[c.pk].delete()
        score.total = total if clean else None
        score.comment = comment
        if submit:
            score.status = Score.Status.SUBMITTED
            score.submitted_at = timezone.now()
        score.save()
        audit(
            A.SUBMITTED if submit else A.DRAFT_SAVED,
            actor=actor,
            panel=a.panel,
            project=a.project,
            expert=a.expert,
            message=f"加权总分{total}",
        )
    if submit:
        refresh_proposal(campaign=campaign)
    return score


@transaction.atomic
def reopen_score(*, score, actor, reason) -> Score:
    """The agency unlocks a submitted score (e.g. an obvious slip); the reason is logged."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewRefused("退回评分须填写理由。", code="reason_required")
    s = Score.objects.select_for_update().select_related("assignment__panel", "assignment__project", "assignment__expert").get(
        pk=score.pk
    )
    if not s.assignment.panel.is_open:
        raise ReviewRefused("评审组已结束，评分不能退回。", code="closed")
    if not s.is_submitted:
        raise ReviewRefused("该评分尚未提交。", code="state")
    s.status = Score.Status.DRAFT
    s.submitted_at = None
    s.save(update_fields=["status", "submitted_at", "updated_at"])
    a = s.assignment
    audit(A.REOPENED, actor=actor, panel=a.panel, project=a.project, expert=a.expert, message=reason)
    refresh_proposal(campaign=a.panel.campaign)
    return s


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


def can_adjust(user, campaign):
    """The chair of an open panel of the campaign, or the agency/commission."""
    if user.is_programme_staff:
        return True
    return Panel.objects.filter(campaign=campaign, status=Panel.Status.OPEN, chair__user=user).exists()


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
        if not can_adjust(actor, campaign):
            raise ReviewRefused("只有评审组组长或第三方机构可以调整建议等级。", code="permission")
        e = ProposalEntry.objects.select_for_update().select_related("project").get(pk=entry.pk)
        if e.finalised:
            raise ReviewRefused("评审已结束，建议名单已移交市市场监管委。", code="closed")
        if level:
            quota = campaign.quota_for(level)
            held = (
                ProposalEntry.objects.filter(campaign=campaign, proposed_level=level, adjusted_by__isnull=False)
                .exclude(pk=e.pk)
                .count()
            )
            if held + 1 > quota:
                label = dict(ProposalEntry._meta.get_field("proposed_level").choices)[level]
                raise ReviewRefused(
                    f"根据第四条，{label}名额为{quota}个，已有{held}个经调整确定为{label}，不能再增加。", code="quota"
                )
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


