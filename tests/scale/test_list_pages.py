"""Every list and detail page of every role costs the same number of queries with 3 projects a
year as with 30, and no list renders more than its page size (issue: design scale).

The data comes from the design-scale generator (benchmarks/seed_scale.py) at a tiny size, and
the pages from the page benchmark's own list (benchmarks/pages.py), so the test and the
benchmark cover the same pages."""

from argparse import Namespace

import pytest
from django.test import Client
from django.urls import resolve

from benchmarks.pages import accounts, count_queries, page_list, rows_rendered, sign_in
from benchmarks.seed_scale import seed

# With lists cut to 5 rows a page, a page shows at most 5 rows per paginated list plus its
# fixed side tables (quotas, the units' best-organisation table, a project's own metrics).
PAGE_SIZE = 5
FIXED_ROWS = 12
# Pages whose tables are bounded by a classification, not by the number of projects.
BOUNDED = {
    "commission: dashboard": "counts by district (16), industry (14) and unit kind",
}


def _measure():
    users = accounts()
    found, paths = {}, {}
    for label, username, path in page_list():
        client = Client()
        if username:
            sign_in(client, users[username])
        response = client.get(path)
        assert response.status_code == 200, (label, path, response.status_code)
        context = response.context
        values = [context[key] for key in context.keys()] if context is not None else []
        pages = {id(value): value for value in values if hasattr(value, "paginator") and hasattr(value, "object_list")}
        empty = sum(1 for page in pages.values() if not page.paginator.count)
        found[label] = (count_queries(client, path), rows_rendered(response.content.decode()), len(pages), empty)
        paths[label] = path
    return found, paths


def _rows_query_count(measured):
    """The query count with one query added back for each empty paginated list: Django does not
    fetch the rows of an empty page, so a list that is empty in the small world (no project
    awaiting assignment with 3 a year) costs one query less there, whatever the row count."""
    queries, _, _, empty = measured
    return queries + empty


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_rows_and_lists_are_paginated(settings):
    settings.TJQA_MAX_PAGE_SIZE = PAGE_SIZE
    # Ten experts, so that the expert measured has several assignments at both sizes.
    args = Namespace(per_year=3, organizations=8, experts=10, units=3, notifications_per_project=2, seed=7)
    seed(args)
    small, small_paths = _measure()
    args.per_year = 27  # 30 a year in all
    seed(args)
    large, large_paths = _measure()
    # The same page at both sizes: a detail page's object exists in the small world too (a
    # missing one would fall back to another page and compare two different pages).
    assert {label: (path, large_paths[label]) for label, path in small_paths.items() if resolve(path.split("?")[0]).url_name != resolve(large_paths[label].split("?")[0]).url_name} == {}

    grew = {
        label: (small[label][0], large[label][0])
        for label in small
        if _rows_query_count(small[label]) != _rows_query_count(large[label])
    }
    too_long = {
        label: rows
        for label, (_, rows, n_pages, _) in large.items()
        if label not in BOUNDED and rows > PAGE_SIZE * max(n_pages, 1) + FIXED_ROWS
    }
    assert not grew and not too_long, (
        f"query counts that grow with rows (3 → 30 a year): {grew}; "
        f"pages rendering more rows than their page size allows: {too_long}"
    )
