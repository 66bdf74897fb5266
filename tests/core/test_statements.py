"""Statements compiled once: the same instances as the queryset, one query, no compilation
after the first call."""

import datetime

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from apps.awards.models import AwardList
from apps.campaigns.models import Campaign
from apps.core import statements
from apps.projects.models import Project
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db
built = []


def campaign_of(year):
    built.append(year)
    return (
        Campaign.objects.filter(year=year, published=True)
        .select_related("award_list")
        .only("year", "notice_days", "award_list__status", "award_list__notice_ends_on")
        .annotate(under_notice=Exists(Project.objects.filter(campaign=OuterRef("pk"), state="publicized")))
        .order_by()
    )


def shown(campaign):
    award_list = getattr(campaign, "award_list", None)
    return (
        campaign.pk, campaign.year, campaign.notice_days, campaign.under_notice,
        award_list and (award_list.pk, award_list.status, award_list.notice_ends_on),
    )


@pytest.fixture(autouse=True)
def fresh():
    statements._STATEMENTS.clear()
    built.clear()
    yield
    statements._STATEMENTS.clear()


def test_the_instances_of_the_queryset_read_with_one_statement_compiled_once():
    with_list = CampaignFactory(year=2025)
    AwardList.objects.create(campaign=with_list, status=AwardList.Status.NOTICE, notice_ends_on=datetime.date(2025, 12, 1))
    CampaignFactory(year=2024)
    CampaignFactory(year=2023, published=False)
    for year in (2025, 2024, 2023, 2025, 2022):
        expected = [shown(campaign) for campaign in campaign_of(year)]
        with CaptureQueriesContext(connection) as queries:
            found = statements.instances(Campaign, campaign_of, year)
            assert [shown(campaign) for campaign in found] == expected  # the related list read with it
        assert len(queries) == 1
    # The test built each queryset for what to expect; the reader only the first.
    assert built == [2025, 2025, 2024, 2023, 2025, 2022]
    assert statements.instances(Campaign, campaign_of, 2025)[0].award_list.status == AwardList.Status.NOTICE


def test_a_value_not_told_apart_from_the_statements_constants_is_read_the_ordinary_way():
    CampaignFactory(year=2025)

    def by_year_or_notice_days(year):
        return Campaign.objects.filter(year=year).exclude(notice_days=5).order_by()

    assert statements.instances(Campaign, by_year_or_notice_days, 5) == []
    assert statements._STATEMENTS == {}  # 5 is the year and the constant: nothing compiled
    assert [c.year for c in statements.instances(Campaign, by_year_or_notice_days, 2025)] == [2025]
    assert [c.year for c in statements.instances(Campaign, by_year_or_notice_days, 2025)] == [2025]
    assert len(statements._STATEMENTS) == 1


def test_a_parameter_the_statement_does_not_take_as_it_is_is_an_error():
    def by_title(title):
        return Campaign.objects.filter(title__icontains=title)

    with pytest.raises(ValueError, match="does not take"):
        statements.instances(Campaign, by_title, "攻关")


def test_the_tuples_of_a_values_list_with_their_fields_converted():
    CampaignFactory(year=2025)
    CampaignFactory(year=2024, published=False)

    def columns(year):
        return Campaign.objects.filter(year__gte=year).values_list("year", "published", "application_opens", "title").order_by("year")

    for year in (2024, 2025, 2024, 2026):
        expected = list(columns(year))
        with CaptureQueriesContext(connection) as queries:
            assert statements.rows(Campaign, columns, year) == expected
        assert len(queries) == 1
    assert len(statements._STATEMENTS) == 1


def test_what_is_read_must_be_what_the_reader_says():
    with pytest.raises(ValueError, match="ValuesListIterable"):
        statements.rows(Campaign, lambda year: Campaign.objects.filter(year=year), 2025)
    with pytest.raises(ValueError, match="fields only"):
        statements.rows(Campaign, lambda year: Campaign.objects.filter(year=year).values_list("year", Exists(Project.objects.all())), 2025)
