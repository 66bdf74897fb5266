"""Who may do what in awards (第十七条 to 第二十一条), as django-rules predicates.

Final decisions are the commission's alone (第十七条, 第二十一条); the agency prepares and
handles on its behalf (第五条(二)). The screens, the services and the templates ask these."""

import rules

from apps.accounts import policy as accounts
from apps.core.exceptions import Refusal


def _awarded(state):
    return state == "awarded"


@rules.predicate
def is_awarded_project(user, project):
    return project is not None and _awarded(project.state)


# Read the lists, prepare them, record investigations of objections.
rules.add_perm("awards.manage_list", accounts.programme_staff)
# Decide levels and the best-organisation awards, publish, announce, conclude objections.
rules.add_perm("awards.decide", accounts.commission)
# 第二十一条: revoke an award (the project given is awarded, not yet revoked).
rules.add_perm("awards.revoke", accounts.commission & is_awarded_project)


def revocable(user, states):
    """``awards.revoke`` for a list's rows at once: of ``states`` ({project key: its state}),
    the keys of the projects whose award ``user`` may revoke. The role is asked once, not once
    a row; each project's state after."""
    if not accounts.commission.test(user):
        return set()
    return {pk for pk, state in states.items() if _awarded(state)}


# 获奖与证书: an organisation's own awards and certificates, a unit's recommended ones.
rules.add_perm("awards.see_own", accounts.of_an_organization | accounts.recommender)
# Revoked certificates stay visible to the programme staff only.
rules.add_perm("awards.see_revoked", accounts.programme_staff)


def require_commission(user, what):
    """The services' check for a final decision (第十七条, 第二十一条)."""
    if not rules.has_perm("awards.decide", user):
        raise Refusal(f"{what}须由市市场监管委作出（第十七条）。", code="permission")


def require_staff(user, what):
    """The services' check for the administrative work (第五条(二))."""
    if not rules.has_perm("awards.manage_list", user):
        raise Refusal(f"您无权{what}（第五条(二)）。", code="permission")


# Django's admin (apps.core.admin_utils.PolicyAdmin): the lists, objections, certificates,
# best-organisation awards and revocations change through the services (第十七条, 第二十一条).
accounts.admin_permissions("awards", "awardlist", "listentry", "objection", "certificate", "certificatereissue", "bestorganizationaward", "revocation", read_only=True)
accounts.admin_permissions("awards", "certificaterun", "certificaterunitem")
