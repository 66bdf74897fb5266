"""What every review service shares: the refusal and the audit trail (第二十三条)."""

from django.db import transaction

from apps.core.exceptions import Refusal

from ..models import ReviewAssignment, ReviewAuditEvent
from ..signals import recusal_gap


A = ReviewAuditEvent.Action


# The portal's one refusal (apps.core.exceptions), under the name this app's callers know.
ReviewRefused = Refusal


def audit(action, *, actor=None, campaign=None, panel=None, project=None, expert=None, message="", **detail):
    """One row of the trail (第二十三条). ``expert``: the expert, or its key (a screen that
    checked the assignment is the user's has the key without building the expert)."""
    return ReviewAuditEvent.objects.create(
        action=action,
        actor=actor,
        campaign=campaign or (panel.campaign if panel else None) or (project.campaign if project else None),
        panel=panel,
        project=project,
        expert_id=getattr(expert, "pk", expert),
        message=message[:500],
        detail=detail,
    )


def flag_gap(assignment, reason, *, why):
    """Tell the agency, after commit, that ``assignment``'s project lacks a scorer after a
    recusal (第二十二条); the recused assignment without a replacement stays listed
    (:func:`apps.review.selectors.recusal_gaps`) until a top-up replaces it."""
    a = assignment
    transaction.on_commit(
        lambda: recusal_gap.send(sender=ReviewAssignment, assignment=a, project=a.project, reason=reason, why=why)
    )
