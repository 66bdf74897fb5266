"""The awards services' checks, asking the awards policy (:mod:`apps.awards.policy`).
Final decisions are the commission's alone (第十七条, 第二十一条); the agency does the
administrative work on its behalf (第五条(二))."""

import rules

from .services import AwardRefused


def is_staff(user) -> bool:
    return rules.has_perm("awards.manage_list", user)


def is_commission(user) -> bool:
    return rules.has_perm("awards.decide", user)


def require_commission(user, what):
    if not is_commission(user):
        raise AwardRefused(f"{what}须由市市场监管委作出（第十七条）。", code="permission")


def require_staff(user, what):
    if not is_staff(user):
        raise AwardRefused(f"您无权{what}（第五条(二)）。", code="permission")
