"""A recommending unit's verification of a project with its decision (第十条, 第十五条)."""

import rules
from django.db import transaction

from apps.core.exceptions import Refusal
from apps.projects import similarity
from apps.projects.services import TransitionRefused, transition
from apps.recommenders.models import RecommenderVerification


@transaction.atomic
def verify_and_decide(*, project, actor, stage, answers, opinion, decision, expected_state=None, acknowledge_similarity=False):
    """第十条 (stage "application") / 第十五条 (stage "results"): store the checklist answers and
    the opinion, and fire the decision through the state machine in the same transaction.
    A refused transition (:class:`~apps.projects.services.TransitionRefused`) stores nothing.
    ``acknowledge_similarity``: the unit acknowledges a flagged duplicate check (第七条(四)),
    which ``recommend`` requires."""
    if project.recommender_id != actor.recommender_id or not rules.has_perm("projects.verify", actor, project):
        raise Refusal("该项目不属于本推荐单位（第九条）。", code="permission")
    verification = RecommenderVerification.objects.create(
        project=project,
        unit_id=actor.recommender_id,
        stage=stage,
        answers=answers,
        opinion=opinion,
        decision=decision,
        verified_by=actor,
    )
    if acknowledge_similarity and decision == "recommend":
        try:
            similarity.acknowledge(project=project, actor=actor)
        except similarity.SimilarityRefused as exc:
            raise TransitionRefused(exc.message, code="similarity") from None
    transition(project=project, name=decision, actor=actor, comment=opinion, expected_state=expected_state)
    return verification
