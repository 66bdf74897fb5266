"""第二十一条: no application for 5 years, keyed on the credit code."""

import datetime

import pytest
from django.utils import timezone

from apps.organizations.models import OrganizationBan, add_years
from apps.projects.services import TransitionRefused, transition
from tests.factories import CampaignFactory, OrganizationFactory, bring_to, ready_application

TODAY = timezone.localdate()


def ban(org, starts_on):
    return OrganizationBan.objects.create(credit_code=org.credit_code, organization_name=org.name, starts_on=starts_on, reason="虚假材料")


def test_ban_lasts_five_years(db, organization):
    b = ban(organization, datetime.date(2025, 3, 1))
    assert b.ends_on == datetime.date(2030, 3, 1)
    assert add_years(datetime.date(2024, 2, 29), 5) == datetime.date(2029, 2, 28)


def test_ban_blocks_submission_with_article_and_end_date(draft, applicant, organization):
    b = ban(organization, TODAY - datetime.timedelta(days=365))
    with pytest.raises(TransitionRefused) as exc:
        transition(project=draft, name="submit", actor=applicant, commitment=True)
    assert "第二十一条" in exc.value.message
    assert f"{b.ends_on:%Y-%m-%d}" in exc.value.message
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.transitions.count() == 0


def test_ban_ends_after_five_years(draft, applicant, organization):
    ban(organization, add_years(TODAY, -5))  # ended today: the end date is exclusive
    transition(project=draft, name="submit", actor=applicant, commitment=True)
    assert draft.state == "submitted"


def test_ban_still_on_its_last_day(draft, applicant, organization):
    ban(organization, add_years(TODAY, -5) + datetime.timedelta(days=1))
    with pytest.raises(TransitionRefused):
        transition(project=draft, name="submit", actor=applicant, commitment=True)


def test_ban_follows_the_credit_code_not_the_record(db, applicant, recommender_unit):
    """Deleting and registering the organisation again does not escape the ban."""
    org = OrganizationFactory()
    code = org.credit_code
    ban(org, TODAY)
    org.delete()
    again = OrganizationFactory(credit_code=code, name="改名后的公司")
    applicant.organization = again
    applicant.save()
    project = ready_application(organization=again, recommender=recommender_unit, created_by=applicant)
    with pytest.raises(TransitionRefused) as exc:
        transition(project=project, name="submit", actor=applicant, commitment=True)
    assert "第二十一条" in exc.value.message


def test_revocation_bans_in_every_campaign(draft, applicant, recommender, commission, agency, organization, recommender_unit):
    bring_to(draft, "revoked", actors={"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency})
    b = OrganizationBan.objects.get(credit_code=organization.credit_code)
    assert (b.starts_on, b.ends_on, b.project_id) == (TODAY, add_years(TODAY, 5), draft.pk)
    later = CampaignFactory(year=TODAY.year + 1)
    for campaign in (draft.campaign, later):
        project = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant)
        with pytest.raises(TransitionRefused) as exc:
            transition(project=project, name="submit", actor=applicant, commitment=True)
        assert "第二十一条" in exc.value.message
