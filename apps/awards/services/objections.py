"""第十七条: objections (异议) during the public notice, their investigation and the
commission's conclusion. An upheld objection takes the project off the list (not_award)."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.projects.models import Project
from apps.projects.services import TransitionRefused, transition
from apps.projects.states import State

from .. import policy
from ..models import Objection
from ..signals import objection_decided, objection_lodged
from ..uploads import check_evidence
from . import AwardRefused

# Names that are not a real name (第十七条 practice: anonymous objections are not accepted).
ANONYMOUS = re.compile(r"^(匿名|无名|不详|无|未知|某某|群众|知情人|网友|举报人)$|某$", re.IGNORECASE)


def objection_window_problem(project, today=None) -> str | None:
    """第十七条: objections are accepted only against a publicized project, up to the last day
    of its notice period."""
    today = today or timezone.localdate()
    if project.state != State.PUBLICIZED or project.notice_ends_on is None:
        return "该项目不在公示期内，不受理异议（第十七条）。"
    if today > project.notice_ends_on:
        return f"公示期已于{project.notice_ends_on:%Y-%m-%d}结束，逾期提出的异议不予受理（第十七条）。"
    return None


def identity_problems(*, kind, name, unit_name, responsible_person, phone) -> dict:
    """第十七条: objections under a real name; a unit gives its name and responsible person;
    a contact telephone number for the investigation."""
    errors = {}
    name = (name or "").strip()
    if not name or ANONYMOUS.search(name) or len(name) < 2:
        errors["name"] = "异议须以真实姓名提出，匿名异议不予受理（第十七条）。"
    if kind == Objection.Kind.UNIT:
        if not (unit_name or "").strip():
            errors["unit_name"] = "以单位名义提出异议的，须填写单位名称并加盖公章材料（第十七条）。"
        if not (responsible_person or "").strip():
            errors["responsible_person"] = "以单位名义提出异议的，须注明单位负责人（第十七条）。"
    if not re.fullmatch(r"[0-9+\-() ]{7,20}", (phone or "").strip()):
        errors["phone"] = "请填写有效的联系电话，以便核实（第十七条）。"
    return errors


@transaction.atomic
def lodge_objection(*, project, kind, name, phone, content, unit_name="", responsible_person="", email="", address="", attachment=None, ip=None) -> Objection:
    """Record an objection and hand the objector a receipt code. Late, anonymous or incomplete
    objections are refused with the reason."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    late = objection_window_problem(project)
    if late:
        raise AwardRefused(late, code="late")
    errors = identity_problems(kind=kind, name=name, unit_name=unit_name, responsible_person=responsible_person, phone=phone)
    if len((content or "").strip()) < 10:
        errors["content"] = "请具体写明异议内容及理由（不少于10个字）。"
    mime = ""
    if attachment:
        try:
            mime = check_evidence(attachment)
        except ValidationError as exc:
            errors["attachment"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    objection = Objection(
        project=project,
        kind=kind,
        name=name.strip(),
        unit_name=unit_name.strip() if kind == Objection.Kind.UNIT else "",
        responsible_person=responsible_person.strip() if kind == Objection.Kind.UNIT else "",
        phone=phone.strip(),
        email=email,
        address=address,
        content=content.strip(),
        submitted_ip=ip,
    )
    if attachment:
        objection.attachment_name = attachment.name[:200]
        objection.attachment_type = mime
        objection.attachment.save(f"evidence.{attachment.name.rsplit('.', 1)[-1][:8] if '.' in attachment.name else 'bin'}", attachment, save=False)
    objection.save()
    transaction.on_commit(lambda: objection_lodged.send(sender=Objection, objection=objection))
    return objection


@transaction.atomic
def record_investigation(*, objection, actor, investigation) -> Objection:
    """Staff (commission or agency) record what the investigation found."""
    policy.require_staff(actor, "登记异议调查核实情况")
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not objection.is_open:
        raise AwardRefused("该异议已作出处理结论。", code="state")
    if not (investigation or "").strip():
        raise AwardRefused("请填写调查核实情况。", code="invalid")
    objection.investigation = investigation.strip()
    objection.investigated_by, objection.investigated_at = actor, timezone.now()
    objection.status = Objection.Status.INVESTIGATED
    objection.save()
    return objection


@transaction.atomic
def decide_objection(*, objection, actor, upheld, reason) -> Objection:
    """第十七条: the commission concludes. Upheld: the project leaves the list (not_award) with
    the reason in its log; dismissed: it stays on the list."""
    policy.require_commission(actor, "异议处理结论")
    objection = Objection.objects.select_for_update().select_related("project").get(pk=objection.pk)
    if objection.status != Objection.Status.INVESTIGATED:
        if objection.status == Objection.Status.RECEIVED:
            raise AwardRefused("请先登记调查核实情况，再作出处理结论。", code="state")
        raise AwardRefused("该异议已作出处理结论。", code="state")
    reason = (reason or "").strip()
    if not reason:
        raise AwardRefused("请填写处理结论的理由。", code="invalid")
    project = objection.project
    if upheld and project.state == State.PUBLICIZED:
        try:
            transition(
                project=project,
                name="not_award",
                actor=actor,
                comment=f"公示异议成立（受理编号{objection.receipt_code}），撤出获奖名单：{reason}",
                expected_state=State.PUBLICIZED,
            )
        except TransitionRefused as exc:
            raise AwardRefused(exc.message, code=exc.code) from None
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.decision_reason = reason
    objection.decided_by, objection.decided_at = actor, timezone.now()
    objection.save()
    transaction.on_commit(lambda: objection_decided.send(sender=Objection, objection=objection))
    return objection
