"""Who may do what in the review (第五条(三), 第十六条, 第二十二条, 第二十三条), as django-rules
predicates. The commission and the agency read the panels; the agency operates the pool,
the panels and the draws; an expert scores only an assignment of their own that is active."""

import rules

from apps.accounts import policy as accounts


@rules.predicate
def is_own_active_assignment(user, assignment):
    """第二十二条: an assignment the expert holds and has not recused from."""
    return assignment is not None and assignment.status == "active" and assignment.expert.user_id == user.pk


@rules.predicate
def wrote_the_score(user, score):
    return score is not None and score.assignment.expert.user_id == user.pk


@rules.predicate
def sat_on_the_closed_panel(user, score):
    """第二十三条: scores stay independent while the panel is open; once it has closed its
    members may read each other's."""
    panel = score.assignment.panel if score is not None else None
    return panel is not None and not panel.is_open and panel.members.filter(expert__user=user).exists()


rules.add_perm("review.view", accounts.programme_staff)
# 第二十三条: a score is read by the programme staff, the expert who wrote it and, once the
# panel has closed, the other members of that panel.
rules.add_perm("review.see_score", accounts.programme_staff | (accounts.is_active & (wrote_the_score | sat_on_the_closed_panel)))
rules.add_perm("review.operate", accounts.agency)
rules.add_perm("review.expert", accounts.expert)
rules.add_perm("review.score", accounts.expert & is_own_active_assignment)


# Django's admin (apps.core.admin_utils.PolicyAdmin). 第二十二条, 第二十三条: conflicts, draws,
# assignments, scores, proposals and the audit change only through the review services; the
# pool's experts are entered and retired on the pool screen, never added or deleted here.
accounts.admin_permissions(
    "experts", "conflict", "paneldraw", "reviewauditevent", "reviewassignment", "score", "criterionscore", "proposalentry", "bestorganizationentry", read_only=True
)
accounts.admin_permissions("experts", "expert", add=rules.always_deny, delete=rules.always_deny)
accounts.admin_permissions("experts", "panel", "panelmember", "confidentialitypledge")
