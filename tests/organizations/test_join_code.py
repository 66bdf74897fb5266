"""Join codes are random per organisation, stored, and renewed by the organisation's
administrator; nothing public (the credit code) or site-wide (the secret key) yields them."""

import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.crypto import salted_hmac

from apps.accounts.roles import Role
from apps.organizations import services
from apps.organizations.models import JOIN_CODE_ALPHABET, Organization
from tests.factories import OrganizationFactory, make_user

pytestmark = pytest.mark.django_db


def former_hmac_code(org):
    """The scheme of before: anyone knowing the secret key and the public credit code could
    compute it."""
    digest = salted_hmac("tjqa.organizations.join", f"{org.pk}:{org.credit_code}").digest()
    return "".join("ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[b % 32] for b in digest[:8])


def test_the_code_is_random_not_derived_from_the_credit_code_or_the_key(settings, organization):
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{10}", organization.join_code)
    assert organization.join_code != former_hmac_code(organization)
    settings.SECRET_KEY = "another-secret-key-for-this-test-0123456789abcdefghij"
    organization.refresh_from_db()
    assert services.join_code_matches(organization, organization.join_code)


def test_the_former_hmac_code_no_longer_joins(client, organization):
    data = {
        "user-username": "lisi", "user-full_name": "李四", "user-phone": "", "user-email": "",
        "user-password1": "Zhiliang@2026", "user-password2": "Zhiliang@2026",
        "join-credit_code": organization.credit_code, "join-join_code": former_hmac_code(organization),
    }
    body = client.post(reverse("organizations:join"), data).content.decode()
    assert "加入码不正确" in body


def test_codes_of_a_thousand_organisations_are_all_different():
    codes = {OrganizationFactory.build().join_code for _ in range(1000)}
    assert len(codes) == 1000
    assert set("".join(codes)) <= set(JOIN_CODE_ALPHABET)


def test_the_administrator_renews_and_the_old_code_stops_working(organization):
    admin = make_user(Role.APPLICANT, organization=organization)
    organization.administrator = admin
    organization.save()
    old = organization.join_code
    new = services.renew_join_code(organization=organization, actor=admin)
    organization.refresh_from_db()
    assert new != old and organization.join_code == new and organization.join_code_renewed_at is not None
    assert not services.join_code_matches(organization, old)
    assert services.join_code_matches(organization, new.lower())


def test_other_members_may_not_renew(organization):
    admin = make_user(Role.APPLICANT, organization=organization)
    colleague = make_user(Role.APPLICANT, organization=organization)
    organization.administrator = admin
    organization.save()
    old = organization.join_code
    with pytest.raises(PermissionDenied, match="只有本组织的管理员"):
        services.renew_join_code(organization=organization, actor=colleague)
    organization.refresh_from_db()
    assert organization.join_code == old


def test_renewal_on_the_organisation_page(client, organization):
    admin = make_user(Role.APPLICANT, organization=organization)
    colleague = make_user(Role.APPLICANT, organization=organization)
    organization.administrator = admin
    organization.save()
    old = organization.join_code

    client.force_login(colleague)
    page = client.get(reverse("organizations:mine")).content.decode()
    assert old in page and "更新加入码" not in page
    assert client.post(reverse("organizations:renew_join_code")).status_code == 403

    client.force_login(admin)
    page = client.get(reverse("organizations:mine")).content.decode()
    assert "更新加入码" in page
    done = client.post(reverse("organizations:renew_join_code"), follow=True)
    organization.refresh_from_db()
    assert organization.join_code != old
    body = done.content.decode()
    assert "加入码已更新" in body and organization.join_code in body and old not in body


def test_data_migration_gives_existing_organisations_their_own_codes_and_an_administrator(organization, other_organization):
    first = make_user(Role.APPLICANT, organization=organization)
    make_user(Role.APPLICANT, organization=organization)
    Organization.objects.update(join_code="SAMESAME22", administrator=None)
    migration = import_module("apps.organizations.migrations.0003_random_join_codes")
    migration.give_each_organisation_a_random_code(django_apps, None)
    organization.refresh_from_db()
    other_organization.refresh_from_db()
    assert organization.join_code != "SAMESAME22" and other_organization.join_code != "SAMESAME22"
    assert organization.join_code != other_organization.join_code
    assert organization.administrator == first and other_organization.administrator is None
