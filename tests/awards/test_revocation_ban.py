"""第二十一条: revocation with reason and evidence; the organisation (by credit code) cannot
submit in any campaign for 5 years, and can afterwards."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.awards.models import Revocation
from apps.awards.services import AwardRefused
from apps.awards.services.revocation import revoke_award
from apps.organizations.models import Organization, OrganizationBan, add_years
from apps.projects.services import TransitionRefused, transition
from apps.projects.states import State
from tests.factories import CampaignFactory, ready_application

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def evidence():
    return SimpleUploadedFile("调查报告.pdf", PDF)


def test_revocation_needs_commission_reason_and_evidence(announce_awards, agency, commission):
    (project,) = announce_awards(1)
    with pytest.raises(AwardRefused, match="市市场监管委"):
        revoke_award(project=project, actor=agency, reason="造假", evidence=evidence())
    with pytest.raises(ValidationError) as exc:
        revoke_award(project=project, actor=commission, reason="", evidence=None)
    assert set(exc.value.message_dict) == {"reason", "evidence"}
    project.refresh_from_db()
    assert project.state == State.AWARDED


def test_ban_blocks_submitting_in_any_campaign_for_five_years(client, campaign, announce_awards, commission, organization, applicant, recommender_unit):
    (project,) = announce_awards(1)
    revoke_award(project=project, actor=commission, reason="成果数据造假", evidence=evidence())
    project.refresh_from_db()
    assert project.state == State.REVOKED
    rev = Revocation.objects.get()
    today = timezone.localdate()
    assert rev.ban.starts_on == today and rev.ban.ends_on == add_years(today, 5)

    # A new campaign next year; the organisation even registers again under a new record.
    next_year = CampaignFactory(year=campaign.year + 1)
    draft = ready_application(campaign=next_year, organization=organization, recommender=recommender_unit, created_by=applicant)
    with pytest.raises(TransitionRefused) as exc:
        transition(project=draft, name="submit", actor=applicant, commitment=True)
    assert "根据第二十一条" in exc.value.message and f"{rev.ban.ends_on:%Y-%m-%d}" in exc.value.message

    # The organisation sees the end date.
    client.force_login(applicant)
    html = client.get(reverse("awards:mine")).content.decode()
    assert rev.ban.message in html

    # The last day of the five years still blocks; the day the ban ends it no longer does.
    ban = OrganizationBan.objects.get()
    shift = ban.ends_on - today - datetime.timedelta(days=1)
    OrganizationBan.objects.filter(pk=ban.pk).update(starts_on=ban.starts_on - shift, ends_on=ban.ends_on - shift)
    with pytest.raises(TransitionRefused):
        transition(project=draft, name="submit", actor=applicant, commitment=True)
    OrganizationBan.objects.filter(pk=ban.pk).update(starts_on=ban.starts_on - shift - datetime.timedelta(days=1), ends_on=today)
    transition(project=draft, name="submit", actor=applicant, commitment=True)
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_ban_follows_the_credit_code_not_the_record(announce_awards, commission, organization):
    (project,) = announce_awards(1)
    revoke_award(project=project, actor=commission, reason="造假", evidence=evidence())
    code = organization.credit_code
    assert OrganizationBan.objects.active_for(code) is not None
    assert Organization(credit_code=code.lower()).active_ban() is not None


def test_revoke_page_for_the_commission_only(client, announce_awards, commission, agency):
    (project,) = announce_awards(1)
    url = reverse("awards:revoke", args=[project.pk])
    client.force_login(agency)
    assert client.get(url).status_code == 403
    client.force_login(commission)
    response = client.post(url, {"reason": "", "evidence": ""})
    assert response.status_code == 200 and "has-error" in response.content.decode()
    response = client.post(url, {"reason": "成果数据造假", "evidence": SimpleUploadedFile("报告.pdf", PDF)})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == State.REVOKED
    page = client.get(url).content.decode()
    assert "5年内不得申报" in page
    assert reverse("awards:decide", args=[project.campaign.year]) in page  # the way back to the list


def test_the_revoke_button_asks_the_awards_policy(client, campaign, announce_awards, commission, agency):
    (project,) = announce_awards(1)
    page = reverse("awards:decide", args=[campaign.year])
    button = reverse("awards:revoke", args=[project.pk])
    client.force_login(agency)
    assert button not in client.get(page).content.decode()
    client.force_login(commission)
    assert button in client.get(page).content.decode()
    revoke_award(project=project, actor=commission, reason="成果数据造假", evidence=evidence())
    assert button not in client.get(page).content.decode()


def test_the_ban_of_an_organisation_read_by_its_key_holds_from_its_first_day_until_its_end(organization, other_organization):
    """The certificates page reads the ban with the organisation's credit code in one query:
    in force from starts_on, no longer on ends_on, and only for that credit code."""
    starts = datetime.date(2026, 3, 10)
    OrganizationBan.objects.create(credit_code=organization.credit_code, organization_name=organization.name, starts_on=starts, reason="造假")
    ends = add_years(starts, 5)
    read = OrganizationBan.objects.active_for_organization
    assert read(organization.pk, on=starts - datetime.timedelta(days=1)) is None
    assert read(organization.pk, on=starts).ends_on == ends
    assert read(organization.pk, on=ends - datetime.timedelta(days=1)).ends_on == ends
    assert read(organization.pk, on=ends) is None
    assert read(other_organization.pk, on=starts) is None
    assert read(organization.pk + 1000, on=starts) is None
