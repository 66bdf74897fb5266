"""第二十一条: a barred organisation's project already under way does not submit its results.
The ban runs from ``starts_on`` (inclusive) to ``ends_on`` (exclusive); the clock is frozen in
Asia/Shanghai on 2026-06-15."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.organizations.models import OrganizationBan
from apps.projects.models import Project, ProjectTransition
from apps.projects.services import TransitionRefused, transition
from tests.factories import CampaignFactory, OrganizationFactory, bring_to, fill_results, ready_application

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture
def running(db, actors, organization, recommender_unit, applicant):
    """A project of the organisation in progress, its results material ready."""
    with time_machine.travel(NOON, tick=False):
        campaign = CampaignFactory(year=2026)  # its dates around the frozen day
        project = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant)
        bring_to(project, "in_progress", actors=actors)
        fill_results(project)
    return project


def ban(org, starts_on, ends_on=None):
    return OrganizationBan.objects.create(
        credit_code=org.credit_code, organization_name=org.name, starts_on=starts_on, ends_on=ends_on, reason="另一项目的奖项因弄虚作假被撤销"
    )


def submit_results(project, applicant):
    with time_machine.travel(NOON, tick=False):
        transition(project=project, name="submit_results", actor=applicant, commitment=True)


def test_a_banned_organisation_cannot_submit_results(running, applicant, organization):
    ban(organization, datetime.date(2026, 6, 15))  # starts today
    before = ProjectTransition.objects.filter(project=running).count()
    with pytest.raises(TransitionRefused) as exc:
        submit_results(running, applicant)
    assert exc.value.message == "根据第二十一条，该组织自2026-06-15起5年内不得申报（限制至2031-06-15止），在办项目不能提交成果材料。"
    assert Project.objects.get(pk=running.pk).state == "in_progress"
    assert ProjectTransition.objects.filter(project=running).count() == before


def test_an_unbanned_organisation_submits_results(running, applicant):
    submit_results(running, applicant)
    assert Project.objects.get(pk=running.pk).state == "results_submitted"


def test_another_organisations_ban_does_not_block(running, applicant):
    ban(OrganizationFactory(), datetime.date(2026, 6, 15))
    submit_results(running, applicant)
    assert Project.objects.get(pk=running.pk).state == "results_submitted"


def test_a_ban_starting_tomorrow_does_not_block_yet(running, applicant, organization):
    ban(organization, datetime.date(2026, 6, 16))
    submit_results(running, applicant)
    assert Project.objects.get(pk=running.pk).state == "results_submitted"


def test_a_ban_whose_last_day_is_today_blocks(running, applicant, organization):
    ban(organization, datetime.date(2021, 6, 16), ends_on=datetime.date(2026, 6, 16))
    with pytest.raises(TransitionRefused) as exc:
        submit_results(running, applicant)
    assert "第二十一条" in exc.value.message


def test_a_ban_whose_last_day_was_yesterday_no_longer_blocks(running, applicant, organization):
    ban(organization, datetime.date(2021, 6, 15), ends_on=datetime.date(2026, 6, 15))
    submit_results(running, applicant)
    assert Project.objects.get(pk=running.pk).state == "results_submitted"
