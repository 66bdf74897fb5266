"""Writes of recommender units: the directory (第六条) and verification with its decision (第十条, 第十五条)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.projects.services import transition

from .models import RecommenderKind, RecommenderUnit, RecommenderVerification


@transaction.atomic
def load_units(rows) -> tuple[int, int]:
    """Create or update recommender units (第六条) from ``{"name", "kind", "district"}`` rows.

    Goes through ``save()`` so each new unit gets its permission group."""
    created = updated = 0
    for row in rows:
        if row["kind"] not in RecommenderKind.values:
            raise ValueError(f"未知的推荐单位类别：{row['kind']}")
        unit = RecommenderUnit.objects.filter(name=row["name"]).first()
        if unit is None:
            RecommenderUnit.objects.create(name=row["name"], kind=row["kind"], district=row.get("district", ""))
            created += 1
        elif (unit.kind, unit.district) != (row["kind"], row.get("district", "")):
            unit.kind, unit.district = row["kind"], row.get("district", "")
            unit.save(update_fields=["kind", "district"])
            updated += 1
    return created, updated


@transaction.atomic
def verify_and_decide(*, project, actor, stage, answers, opinion, decision, expected_state=None):
    """第十条 (stage "application") / 第十五条 (stage "results"): store the checklist answers and
    the opinion, and fire the decision through the state machine in the same transaction.
    A refused transition (:class:`~apps.projects.services.TransitionRefused`) stores nothing."""
    if not actor.recommender_id or project.recommender_id != actor.recommender_id:
        raise PermissionDenied("该项目不属于本推荐单位。")
    verification = RecommenderVerification.objects.create(
        project=project,
        unit_id=actor.recommender_id,
        stage=stage,
        answers=answers,
        opinion=opinion,
        decision=decision,
        verified_by=actor,
    )
    transition(project=project, name=decision, actor=actor, comment=opinion, expected_state=expected_state)
    return verification
