"""The ranking page and the panel screen at design scale (issue: design scale): one page of
each list, the same number of queries with 3 projects as with 30, counts from aggregates, and
filters that keep their values from page to page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.review import services
from apps.review.models import ProposalEntry, ReviewAssignment

from .conftest import full_points, sign

pytestmark = pytest.mark.django_db

PAGE_SIZE = 5


class World:
    """Three experts on one panel; projects scored in full, projects still being scored, and
    projects not yet assigned, grown in steps."""

    def __init__(self, make_expert, make_project, make_panel, agency, campaign):
        self.make_project, self.agency, self.campaign = make_project, agency, campaign
        self.experts = [make_expert() for _ in range(3)]
        for expert in self.experts:
            sign(expert, campaign)
        self.panel = make_panel(self.experts)

    def grow(self, *, scored, pending, unassigned):
        done = [self.make_project() for _ in range(scored)]
        waiting = [self.make_project() for _ in range(pending)]
        for _ in range(unassigned):
            self.make_project()
        services.assign_projects(panel=self.panel, projects=done + waiting, actor=self.agency)
        for assignment in ReviewAssignment.objects.filter(project__in=done).select_related("panel__campaign", "project"):
            services.save_score(assignment=assignment, actor=assignment.expert.user, points=full_points(assignment, 0.9), submit=True)


@pytest.fixture
def world(make_expert, make_project, make_panel, agency, small_campaign, settings):
    settings.TJQA_MAX_PAGE_SIZE = PAGE_SIZE
    return World(make_expert, make_project, make_panel, agency, small_campaign)


def _table_rows(html, table_id):
    table = re.search(rf'<table class="list" id="{table_id}">.*?<tbody>(.*?)</tbody>', html, re.S)
    return len(re.findall(r"<tr[\s>]", table.group(1))) if table else 0


def _get(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_ranking_and_panel_pages_cost_the_same_with_3_and_30_projects(client, world, agency):
    world.grow(scored=3, pending=3, unassigned=3)
    chair = world.panel.chair.user
    pages = {
        "ranking": (agency, reverse("experts:results")),
        "ranking of a level": (agency, reverse("experts:results") + "?level=none"),
        "ranking of the panel": (agency, reverse("experts:results") + f"?panel={world.panel.pk}"),
        "chair's ranking": (chair, reverse("experts:results")),
        "panel": (agency, reverse("experts:panel_detail", args=[world.panel.pk])),
    }
    small = {label: _get(client, user, url)[0] for label, (user, url) in pages.items()}
    world.grow(scored=27, pending=3, unassigned=3)  # 30 scored, 6 being scored, 6 unassigned
    large = {label: _get(client, user, url) for label, (user, url) in pages.items()}
    assert {label: count for label, (count, _) in large.items()} == small

    ranking = large["ranking"][1]
    assert ProposalEntry.objects.filter(campaign=world.campaign).count() == 30
    assert _table_rows(ranking, "proposal") == PAGE_SIZE
    assert "第 1 / 6 页，共 30 项" in ranking
    assert "评分未完成的项目（6）" in ranking  # the pending count is the whole list's
    assert "全部等级（30）" in ranking  # the level filter counts every entry
    # The panel screen's statements, as many with 30 projects as with 3: the session, user,
    # second factor and roles; the panel with its counts; the members with theirs; a page of the
    # progress table (projects, assignments); a page of the projects waiting for a panel; the
    # unread notifications; a page of the draws.
    assert small["panel"] == 11
    panel = large["panel"][1]
    assert "评审进度（36个项目）" in panel
    assert panel.count('name="reason" placeholder="回避理由"') == PAGE_SIZE  # one page of projects
    assert panel.count('name="project" value=') == PAGE_SIZE  # one page of unassigned projects


def test_the_panel_screen_pages_its_projects_in_key_order(client, world, agency):
    """A later page of the progress table and of the projects waiting for a panel lists the
    next projects by key, whichever page the other list is on."""
    world.grow(scored=0, pending=7, unassigned=7)
    assigned = list(ReviewAssignment.objects.filter(panel=world.panel).order_by("project_id").values_list("project_id", flat=True).distinct())
    from apps.review.selectors import unassigned_projects

    waiting = list(unassigned_projects(world.campaign).values_list("pk", flat=True))
    assert len(assigned) == len(waiting) == 7
    client.force_login(agency)
    url = reverse("experts:panel_detail", args=[world.panel.pk])
    for query, shown in (({}, (assigned[:5], waiting[:5])), ({"page": 2, "unassigned_page": 2}, (assigned[5:], waiting[5:])), ({"page": 2}, (assigned[5:], waiting[:5]))):
        html = client.get(url, query).content.decode()
        progress = [int(pk) for pk in re.findall(r'<a href="/experts/projects/(\d+)/scores/">', html)]
        unassigned = [int(pk) for pk in re.findall(r'name="project" value="(\d+)"', html)]
        assert (progress, unassigned) == shown, query


def test_the_ranking_filters_keep_their_values_and_the_counts_stay_whole(client, world, agency):
    world.grow(scored=8, pending=0, unassigned=0)
    client.force_login(agency)
    url = reverse("experts:results")
    everything = client.get(url).content.decode()
    level = next(value or "none" for value in ProposalEntry.objects.values_list("proposed_level", flat=True))
    n = ProposalEntry.objects.filter(proposed_level="" if level == "none" else level).count()
    html = client.get(url, {"level": level, "panel": world.panel.pk}).content.decode()
    assert _table_rows(html, "proposal") == min(n, PAGE_SIZE)
    assert f'<option value="{level}" selected>' in html and f'<option value="{world.panel.pk}" selected>' in html
    if n > PAGE_SIZE:
        assert f"level={level}" in html.split('aria-label="分页"')[1]
    # The quota cards count the whole proposal, whatever the filter shows.
    cards = re.findall(r'<div class="n">(\d+) / \d+</div>', html)
    assert cards == re.findall(r'<div class="n">(\d+) / \d+</div>', everything)
    nothing = client.get(url, {"level": "none" if level != "none" else "first"}).content.decode()
    assert "没有符合条件的项目。" in nothing and cards == re.findall(r'<div class="n">(\d+) / \d+</div>', nothing)
    assert '<label for="f-panel">评审组</label>' in html and '<label for="f-level">建议等级</label>' in html


def test_the_chair_pages_through_the_own_panel_only(client, world, make_expert, make_panel, agency):
    world.grow(scored=7, pending=0, unassigned=0)
    others = [make_expert() for _ in range(3)]
    for expert in others:
        sign(expert, world.campaign)
    other_panel = make_panel(others, name="另一评审组")
    other_projects = [world.make_project() for _ in range(2)]
    services.assign_projects(panel=other_panel, projects=other_projects, actor=agency)
    for assignment in ReviewAssignment.objects.filter(project__in=other_projects).select_related("panel__campaign", "project"):
        services.save_score(assignment=assignment, actor=assignment.expert.user, points=full_points(assignment, 0.95), submit=True)
    client.force_login(world.panel.chair.user)
    url = reverse("experts:results")
    first, second = client.get(url).content.decode(), client.get(url, {"page": 2}).content.decode()
    assert "共 7 项" in first and 'id="chair-scope"' in first
    assert all(project.title not in first + second for project in other_projects)
    # The chair sees the order within the own panel, continued across pages.
    assert re.findall(r'<td class="num">(\d+)</td>\s*<td>', second)[:2] == ["6", "7"]
    assert f'<option value="{other_panel.pk}"' not in first  # only the own panel to filter by
    assert client.get(url, {"panel": other_panel.pk}).content.decode().count('<tr id="p') == PAGE_SIZE  # ignored, not widened


def test_the_panel_pages_its_recusal_gaps_and_draws(client, world, agency):
    """第二十二条's gaps and the draw record are lists of their own on the panel screen: each
    shows one page and its whole count, at the same cost with 3 gaps as with 30."""

    def recuse_all(projects):
        # Every member is on every project (3 experts, 3 scorers), so nobody is left to draw.
        for assignment in ReviewAssignment.objects.filter(project__in=projects, status=ReviewAssignment.Status.ACTIVE)[:len(projects)]:
            assert services.recuse(assignment=assignment, actor=agency, reason="与申报组织存在投资关系") is None

    url = reverse("experts:panel_detail", args=[world.panel.pk])
    first = [world.make_project() for _ in range(3)]
    services.assign_projects(panel=world.panel, projects=first, actor=agency)
    recuse_all(first)
    small, html = _get(client, agency, url)
    assert "评审缺额待处理（第二十二条，3处）" in html
    more = [world.make_project() for _ in range(27)]
    services.assign_projects(panel=world.panel, projects=more, actor=agency)
    recuse_all(more)
    large, html = _get(client, agency, url)
    assert large == small
    assert "评审缺额待处理（第二十二条，30处）" in html
    gaps = html.split('id="recusal-gaps"')[1].split("</div>")[0]
    assert gaps.count("<tr><td>") == PAGE_SIZE
    assert "第 1 / 6 页，共 30 项" in gaps
    draws = html.split("抽取记录")[1]
    assert draws.count("/experts/draws/") == PAGE_SIZE
    second = client.get(url, {"gaps_page": 6}).content.decode().split('id="recusal-gaps"')[1].split("</div>")[0]
    assert "第 6 / 6 页，共 30 项" in second and second.count("<tr><td>") == PAGE_SIZE


def test_the_experts_own_list_counts_and_numbers_its_rows(client, world):
    world.grow(scored=3, pending=4, unassigned=0)
    expert = world.experts[0]
    waiting = ReviewAssignment.objects.filter(expert=expert, score__isnull=True).order_by("project_id").last()
    services.recuse(assignment=waiting, actor=expert.user, reason="曾参与该项目咨询")
    first = _get(client, expert.user, reverse("experts:my_reviews"))
    second = _get(client, expert.user, reverse("experts:my_reviews") + "?page=2")
    assert first[0] == second[0]
    page_one, page_two = first[1], second[1]
    # Seven assignments, six of them active, three of those scored; the recused one comes last.
    assert "已提交 <strong>3</strong> / 6 个项目" in page_one and 'value="50"' in page_one
    assert "第 1 / 2 页，共 7 项" in page_one and "第 2 / 2 页，共 7 项" in page_two
    assert re.findall(r"<tr>\s*<td>(\d+)</td>", page_one) == ["1", "2", "3", "4", "5"]
    assert re.findall(r"<tr>\s*<td>(\d+)</td>", page_two) == ["6", "7"]
    assert "曾参与该项目咨询" in page_two and "请先签署保密承诺" not in page_one
    first_project = ReviewAssignment.objects.filter(expert=expert).order_by("project_id").first().project_id
    assert f'<div class="muted">ZLGG{world.campaign.year}{first_project:05d}</div>' in page_one


def test_the_pending_rows_read_by_a_statement_compiled_once_are_the_querysets(world, monkeypatch):
    """Whatever the number of keys a page of the pending list has, its rows are what the
    queryset reads (a statement is compiled for each number)."""
    from apps.review import selectors

    world.grow(scored=2, pending=4, unassigned=0)
    waiting = ReviewAssignment.objects.filter(project_id__in=selectors.pending_review_project_ids(world.campaign)).order_by("pk").first()
    services.save_score(assignment=waiting, actor=waiting.expert.user, points=full_points(waiting, 0.8), submit=True)
    keys = selectors.pending_review_project_ids(world.campaign)
    assert len(keys) == 4
    pages = [keys[:1], keys[1:4], keys[:3], keys[3:], keys]
    compiled = [selectors.pending_review_rows(world.campaign, page) for page in pages]
    monkeypatch.setattr(selectors, "_PENDING_ROWS", type("Plain", (), {"rows": staticmethod(lambda *ids: list(selectors._pending_rows(*ids)))}))
    assert compiled == [selectors.pending_review_rows(world.campaign, page) for page in pages]
    assert sorted(row["done"] for row in compiled[-1]) == [0, 0, 0, 1] and all(row["n"] == 3 for row in compiled[-1])
