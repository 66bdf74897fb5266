"""第二十一条: revoking an award obtained by fraud. The one way to revoke: the record with its
reason and evidence is what the ``revoke`` transition requires; the transition saves it with
the 5-year ban, and the organisation's other projects still under way are halted."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from apps.projects.models import Project
from apps.projects.services import transition
from apps.projects.states import RUNNING_STATES, State

from .. import policy
from ..models import Revocation
from ..uploads import check_evidence


@transaction.atomic
def revoke_award(*, project, actor, reason, evidence) -> Revocation:
    """第二十一条: the commission revokes with a reason and evidence. The certificate then
    verifies as revoked, the public list drops the project and the organisation (by credit
    code) may not apply for 5 years."""
    policy.require_commission(actor, "撤销奖项")
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
    ext = evidence.name.rsplit(".", 1)[-1][:8] if "." in evidence.name else "bin"
    # The file is stored when the transition saves the record (never for a refused one).
    revocation = Revocation(
        reason=reason, revoked_by=actor, evidence_name=evidence.name[:200], evidence=File(evidence, name=f"evidence.{ext}")
    )
    transition(project=project, name="revoke", actor=actor, comment=reason, expected_state=State.AWARDED, revocation=revocation)
    halt_running_projects(revoked=project, actor=actor)
    return revocation


def halt_running_projects(*, revoked, actor) -> list[Project]:
    """第二十一条: the organisation's other projects still under way stop, each through the
    transition door with the reason in its log row."""
    reason = (
        f"根据第二十一条，本组织项目{revoked.number}《{revoked.title}》的奖项因弄虚作假被撤销，"
        "本组织其他在办项目终止。"
    )
    halted = []
    running = Project.objects.filter(organization_id=revoked.organization_id, state__in=RUNNING_STATES)
    for other in running.exclude(pk=revoked.pk).select_related("campaign", "organization").order_by("pk"):
        transition(project=other, name="halt", actor=actor, comment=reason)
        halted.append(other)
    return halted
