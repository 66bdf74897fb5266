"""The domain policies answer who may do what, once; the screens' one access decorator asks them."""

import pytest
import rules
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROLE_PERMS = {
    "accounts.programme_staff": {Role.COMMISSION, Role.AGENCY},
    "accounts.commission": {Role.COMMISSION},
    "accounts.agency": {Role.AGENCY},
    "accounts.expert": {Role.EXPERT},
    "campaigns.manage": {Role.COMMISSION, Role.AGENCY},
    "campaigns.decide": {Role.COMMISSION},
    "awards.manage_list": {Role.COMMISSION, Role.AGENCY},
    "awards.decide": {Role.COMMISSION},
    "review.view": {Role.COMMISSION, Role.AGENCY},
    "review.operate": {Role.AGENCY},
    "training.register": {Role.COMMISSION, Role.AGENCY},
}


@pytest.mark.parametrize("perm", sorted(ROLE_PERMS))
def test_each_role_permission_holds_for_its_roles_only(perm):
    for role in Role:
        user = make_user(role)
        assert rules.has_perm(perm, user) is (role in ROLE_PERMS[perm]), (perm, role)


def test_an_inactive_commission_member_may_do_nothing():
    user = make_user(Role.COMMISSION)
    user.is_active = False
    assert not rules.has_perm("accounts.commission", user)


def test_a_unit_user_uses_the_inbox_only_with_a_unit(recommender_unit):
    assert rules.has_perm("recommenders.use_inbox", make_user(Role.RECOMMENDER, recommender=recommender_unit))
    assert not rules.has_perm("recommenders.use_inbox", make_user(Role.RECOMMENDER))


def test_revoking_is_the_commissions_and_only_of_an_awarded_project(make_project, actors):
    publicized = make_project("publicized")
    awarded = make_project("awarded")
    assert not rules.has_perm("awards.revoke", actors["commission"], publicized)
    assert rules.has_perm("awards.revoke", actors["commission"], awarded)
    assert not rules.has_perm("awards.revoke", actors["agency"], awarded)


def test_the_revocable_rows_of_a_list_are_those_the_revoke_permission_allows(make_project, actors):
    from apps.awards import policy

    awarded, publicized, revoked = make_project("awarded"), make_project("publicized"), make_project("revoked")
    states = {awarded.pk: "awarded", publicized.pk: "publicized", revoked.pk: "revoked"}
    assert policy.revocable(actors["commission"], states) == {awarded.pk}
    assert policy.revocable(actors["agency"], states) == set()
    assert policy.revocable(actors["applicant"], states) == set()
    # The same answers as asking the permission of each row.
    for user in (actors["commission"], actors["agency"], actors["applicant"]):
        assert policy.revocable(user, states) == {p.pk for p in (awarded, publicized, revoked) if rules.has_perm("awards.revoke", user, p)}
    inactive = actors["commission"]
    inactive.is_active = False
    assert policy.revocable(inactive, states) == set()


def test_the_staff_decorator_asks_the_policy_not_the_superuser_flag(client):
    root = User.objects.create_superuser("root", "root@example.com", "pass-1234")
    client.force_login(root)
    response = client.get(reverse("campaigns:list"))
    assert response.status_code == 403
    assert "仅市市场监管委和第三方机构可以访问此页面" in response.content.decode()


def test_the_staff_decorator_sends_anonymous_users_to_login(client):
    response = client.get(reverse("campaigns:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
