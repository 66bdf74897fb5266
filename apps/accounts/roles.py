"""The five roles of DESIGN.md §1. Each role is a Django group named by its Chinese label."""

from django.db import models


class Role(models.TextChoices):
    APPLICANT = "申报组织", "申报组织"
    RECOMMENDER = "推荐单位", "推荐单位"
    COMMISSION = "市市场监管委", "市市场监管委"
    AGENCY = "第三方机构", "第三方机构"
    EXPERT = "专家", "专家"


STAFF_ROLES = frozenset({Role.COMMISSION, Role.AGENCY})


def ensure_role_groups():
    from django.contrib.auth.models import Group

    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}

# The roles that decide or score (DESIGN.md §1): they sign in with a second factor (TOTP) and
# their sessions end after a spell without activity (settings.TJQA_STAFF_IDLE_MINUTES).
SECOND_FACTOR_ROLES = frozenset({Role.COMMISSION, Role.AGENCY, Role.EXPERT})


def requires_second_factor(user) -> bool:
    """Commission, agency and expert accounts, and the site's superusers (the policy's
    ``accounts.needs_second_factor``)."""
    import rules

    return rules.has_perm("accounts.needs_second_factor", user)


def has_idle_timeout(user) -> bool:
    """Staff and expert sessions end after inactivity; applicants and units keep theirs."""
    return requires_second_factor(user)
