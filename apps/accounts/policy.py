"""Who a user is, as django-rules predicates: the roles of DESIGN.md §1. The other apps'
policies build on these; ``accounts.programme_staff`` is what the one staff decorator asks."""

import rules

from .roles import SECOND_FACTOR_ROLES, Role


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
def is_site_administrator(user):
    """The technical administrator of Django's admin site (a superuser with staff access). What
    each model allows there is in its app's policy; decision data stays read-only."""
    return user.is_staff and user.is_superuser


@rules.predicate
def is_superuser(user):
    return user.is_superuser


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
site_administrator = is_active & is_site_administrator
# The user who acts for an organisation: an applicant account joined to one (第六条).
of_an_organization = applicant & belongs_to_an_organization

rules.add_perm("accounts.programme_staff", programme_staff)
# Those who decide or score, and the superusers, sign in with a second factor (TOTP) and their
# sessions end after a spell without activity (apps.accounts.middleware).
rules.add_perm("accounts.needs_second_factor", rules.is_authenticated & (is_superuser | has_role(*SECOND_FACTOR_ROLES)))
rules.add_perm("accounts.commission", commission)
rules.add_perm("accounts.agency", agency)
rules.add_perm("accounts.expert", expert)
rules.add_perm("accounts.recommender", recommender)
rules.add_perm("accounts.applicant", applicant)
rules.add_perm("accounts.of_an_organization", of_an_organization)
# Locked-out accounts (django-axes) are unlocked by the commission.
rules.add_perm("accounts.unlock", commission)
rules.add_perm("accounts.use_admin", site_administrator)
# /healthz: each check and its error, for the programme staff and the site administrator.
rules.add_perm("accounts.see_health", programme_staff | site_administrator)


def admin_permissions(app_label, *model_names, read_only=False, add=None, change=None, delete=None):
    """Declare who may view, add, change and delete each model in Django's admin: the
    permissions ``<app>.admin_<action>_<model>`` (apart from the portal's own) that :class:`apps.core.admin_utils.PolicyAdmin`
    asks. The site administrator views all; ``read_only`` (decision data, logs written by the
    services) denies add, change and delete; a predicate given for an action replaces the
    default for it."""
    writes = rules.always_deny if read_only else site_administrator
    for model_name in model_names:
        for action, predicate in (("view", site_administrator), ("add", add), ("change", change), ("delete", delete)):
            rules.add_perm(f"{app_label}.admin_{action}_{model_name}", site_administrator & (predicate or writes) if action != "view" else predicate)


admin_permissions("accounts", "user")
