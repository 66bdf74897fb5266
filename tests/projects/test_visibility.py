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
    transition(project=draft, name="submit", actor=applicant)
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
