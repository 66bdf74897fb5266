"""Writes on applicant organisations and their users (第七条(一))."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from apps.accounts.models import User
from apps.accounts.roles import Role, ensure_role_groups

from .models import Organization, new_join_code


def join_code_matches(organization, code: str) -> bool:
    """Whether ``code`` is the organisation's current join code (spaces and case ignored)."""
    typed = (code or "").strip().upper().replace(" ", "")
    return bool(organization.join_code) and constant_time_compare(organization.join_code, typed)


def may_renew_join_code(user, organization) -> bool:
    """Only the organisation's administrator (the member who registered it) renews the code."""
    return user.is_authenticated and organization.administrator_id is not None and organization.administrator_id == user.pk


@transaction.atomic
def renew_join_code(*, organization, actor) -> str:
    """A new random join code; the old one stops working at once."""
    if not may_renew_join_code(actor, organization):
        raise PermissionDenied("只有本组织的管理员（登记本组织的经办人）可以更新加入码。")
    organization.join_code = new_join_code()
    organization.join_code_renewed_at = timezone.now()
    organization.save(update_fields=["join_code", "join_code_renewed_at"])
    return organization.join_code


def _applicant(*, username, password, organization, full_name="", phone="", email=""):
    user = User(username=username, full_name=full_name, phone=phone, email=email, organization=organization)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.add(ensure_role_groups()[Role.APPLICANT])
    return user


@transaction.atomic
def register_organization(*, username, password, full_name="", phone="", email="", organization_fields) -> tuple:
    """Register an organisation registered in Tianjin (第七条(一): the credit code is validated by
    the model) and its first user, who gets the 申报组织 role."""
    organization = Organization(**organization_fields)
    organization.full_clean()
    organization.save()
    user = _applicant(
        username=username, password=password, organization=organization, full_name=full_name, phone=phone, email=email
    )
    organization.administrator = user
    organization.save(update_fields=["administrator"])
    return user, organization


@transaction.atomic
def join_organization(*, organization, username, password, full_name="", phone="", email="") -> User:
    """A colleague joins a registered organisation (with its join code, checked by the form)."""
    return _applicant(
        username=username, password=password, organization=organization, full_name=full_name, phone=phone, email=email
    )


@transaction.atomic
def update_contact(*, organization, actor, **fields) -> Organization:
    """A member updates the organisation's address and contact details (name and code are fixed)."""
    if actor.organization_id != organization.pk:
        raise PermissionDenied("只能修改本组织的信息。")
    allowed = {"address", "contact_name", "contact_phone", "contact_email"}
    for name, value in fields.items():
        if name in allowed:
            setattr(organization, name, value)
    organization.full_clean()
    organization.save()
    return organization
