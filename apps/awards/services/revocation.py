"""第二十一条: revoking an award obtained by fraud; the transition creates the 5-year ban."""

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.organizations.models import OrganizationBan
from apps.projects.services import TransitionRefused, transition
from apps.projects.states import State

from .. import permissions
from ..models import Revocation
from ..uploads import check_evidence
from . import AwardRefused


@transaction.atomic
def revoke_award(*, project, actor, reason, evidence) -> Revocation:
    """第二十一条: the commission revokes with a reason and evidence. The certificate then
    verifies as revoked, the public list drops the project and the organisation (by credit
    code) may not apply for 5 years."""
    permissions.require_commission(actor, "撤销奖项")
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "请填写撤销理由（第二十一条）。"
    if not evidence:
        errors["evidence"] = "请上传证据材料（第二十一条）。"
    else:
        try:
            check_evidence(evidence)
        except ValidationError as exc:
            errors["evidence"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    try:
        transition(project=project, name="revoke", actor=actor, comment=reason, expected_state=State.AWARDED)
    except TransitionRefused as exc:
        raise AwardRefused(exc.message, code=exc.code) from None
    revocation = Revocation(project=project, reason=reason, revoked_by=actor, evidence_name=evidence.name[:200])
    revocation.ban = OrganizationBan.objects.filter(project=project).order_by("-pk").first()
    ext = evidence.name.rsplit(".", 1)[-1][:8] if "." in evidence.name else "bin"
    revocation.evidence.save(f"evidence.{ext}", evidence, save=False)
    revocation.save()
    return revocation
