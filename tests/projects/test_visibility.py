"""Who sees a project: an unsubmitted draft is the applicant organisation's own."""

import pytest
from django.urls import reverse

from apps.projects.selectors import visible_projects
from apps.projects.services import transition


@pytest.mark.parametrize("who", ["commission", "agency", "recommender", "other_applicant", "expert"])
def test_draft_is_private_to_its_organisation(draft, who, request, client):
    user = request.getfixturevalue(who)
    assert draft not in visible_projects(user)
    client.force_login(user)
    assert client.get(reverse("projects:detail", args=[draft.pk])).status_code == 404


def test_applicant_sees_its_draft(draft, applicant, client):
    client.force_login(applicant)
    assert client.get(reverse("projects:detail", args=[draft.pk])).status_code == 200


def test_staff_and_the_chosen_unit_see_it_once_submitted(draft, applicant, commission, agency, recommender, other_recommender):
    transition(project=draft, name="submit", actor=applicant, commitment=True)
    for user in (commission, agency, recommender):
        assert draft in visible_projects(user)
    assert draft not in visible_projects(other_recommender)


def test_a_draft_withdrawn_before_submission_stays_private(draft, applicant, commission):
    transition(project=draft, name="withdraw", actor=applicant)
    assert draft not in visible_projects(commission)


def test_team_is_listed_in_the_order_of_article_12(draft):
    from apps.projects.models import TeamMember

    TeamMember.objects.create(project=draft, name="王五", role="technical")
    TeamMember.objects.create(project=draft, name="赵六", role="project_lead")
    roles = [m.role for m in draft.team_members.all()]
    assert roles == ["quality_lead", "project_lead", "project_lead", "technical"]


def test_a_unit_sees_what_was_submitted_to_it_until_it_is_resubmitted_elsewhere(
    draft, actors, recommender, other_recommender, other_recommender_unit
):
    from apps.projects.models import Project
    from apps.projects.unit_inbox import inbox
    from tests.factories import bring_to

    assert draft.routed_to is None
    project = bring_to(draft, "returned", actors=actors)
    assert project.routed_to_id == project.recommender_id
    # Choosing another unit while editing moves nothing: the first unit still has it.
    project.recommender = other_recommender_unit
    project.save(update_fields=["recommender"])
    assert project in visible_projects(recommender)
    assert project not in visible_projects(other_recommender)
    transition(project=project, name="resubmit", actor=actors["applicant"], commitment=True)
    project = Project.objects.get(pk=project.pk)
    assert project not in visible_projects(recommender)
    assert project in visible_projects(other_recommender)
    assert list(inbox(other_recommender)) == [project]
    assert list(inbox(recommender)) == []


def test_visibility_is_a_plain_join_without_a_per_object_subquery(draft, applicant, recommender):
    for user in (applicant, recommender):
        sql = str(visible_projects(user).query)
        assert sql.count("SELECT") == 1, sql


def test_an_inactive_member_sees_nothing(draft, applicant):
    applicant.is_active = False
    applicant.save(update_fields=["is_active"])
    assert not visible_projects(applicant).exists()
    assert not applicant.has_perm("projects.view_project", draft)
