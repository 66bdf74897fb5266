"""The public award list at design scale (issue: design scale): one page of rows, filtered by
level, district and industry, the same number of queries with 3 awards as with 30, and its
level counts from aggregates rather than from the rows shown."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGE_SIZE = 5
# session, user, second factor… plus the page's own: campaign, announced list, list years,
# the page's count and rows, the district and industry tables, the best organisations — and the
# public cache's tokens (apps.public.cache), read once; the first visit after a change also
# writes the new tokens.
QUERIES = 9
# A later visit, while nothing has changed: campaign, announced list, the tokens; the body is kept.
QUERIES_KEPT = 3


def _levels(n):
    return (["first", "second", "third", "third", "third"] * n)[:n]


def _rows(html):
    table = re.search(r'<table class="list" id="awards">(.*?)</table>', html, re.S)
    return len(re.findall(r"<tr class=\"results-", table.group(1))) if table else 0


@pytest.mark.parametrize("n", [3, 30])
def test_the_public_award_list_is_paged_with_constant_queries(client, campaign, announce_awards, settings, django_assert_num_queries, n):
    settings.TJQA_MAX_PAGE_SIZE = PAGE_SIZE
    announce_awards(n, levels=_levels(n))
    url = reverse("awards:results", args=[campaign.year])
    client.get(url, {"level": "first"})  # the tokens are written by the first visit of all
    with django_assert_num_queries(QUERIES):
        html = client.get(url).content.decode()
    with django_assert_num_queries(QUERIES_KEPT):
        kept = client.get(url).content.decode()
    assert kept[kept.index('<div class="hero">'):] == html[html.index('<div class="hero">'):]
    assert _rows(html) == min(n, PAGE_SIZE)
    # The level cards count every award, not the rows of this page.
    thirds = _levels(n).count("third")
    assert f'<div class="n">{thirds}</div><div class="l">三等奖</div>' in html
    assert f"获奖成果（共 {n} 项）" in html


def test_the_public_award_list_filters_by_level_and_keeps_the_filter_across_pages(client, campaign, announce_awards, settings):
    settings.TJQA_MAX_PAGE_SIZE = PAGE_SIZE
    projects = announce_awards(12, levels=["second"] * 2 + ["third"] * 10)
    url = reverse("awards:results", args=[campaign.year])
    html = client.get(url, {"level": "third"}).content.decode()
    assert "获奖成果（共 10 项）" in html and _rows(html) == PAGE_SIZE
    assert 'class="results-second"' not in html
    assert "level=third&amp;page=2" in html  # the next page keeps the level
    second_page = client.get(url, {"level": "third", "page": 2}).content.decode()
    shown = {p.title for p in projects if f"<td>{p.title}</td>" in second_page}
    assert len(shown) == PAGE_SIZE
    assert '<label for="f-level">奖项等级</label>' in html
    assert client.get(url, {"level": "second", "district": "nowhere"}).status_code == 200
