"""Writes on projects: the one door through which a project's state changes."""

from django.db import OperationalError, transaction
from django_fsm import ConcurrentTransition

from apps.core.exceptions import Refusal

from apps.accounts.roles import Role
from apps.core.db import bound_lock_wait, is_lock_timeout

from .models import Project, ProjectTransition
from .rules import unmet
from .signals import project_transitioned
from .workflow import TRANSITION_NAMES, transition_meta

CONFLICT_MESSAGE = "该项目已被他人处理（当前状态：{state}），请刷新页面后查看。"


# The portal's one refusal (apps.core.exceptions), under the name this app's callers know.
TransitionRefused = Refusal


def _role_of(user):
    if user is None:
        return "系统"
    for role in (Role.COMMISSION, Role.AGENCY, Role.RECOMMENDER, Role.APPLICANT, Role.EXPERT):
        if user.has_role(role):
            return role.label
    return ""


def _fsm_transition(project, name):
    meta = getattr(type(project), name)._django_fsm
    return meta, meta.get_transition(project.state)


def allowed_transitions(project, user, *, via_action_url=False):
    """The transitions ``user`` may fire on ``project`` now (permission only; conditions are
    checked when it is fired, so a refused one can say why). With ``via_action_url`` only
    those the generic action URL may fire: nothing needed beyond a comment."""
    result = []
    for name in sorted(TRANSITION_NAMES):
        meta, t = _fsm_transition(project, name)
        if t is not None and t.has_perm(project, user):
            edge = transition_meta(name)
            if not via_action_url or edge.via_action_url:
                result.append(edge)
    return result


def transition(*, project, name, actor, comment="", expected_state=None, **kwargs) -> ProjectTransition:
    """Fire transition ``name`` on ``project`` as ``actor``.

    Locks the row, checks the state the actor saw (``expected_state``), the permission and the
    conditions; on success saves, writes the log row in the same transaction and sends
    :data:`project_transitioned` after commit. On refusal nothing changes and
    :class:`TransitionRefused` says why."""
    if name not in TRANSITION_NAMES:
        raise TransitionRefused(f"未知的操作：{name}", code="unknown")
    edge = transition_meta(name)
    # The state the caller saw: if someone else moved the project meanwhile, say so.
    expected_state = expected_state or project.state
    comment = (comment or "").strip()
    if edge.comment_required and not comment:
        raise TransitionRefused(f"“{edge.label}”须填写意见或理由（{edge.article}）。", code="comment_required")
    try:
        with transaction.atomic():
            # Someone holding the row (a long transaction, a stuck request) makes this one give
            # up after a few seconds with 已被他人处理, instead of hanging until the server kills it.
            bound_lock_wait()
            locked = Project.objects.select_for_update(of=("self",)).select_related("campaign", "organization", "recommender").get(
                pk=project.pk
            )
            if locked.state != expected_state:
                raise TransitionRefused(CONFLICT_MESSAGE.format(state=locked.get_state_display()), code="conflict")
            meta, t = _fsm_transition(locked, name)
            if t is None:
                raise TransitionRefused(
                    f"项目当前状态为“{locked.get_state_display()}”，不能执行“{edge.label}”（{edge.article}）。", code="state"
                )
            if actor is not None and not t.has_perm(locked, actor):
                raise TransitionRefused(f"您无权对该项目执行“{edge.label}”（{edge.article}）。", code="permission")
            # An argument the transition requires must be given (a commitment confirmed: True).
            missing = [arg for arg in edge.requires if kwargs.get(arg) is None or kwargs.get(arg) is False]
            if missing:
                raise TransitionRefused(f"根据{edge.article}，“{edge.label}”须有{edge.needs}。", code="needs")
            problems = unmet(t.conditions, locked)
            if problems:
                raise TransitionRefused("；".join(p.rstrip("。") for p in problems) + "。", code="conditions")
            source = locked.state
            getattr(locked, name)(comment=comment, actor=actor, **kwargs)
            locked.save()
            log = ProjectTransition.objects.create(
                project=locked,
                transition=name,
                from_state=source,
                to_state=locked.state,
                actor=actor,
                role=_role_of(actor),
                comment=comment,
            )
            transaction.on_commit(
                lambda: project_transitioned.send(
                    sender=Project,
                    project=locked,
                    transition=name,
                    from_state=source,
                    to_state=locked.state,
                    actor=actor,
                    comment=comment,
                    log=log,
                )
            )
    except ConcurrentTransition:
        current = Project.objects.get(pk=project.pk)
        raise TransitionRefused(CONFLICT_MESSAGE.format(state=current.get_state_display()), code="conflict") from None
    except OperationalError as exc:
        if not is_lock_timeout(exc):
            raise
        current = Project.objects.get(pk=project.pk)
        raise TransitionRefused(CONFLICT_MESSAGE.format(state=current.get_state_display()), code="conflict") from None
    # Hand the caller the new state without letting it assign the protected field.
    project.refresh_from_db()
    return log


@transaction.atomic
def create_project(*, campaign, organization, created_by, **fields) -> Project:
    """Start an application (draft); the organisation's users see it (apps.projects.policy)."""
    project = Project(campaign=campaign, organization=organization, created_by=created_by, **fields)
    project.full_clean(exclude=["state"])
    project.save()
    return project
