"""The plain rows of the long lists (ProjectQuerySet.for_rows) show what a Project shows."""

import datetime

from django.utils import timezone

from apps.accounts.roles import Role
from apps.organizations.choices import District, Industry
from apps.projects.models import Project
from tests.factories import CampaignFactory, OrganizationFactory, RecommenderFactory, make_user, ready_application


def application(**fields):
    organization = fields.pop("organization", None) or OrganizationFactory()
    return ready_application(organization=organization, created_by=make_user(Role.APPLICANT, organization=organization), **fields)


def test_a_row_holds_the_columns_a_list_shows(db):
    campaign = CampaignFactory(year=2031)
    organization = OrganizationFactory(name="天津行示例有限公司", district=District.HEPING, industry=Industry.AUTOMOTIVE)
    unit = RecommenderFactory(name="和平区市场监督管理局", district=District.HEPING)
    project = application(campaign=campaign, organization=organization, recommender=unit, title="降低返修率")
    submitted = timezone.make_aware(datetime.datetime(2031, 3, 1, 9, 30))
    Project.objects.filter(pk=project.pk).update(submitted_at=submitted)

    [row] = Project.objects.filter(pk=project.pk).for_rows()

    assert row.pk == row.id == project.pk
    assert row.number == f"ZLGG2031{project.pk:05d}"
    assert row.title == "降低返修率"
    assert row.state == "draft" and row.get_state_display() == "草稿"
    assert row.submitted_at == submitted
    assert row.created_at == project.created_at
    assert row.campaign.year == 2031 and row.campaign_id == campaign.pk
    assert str(row.organization) == row.organization.name == "天津行示例有限公司"
    assert row.organization.get_district_display() == "和平区"
    assert row.organization.get_industry_display() == "汽车及零部件"
    assert row.organization_id == organization.pk
    assert str(row.recommender) == "和平区市场监督管理局" and row.recommender_id == unit.pk
    assert row == project and project == row


def test_a_row_without_a_unit_and_a_count_of_rows(db):
    campaign = CampaignFactory()
    project = application(campaign=campaign, title="无推荐单位")
    Project.objects.filter(pk=project.pk).update(recommender=None)
    application(campaign=campaign, title="另一个")

    rows = Project.objects.filter(campaign=campaign).for_rows().order_by("pk")

    assert rows.count() == 2
    assert rows[0].recommender is None and rows[0].recommender_id is None
    assert [row.title for row in rows] == ["无推荐单位", "另一个"]
    # The rows stay a query of projects: counted without joins, read as values as ever.
    assert list(rows.values_list("title", flat=True)) == ["无推荐单位", "另一个"]
