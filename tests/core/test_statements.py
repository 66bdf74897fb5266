"""Statements compiled once: the same instances as the queryset, one query, no compilation
after the first call."""

import datetime

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, Q
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
    # The test built each queryset for what to expect; the reader only the first, and once more
    # with another year to find where the statement takes it.
    assert built == [2025, 2025, 2026, 2024, 2023, 2025, 2022]
    assert statements.instances(Campaign, campaign_of, 2025)[0].award_list.status == AwardList.Status.NOTICE


def test_a_value_the_statement_takes_twice_or_equal_to_one_of_its_constants():
    CampaignFactory(year=2025, notice_days=5)
    CampaignFactory(year=5, notice_days=7)

    def by_year_not_notice_days_five(year):
        return Campaign.objects.filter(Q(year=year) | Q(quota_first=year)).exclude(notice_days=5).order_by("year")

    for year in (5, 2025, 5):
        expected = list(by_year_not_notice_days_five(year))
        assert statements.instances(Campaign, by_year_not_notice_days_five, year) == expected
    assert len(statements._STATEMENTS[(by_year_not_notice_days_five, None, "default")].slots[0]) == 2  # not the constant 5
    assert [c.year for c in statements.instances(Campaign, by_year_not_notice_days_five, 5)] == [5]


def test_a_statement_that_changes_with_its_parameter_is_refused():
    def published_or_all(title):
        return Campaign.objects.filter(title=title) if title else Campaign.objects.all()

    with pytest.raises(ValueError, match="changes with its parameter"):
        statements.instances(Campaign, published_or_all, "")
    with pytest.raises(ValueError, match="strings and integers"):
        statements.instances(Campaign, published_or_all, None)


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

    def years(year):
        return Campaign.objects.filter(year__gte=year).values_list("year", flat=True).order_by("year")

    assert statements.rows(Campaign, years, 2024) == [2024, 2025]
    assert statements.rows(Campaign, years, 2025) == [2025]
    for year in (2024, 2025, 2024, 2026):
        expected = list(columns(year))
        with CaptureQueriesContext(connection) as queries:
            assert statements.rows(Campaign, columns, year) == expected
        assert len(queries) == 1
    assert len(statements._STATEMENTS) == 2


def test_what_is_read_must_be_what_the_reader_says():
    with pytest.raises(ValueError, match="read by ModelIterable, not ValuesIterable"):
        statements.rows(Campaign, lambda year: Campaign.objects.filter(year=year), 2025)
    with pytest.raises(ValueError, match="read by ValuesListIterable, not ModelIterable"):
        statements.instances(Campaign, lambda year: Campaign.objects.filter(year=year).values_list("year"), 2025)


def test_dictionaries_and_a_limit():
    for year in (2021, 2022, 2023, 2024):
        CampaignFactory(year=year)

    def since(year):
        return Campaign.objects.filter(year__gte=year).values("year", "published").order_by("year")

    assert statements.rows(Campaign, since, 2022, limit=2) == list(since(2022)[:2]) == [{"year": 2022, "published": True}, {"year": 2023, "published": True}]
    assert statements.rows(Campaign, since, 2021, limit=2) == list(since(2021)[:2])
    assert statements.rows(Campaign, since, 2021, limit=3) == list(since(2021)[:3])  # another statement
    assert statements.rows(Campaign, since, 2021) == list(since(2021))
    assert len(statements._STATEMENTS) == 3
    assert [c.year for c in statements.instances(Campaign, lambda year: Campaign.objects.filter(year__lte=year).order_by("-year"), 2024, limit=1)] == [2024]


def test_read_with_the_connection_of_the_reading_thread():
    CampaignFactory(year=2025)
    AwardList.objects.create(campaign=CampaignFactory(year=2024), notice_ends_on=datetime.date(2024, 12, 1))
    assert [c.year for c in statements.instances(Campaign, campaign_of, 2025)] == [2025]
    statement = statements._STATEMENTS[(campaign_of, None, "default")]
    statement.compiler.connection = None  # as if another thread's: never used here
    (campaign,) = statements.instances(Campaign, campaign_of, 2024)
    assert campaign.award_list.notice_ends_on == datetime.date(2024, 12, 1)  # converted
    assert statement.compiler.connection is None
