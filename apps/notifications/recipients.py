"""Who is concerned by what happens to a project (one table, not an if-chain)."""

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.projects.states import State

# Staff who must act next when a project reaches a state (DESIGN.md §1).
STAFF_TO_ACT = {
    State.RECOMMENDED: (Role.COMMISSION,),  # 立项审核 (第十一条)
    State.RESULTS_RECOMMENDED: (Role.COMMISSION, Role.AGENCY),  # panel formation (第十六条)
    State.REVIEWED: (Role.COMMISSION,),  # deciding the list (第十七条)
    State.REVOKED: (Role.COMMISSION, Role.AGENCY),
}


def applicant_users(project):
    return User.objects.filter(organization_id=project.organization_id, is_active=True, groups__name=Role.APPLICANT)


def recommender_users(recommender_id):
    if not recommender_id:
        return User.objects.none()
    return User.objects.filter(recommender_id=recommender_id, is_active=True, groups__name=Role.RECOMMENDER)


def staff_users(*roles):
    return User.objects.filter(is_active=True, groups__name__in=[r.value for r in roles])


def for_transition(project, to_state, actor=None):
    """The applicant organisation's users and its recommender unit's users always; staff where
    they must act next. The actor is not told about their own action."""
    people = list(applicant_users(project))
    # A draft withdrawn never reached the recommender; everything else was routed to it.
    if to_state != State.WITHDRAWN or project.submitted_at:
        people += list(recommender_users(project.recommender_id))
    roles = STAFF_TO_ACT.get(to_state)
    if roles:
        people += list(staff_users(*roles))
    seen, result = set(), []
    for user in people:
        if user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        result.append(user)
    return result
