"""The public notice page (第十七条): one query before anything is under notice, two while
projects are, and the same page either way."""

import pytest
from django.urls import reverse

from apps.campaigns.models import Campaign


def test_the_notice_of_a_year_without_a_list_is_one_query(client, campaign, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("awards_public:notice", args=[campaign.year]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{campaign.year}年度暂无公示中的项目。" in html
    assert "公示期：" not in html and 'id="objection"' not in html


def test_the_notice_of_an_unpublished_or_unknown_year_is_not_found(client, campaign):
    assert client.get(reverse("awards_public:notice", args=[campaign.year + 1])).status_code == 404
    Campaign.objects.filter(pk=campaign.pk).update(published=False)
    assert client.get(reverse("awards_public:notice", args=[campaign.year])).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_projects_under_notice_are_listed_with_the_form_in_two_queries(client, campaign, commission, make_reviewed, publish_list, django_assert_num_queries, n):
    projects = make_reviewed(n, levels=["first", "second", "third"][:n])
    publish_list(campaign, commission)
    with django_assert_num_queries(2):
        response = client.get(reverse("awards_public:notice", args=[campaign.year]))
    html = response.content.decode()
    assert "公示期：" in html and 'id="objection"' in html
    for project in projects:
        assert project.title in html and f'href="?project={project.pk}#objection"' in html


def test_after_the_announcement_the_notice_points_to_the_award_list(client, campaign, announce_awards, django_assert_num_queries):
    announce_awards(1)
    with django_assert_num_queries(1):
        html = client.get(reverse("awards_public:notice", args=[campaign.year])).content.decode()
    assert f"{campaign.year}年度暂无公示中的项目。" in html
    assert reverse("awards:results", args=[campaign.year]) in html
