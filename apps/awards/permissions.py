"""Who may do what in awards. Final decisions are the commission's alone (第十七条, 第二十一条);
the agency does the administrative work on its behalf (第五条(二))."""

from apps.accounts.roles import Role

from .services import AwardRefused


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def is_staff(user) -> bool:
    return _active(user) and user.has_role(Role.COMMISSION, Role.AGENCY)


def is_commission(user) -> bool:
    return _active(user) and user.has_role(Role.COMMISSION)


def require_commission(user, what):
    if not is_commission(user):
        raise AwardRefused(f"{what}须由市市场监管委作出（第十七条）。", code="permission")


def require_staff(user, what):
    if not is_staff(user):
        raise AwardRefused(f"您无权{what}。", code="permission")
