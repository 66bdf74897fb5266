"""第二十三条: review feedback for the organisation that applied. Where the campaign allows it
(Campaign.feedback_to_applicants) and once the award list is announced, the organisation reads
its project's total, the average points of each criterion and the experts' comments. Nothing
here carries an expert's name or identity: averages only, comments without their authors."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg

from apps.review.models import CriterionScore, ProposalEntry, ReviewAssignment, Score

from .models import AwardList


@dataclass
class CriterionAverage:
    name: str
    max_points: int
    average: Decimal


@dataclass
class Feedback:
    total: Decimal | None
    score_count: int
    criteria: list = field(default_factory=list)
    comments: list = field(default_factory=list)


def feedback_available(project) -> bool:
    campaign = project.campaign
    return bool(campaign.feedback_to_applicants) and AwardList.objects.filter(
        campaign=campaign, status=AwardList.Status.ANNOUNCED
    ).exists()


def feedback_for(project):
    """The project's feedback, or None before the announcement or where the campaign does not give it."""
    if not feedback_available(project):
        return None
    scores = Score.objects.filter(
        assignment__project=project, assignment__status=ReviewAssignment.Status.ACTIVE, status=Score.Status.SUBMITTED
    )
    entry = ProposalEntry.objects.filter(project=project).only("score").first()
    averages = (
        CriterionScore.objects.filter(score__in=scores)
        .values("criterion__name", "criterion__max_points", "criterion__order", "criterion_id")
        .annotate(average=Avg("points"))
        .order_by("criterion__order", "criterion_id")
    )
    # Comments sorted by their text: their order says nothing about who wrote them.
    comments = sorted(c.strip() for c in scores.values_list("comment", flat=True) if c and c.strip())
    return Feedback(
        total=entry.score.quantize(Decimal("0.01"), ROUND_HALF_UP) if entry else None,
        score_count=scores.count(),
        criteria=[
            CriterionAverage(a["criterion__name"], a["criterion__max_points"], Decimal(a["average"]).quantize(Decimal("0.1"), ROUND_HALF_UP))
            for a in averages
        ],
        comments=comments,
    )
