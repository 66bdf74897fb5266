"""The user of a session is read with the recommending unit it acts for, in one query."""

import pytest
from django.urls import reverse

from apps.accounts.backends import AccountBackend

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_its_unit(recommender, recommender_unit, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = AccountBackend().get_user(recommender.pk)
        assert user.recommender.name == recommender_unit.name


def test_an_inactive_or_unknown_user_is_nobody(recommender, applicant):
    applicant.is_active = False
    applicant.save()
    assert AccountBackend().get_user(applicant.pk) is None
    assert AccountBackend().get_user(recommender.pk + 1000) is None
    assert AccountBackend().get_user(recommender.pk) == recommender


def test_signing_in_with_a_password_keeps_the_user_on_the_next_request(client, applicant):
    applicant.set_password("Tjqa@2026-pass")
    applicant.save()
    response = client.post(reverse("accounts:login"), {"username": applicant.username, "password": "Tjqa@2026-pass"})
    assert response.status_code == 302
    assert client.get(reverse("portal:workbench")).context["user"] == applicant
