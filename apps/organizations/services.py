"""Writes on applicant organisations and their users (第七条(一))."""

from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from apps.accounts.models import User
from apps.accounts.roles import Role, ensure_role_groups

from .models import Organization


def join_code(organization) -> str:
    """The code a colleague needs to join ``organization`` (shown to its members only).

    Derived from the organisation and the site's secret, so it needs no storage; 8 characters
    from an alphabet without look-alikes."""
    digest = salted_hmac("tjqa.organizations.join", f"{organization.pk}:{organization.credit_code}").digest()
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(alphabet[b % len(alphabet)] for b in digest[:8])


def join_code_matches(organization, code: str) -> bool:
    return constant_time_compare(join_code(organization), (code or "").strip().upper().replace(" ", ""))


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
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只能修改本组织的信息。")
    allowed = {"address", "contact_name", "contact_phone", "contact_email"}
    for name, value in fields.items():
        if name in allowed:
            setattr(organization, name, value)
    organization.full_clean()
    organization.save()
    return organization
