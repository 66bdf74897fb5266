"""Scoring against the campaign's rubric (第十六条) after the pledge (第二十三条)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone

from ..models import CriterionScore, ReviewAssignment, Score
from ..selectors import pledges
from ..signals import score_reopened
from .base import A, ReviewRefused, audit
from .proposal import refresh_proposal


# ---- scoring (第十六条, 第二十三条) ----------------------------------------------------------


def weighted_total(criteria, points):
    """100 × Σ(points × weight) / Σ(max_points × weight), rounded to 2 decimals."""
    full = sum(Decimal(c.max_points) * c.weight for c in criteria)
    got = sum(points.get(c.pk, Decimal(0)) * c.weight for c in criteria)
    if not full:
        return Decimal("0.00")
    return (Decimal(100) * got / full).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def has_signed(expert, campaign):
    """第二十三条: no material and no score before the confidentiality pledge."""
    return pledges(expert, campaign).exists()


def save_score(*, assignment, actor, points, comment="", submit=False) -> Score:
    """Save the expert's scores (draft), or submit them (locked). Scores are bounded per
    criterion (0…满分); a comment is required below ``campaign.comment_required_below``.
    Raises ValidationError with per-field messages, or ReviewRefused."""
    with transaction.atomic():
        locked = ReviewAssignment.objects.select_for_update().select_related("panel__campaign", "project", "expert").get(
            pk=assignment.pk
        )
        campaign = locked.panel.campaign
        if locked.expert.user_id != actor.pk:
            raise ReviewRefused("只能为分配给本人的项目评分。", code="permission")
        if not locked.is_active:
            raise ReviewRefused("您已回避该项目，不能评分（第二十二条）。", code="recused")
        if not locked.panel.is_open:
            raise ReviewRefused("评审组已结束，评分不能再修改。", code="closed")
        if not has_signed(locked.expert, campaign):
            raise ReviewRefused("请先签署保密承诺（第二十三条）。", code="pledge")
        score, _ = Score.objects.get_or_create(assignment=locked)
        if score.is_submitted:
            raise ReviewRefused("评分已提交并锁定；如需修改请联系第三方机构退回。", code="locked")
        criteria = campaign.rubric_for(locked.project.project_type)
        errors, clean = {}, {}
        for criterion in criteria:
            raw = points.get(criterion.pk)
            if raw in (None, ""):
                if submit:
                    errors[f"c{criterion.pk}"] = f"请为“{criterion.name}”评分。"
                continue
            try:
                value = Decimal(str(raw))
                if not value.is_finite():  # NaN and ±Infinity are no score (and break comparisons)
                    raise InvalidOperation
                value = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            except (InvalidOperation, ValueError, TypeError):
                errors[f"c{criterion.pk}"] = f"“{criterion.name}”的得分应为数字。"
                continue
            if value < 0 or value > criterion.max_points:
                errors[f"c{criterion.pk}"] = f"“{criterion.name}”的得分应在0至{criterion.max_points}分之间。"
                continue
            clean[criterion.pk] = value
        total = weighted_total(criteria, clean)
        comment = (comment or "").strip()
        if submit and not errors and total < campaign.comment_required_below and not comment:
            errors["comment"] = f"总分低于{floatformat(campaign.comment_required_below, -1)}分，须填写评语。"
        if errors:
            raise ValidationError(errors)
        existing = {i.criterion_id: i for i in score.items.all()}
        for criterion in criteria:
            if criterion.pk in clean:
                item = existing.get(criterion.pk)
                if item is None:
                    CriterionScore.objects.create(score=score, criterion=criterion, points=clean[criterion.pk])
                elif item.points != clean[criterion.pk]:
                    item.points = clean[criterion.pk]
                    item.save(update_fields=["points"])
            elif criterion.pk in existing:
                existing[criterion.pk].delete()
        score.total = total if clean else None
        score.comment = comment
        if submit:
            score.status = Score.Status.SUBMITTED
            score.submitted_at = timezone.now()
        score.save()
        audit(
            A.SUBMITTED if submit else A.DRAFT_SAVED,
            actor=actor,
            panel=locked.panel,
            project=locked.project,
            expert=locked.expert,
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
    locked = Score.objects.select_for_update().select_related("assignment__panel", "assignment__project", "assignment__expert").get(
        pk=score.pk
    )
    if not locked.assignment.panel.is_open:
        raise ReviewRefused("评审组已结束，评分不能退回。", code="closed")
    if not locked.is_submitted:
        raise ReviewRefused("该评分尚未提交。", code="state")
    locked.status = Score.Status.DRAFT
    locked.submitted_at = None
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    assignment = locked.assignment
    audit(A.REOPENED, actor=actor, panel=assignment.panel, project=assignment.project, expert=assignment.expert, message=reason)
    refresh_proposal(campaign=assignment.panel.campaign)
    transaction.on_commit(
        lambda: score_reopened.send(
            sender=Score, assignment=assignment, expert_user=assignment.expert.user, project=assignment.project, reason=reason
        )
    )
    return locked
