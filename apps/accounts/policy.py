"""Who a user is, as django-rules predicates: the roles of DESIGN.md §1. The other apps'
policies build on these; ``accounts.programme_staff`` is what the one staff decorator asks."""

import rules

from .roles import Role


@rules.predicate
def is_active(user):
    return user is not None and user.is_authenticated and user.is_active


def has_role(*roles):
    names = "_or_".join(role.name.lower() for role in roles)

    @rules.predicate(name=f"has_role_{names}")
    def predicate(user):
        return user.has_role(*roles)

    return predicate


@rules.predicate
def belongs_to_a_unit(user):
    return user.recommender_id is not None


@rules.predicate
def belongs_to_an_organization(user):
    return user.organization_id is not None


applicant = is_active & has_role(Role.APPLICANT)
recommender = is_active & has_role(Role.RECOMMENDER) & belongs_to_a_unit
commission = is_active & has_role(Role.COMMISSION)
agency = is_active & has_role(Role.AGENCY)
# 第五条(二): the agency does the administrative work on the commission's behalf.
programme_staff = is_active & has_role(Role.COMMISSION, Role.AGENCY)
expert = is_active & has_role(Role.EXPERT)

rules.add_perm("accounts.programme_staff", programme_staff)
rules.add_perm("accounts.commission", commission)
rules.add_perm("accounts.agency", agency)
rules.add_perm("accounts.expert", expert)
rules.add_perm("accounts.recommender", recommender)
rules.add_perm("accounts.applicant", applicant)
