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


def test_a_page_of_rows_is_read_keys_first_in_one_query_in_the_lists_order(db):
    """A page (a sliced query) finds its keys in a subquery, then reads those rows, in one
    query: the same rows in the same order as the page read directly, on every page, with
    ties of the first ordering broken as the list breaks them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    campaign = CampaignFactory()
    same_time = timezone.make_aware(datetime.datetime(2031, 3, 1, 9, 30))
    projects = [application(campaign=campaign, title=f"项目{i}") for i in range(7)]
    Project.objects.filter(pk__in=[p.pk for p in projects[:4]]).update(created_at=same_time)
    rows = Project.objects.filter(campaign=campaign).for_rows().order_by("-created_at", "-pk")
    expected = list(Project.objects.filter(campaign=campaign).order_by("-created_at", "-pk").values_list("pk", flat=True))

    pages = []
    for bottom in range(0, 7, 3):
        with CaptureQueriesContext(connection) as read:
            pages.append([row.pk for row in rows[bottom : bottom + 3]])
        assert len(read) == 1
        assert read[0]["sql"].count("LIMIT") == 1 and " IN (SELECT " in read[0]["sql"]
    assert [pk for page in pages for pk in page] == expected
    # The whole list, not a page, is read as it is.
    with CaptureQueriesContext(connection) as read:
        assert [row.pk for row in rows] == expected
    assert " IN (SELECT " not in read[0]["sql"]
    # An empty page reads nothing wrong.
    assert list(rows[7:10]) == []
    # A list that asks for it reads its page as it is, in the same order.
    plain = Project.objects.filter(campaign=campaign).for_rows(keys_first=False).order_by("-created_at", "-pk")
    with CaptureQueriesContext(connection) as read:
        assert [row.pk for row in plain[3:6]] == expected[3:6]
    assert len(read) == 1 and " IN (SELECT " not in read[0]["sql"]
