"""Every page of the application and recommendation flows × every role × own or another
party's object: an applicant never sees another organisation's project, a recommender never
another unit's; guessing an id gives 404 (a visible project the user may not change gives 403)."""

import pytest
from django.urls import reverse

from apps.projects.services import transition
from tests.factories import add_pdf, ready_application

ROLES = ["applicant", "other_applicant", "recommender", "other_recommender", "commission", "agency", "expert", "anonymous"]
STAFF = {"commission", "agency"}
# Whose project is "own" for each party role.
OWNER_SIDE = {"applicant": "a", "recommender": "a", "other_applicant": "b", "other_recommender": "b"}


@pytest.fixture
def projects(campaign, organization, other_organization, recommender_unit, other_recommender_unit, applicant, other_applicant, recommender, other_recommender):
    """Two returned applications (editable by their applicant, routed to their recommender)."""
    a = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant, title="甲组织的项目")
    b = ready_application(campaign=campaign, organization=other_organization, recommender=other_recommender_unit, created_by=other_applicant, title="乙组织的项目")
    for p, who, rec in ((a, applicant, recommender), (b, other_applicant, other_recommender)):
        transition(project=p, name="submit", actor=who, commitment=True)
        transition(project=p, name="return_to_applicant", actor=rec, comment="请补充。")
    return {"a": a, "b": b}


def user_for(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


def login(client, user):
    if user is not None:
        client.force_login(user)


def sees(role, side):
    return role in STAFF or OWNER_SIDE.get(role) == side


def is_owner_applicant(role, side):
    return role in ("applicant", "other_applicant") and OWNER_SIDE[role] == side


def is_owner_recommender(role, side):
    return role in ("recommender", "other_recommender") and OWNER_SIDE[role] == side


def expected(url_name, role, side):
    if role == "anonymous":
        return 302  # to the login page
    if url_name in ("projects:detail", "projects:attachment"):
        return 200 if sees(role, side) else 404
    if url_name == "projects:edit":
        return 200 if is_owner_applicant(role, side) else (403 if sees(role, side) else 404)
    if url_name == "projects:results":
        # Returned is not a results state: the owner is sent back with the reason.
        return 302 if is_owner_applicant(role, side) else (403 if sees(role, side) else 404)
    if url_name == "projects:act":
        return 302 if sees(role, side) else 404
    if url_name == "recommenders:review":
        return 200 if is_owner_recommender(role, side) else 404
    raise AssertionError(url_name)


OBJECT_URLS = ["projects:detail", "projects:edit", "projects:results", "projects:act", "projects:attachment", "recommenders:review"]


@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", OBJECT_URLS)
def test_object_pages(request, client, projects, url_name, role, side):
    project = projects[side]
    login(client, user_for(request, role))
    if url_name == "projects:attachment":
        url = reverse(url_name, args=[project.pk, project.attachments.first().pk])
    else:
        url = reverse(url_name, args=[project.pk])
    if url_name == "projects:act":
        response = client.post(url, {"name": "withdraw", "expected_state": "returned", "comment": ""})
    else:
        response = client.get(url)
    assert response.status_code == expected(url_name, role, side), (url_name, role, side)
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    project.refresh_from_db()
    # Only the owning applicant's withdraw goes through.
    withdrawn = url_name == "projects:act" and is_owner_applicant(role, side)
    assert project.state == ("withdrawn" if withdrawn else "returned")


def test_attachment_of_another_project_under_own_id_is_404(client, projects, applicant):
    client.force_login(applicant)
    foreign = add_pdf(projects["b"])
    assert client.get(reverse("projects:attachment", args=[projects["a"].pk, foreign.pk])).status_code == 404


def test_unknown_id_is_404(client, projects, applicant, recommender, commission):
    for user in (applicant, recommender, commission):
        client.force_login(user)
        assert client.get(reverse("projects:detail", args=[999999])).status_code == 404
    client.force_login(recommender)
    assert client.get(reverse("recommenders:review", args=[999999])).status_code == 404


LIST_EXPECTATIONS = {
    # url name: (roles answered 200, others' status)
    "projects:list": (set(ROLES) - {"anonymous"}, None),
    "projects:export": (set(ROLES) - {"anonymous"}, None),
    "projects:create": ({"applicant", "other_applicant"}, 403),
    "recommenders:inbox": ({"recommender", "other_recommender"}, 404),
    "recommenders:export": ({"recommender", "other_recommender"}, 404),
    "organizations:mine": ({"applicant", "other_applicant"}, 404),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(LIST_EXPECTATIONS))
def test_pages_without_object(request, client, projects, url_name, role):
    login(client, user_for(request, role))
    response = client.get(reverse(url_name))
    ok, other = LIST_EXPECTATIONS[url_name]
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    assert response.status_code == (200 if role in ok else other), (url_name, role)
    if response.status_code == 200 and url_name in ("projects:list", "recommenders:inbox"):
        body = response.content.decode()
        for side, title in (("a", "甲组织的项目"), ("b", "乙组织的项目")):
            assert (title in body) == sees(role, side), (url_name, role, side)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", ["organizations:register", "organizations:join"])
def test_sign_up_pages(request, client, url_name, role):
    user = user_for(request, role)
    login(client, user)
    response = client.get(reverse(url_name))
    assert response.status_code == (200 if user is None else 302)
