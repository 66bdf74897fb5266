"""第十三条: the tracking list as the agency reads it — each project's number, organisation,
unit, state, visits and last visit, never-visited projects first, and the newest visits below."""

import datetime
import re

import pytest
from django.urls import reverse

from apps.training.services import record_visit

pytestmark = pytest.mark.django_db


def test_the_tracking_list_shows_each_projects_visits_and_the_newest_visits(client, agency, recommender, make_project):
    visited = make_project("in_progress", title="降低焊接返修率")
    never = make_project("in_progress", title="提高一次交检合格率")
    day = datetime.date.today()
    record_visit(project=visited, actor=recommender, visited_on=day - datetime.timedelta(days=9), form="on_site", findings="进度正常", guidance="按计划推进")
    record_visit(project=visited, actor=recommender, visited_on=day - datetime.timedelta(days=2), form="remote", findings="数据齐全", guidance="补充<对比>数据 & 图表")
    client.force_login(agency)
    html = client.get(reverse("training:tracking_list")).content.decode()
    rows = re.findall(r"<tr><td>(.*?)</tr>", html.split('id="tracking"')[1].split("</table>")[0], re.S)
    assert [re.match(r"[^<]*", row).group(0) for row in rows] == ["提高一次交检合格率", "降低焊接返修率"]  # never visited first
    never_row, visited_row = rows
    year = visited.campaign.year
    assert f'<div class="muted">ZLGG{year}{visited.pk:05d}</div>' in visited_row
    assert f"<td>{visited.organization.name}</td><td>{visited.recommender.name}</td>" in visited_row
    assert '<span class="state in_progress">实施中（已列入项目计划）</span>' in visited_row
    last = (day - datetime.timedelta(days=2)).isoformat()
    assert f'<td class="num">2</td><td>{last}</td>' in visited_row
    assert f'href="/training/tracking/projects/{visited.pk}/"' in visited_row
    assert '<td class="num">0</td><td>—</td>' in never_row
    recent = html.split("最近的跟踪服务记录")[1]
    assert recent.index(last) < recent.index((day - datetime.timedelta(days=9)).isoformat())
    assert f'<td>{last}</td><td>远程</td><td><a href="/training/tracking/projects/{visited.pk}/">降低焊接返修率</a></td><td>{visited.recommender.name}</td><td>补充&lt;对比&gt;数据 &amp; 图表</td>' in recent


def test_the_tracking_list_of_a_year_asked_for_shows_that_years_projects(client, agency, campaign, make_project):
    """The year select's campaigns are read once; the year asked for is found among them, and a
    year without a campaign lists every year's projects."""
    from tests.factories import CampaignFactory

    earlier = CampaignFactory(year=campaign.year - 1)
    this_years = make_project("in_progress", title="本年度的项目")
    earlier_ones = make_project("in_progress", title="上一年度的项目", campaign=earlier)
    client.force_login(agency)
    url = reverse("training:tracking_list")
    html = client.get(url, {"year": str(campaign.year - 1)}).content.decode()
    assert earlier_ones.title in html and this_years.title not in html
    assert f'<option value="{campaign.year - 1}" selected>{campaign.year - 1}</option>' in html
    assert f'<option value="{campaign.year}" >{campaign.year}</option>' in html
    html = client.get(url).content.decode()
    assert this_years.title in html and earlier_ones.title not in html
    assert f'<option value="{campaign.year}" selected>{campaign.year}</option>' in html
    html = client.get(url, {"year": "1999"}).content.decode()
    assert this_years.title in html and earlier_ones.title in html
    assert '<option value="all" selected>全部年度</option>' in html


def test_the_newest_visits_shown_are_those_of_the_year_asked_for(client, agency, campaign, recommender, make_project):
    from tests.factories import CampaignFactory

    earlier = CampaignFactory(year=campaign.year - 1)
    this_years = make_project("in_progress", title="本年度的项目")
    earlier_ones = make_project("in_progress", title="上一年度的项目", campaign=earlier)
    day = datetime.date.today()
    for project, guidance in ((this_years, "本年度的指导意见"), (earlier_ones, "上一年度的指导意见")):
        record_visit(project=project, actor=recommender, visited_on=day - datetime.timedelta(days=1), form="on_site", findings="f", guidance=guidance)
    client.force_login(agency)
    url = reverse("training:tracking_list")
    recent = client.get(url, {"year": str(campaign.year - 1)}).content.decode().split("最近的跟踪服务记录")[1]
    assert "上一年度的指导意见" in recent and "本年度的指导意见" not in recent
    recent = client.get(url).content.decode().split("最近的跟踪服务记录")[1]
    assert "本年度的指导意见" in recent and "上一年度的指导意见" not in recent
    recent = client.get(url, {"year": "all"}).content.decode().split("最近的跟踪服务记录")[1]
    assert "本年度的指导意见" in recent and "上一年度的指导意见" in recent


def test_a_page_of_the_tracking_list_reads_its_rows_in_the_lists_order(agency, recommender, make_project):
    """Each page's rows, read in one query with the page's keys as its subquery, come in the
    list's order (never visited first, then the longest since the last visit, then by
    organisation), page after page, with their number of visits and last visit."""
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.training import selectors

    projects = [make_project("in_progress", title=f"项目{i}") for i in range(7)]
    day = datetime.date.today()
    for i, project in enumerate(projects[:4]):
        for back in range(i + 1):
            record_visit(project=project, actor=recommender, visited_on=day - datetime.timedelta(days=10 * i + back), form="on_site", findings="f", guidance="g")
    expected = list(selectors.tracking_projects(agency))
    paginator = Paginator(selectors.tracking_project_ids(agency), 3)
    shown = []
    for number in paginator.page_range:
        with CaptureQueriesContext(connection) as read:
            shown += selectors.tracking_rows(paginator.page(number).object_list)
        assert len(read) == 1
    assert [row["pk"] for row in shown] == [project.pk for project in expected]
    assert [(row["n_visits"], row["last_visit"]) for row in shown] == [(p.n_visits, p.last_visit) for p in expected]
    assert [row["n_visits"] for row in shown] == [0, 0, 0, 4, 3, 2, 1]



def test_a_page_of_a_list_that_can_hold_nothing_reads_no_rows(make_project):
    """Who may see nothing gets a list of nothing (``none()``): no rows, and no query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.projects.models import Project
    from apps.training import selectors

    make_project("in_progress")
    with CaptureQueriesContext(connection) as read:
        assert selectors.tracking_rows(Project.objects.none().values_list("pk", flat=True)[:30]) == []
    assert len(read) == 0


def test_the_newest_visits_are_those_the_user_may_see_newest_first(agency, recommender, other_recommender, make_project):
    """The newest visits below the list: at most ``limit``, newest first, of the visits the
    user may list (a unit its own unit's, the agency all), read as the list shows them."""
    from apps.training import selectors

    projects = [make_project("in_progress") for _ in range(4)]
    day = datetime.date.today()
    for i, project in enumerate(projects):
        for back in range(3):
            record_visit(project=project, actor=recommender, visited_on=day - datetime.timedelta(days=7 * back + i), form="remote", findings="f", guidance=f"意见{i}{back}")
    for user in (agency, recommender, other_recommender):
        expected = list(selectors._visits_seen_by(user, None).select_related("project", "recommender")[:5])
        rows = selectors.recent_visits(user, limit=5)
        assert [(row["visited_on"], row["project_id"], row["project__title"], row["recommender__name"], row["guidance"], row["form_label"]) for row in rows] == [
            (visit.visited_on, visit.project_id, visit.project.title, visit.recommender.name, visit.guidance, visit.get_form_display())
            for visit in expected
        ]
        assert len(rows) == (0 if user is other_recommender else 5)


@pytest.mark.parametrize("every_year", [False, True])
def test_the_staffs_pages_read_by_statements_are_the_lists_pages(agency, recommender, campaign, make_project, every_year):
    """The staff's list, counted and paged by statements compiled once, holds what the
    queryset of the list holds, page after page, in its order, of one year or of every year;
    a unit's list goes by its own keys."""
    from django.core.paginator import Paginator

    from tests.factories import CampaignFactory

    from apps.training import selectors

    earlier = CampaignFactory(year=campaign.year - 1)
    projects = [make_project("in_progress", title=f"项目{i}") for i in range(5)] + [make_project("in_progress", campaign=earlier)]
    make_project("submitted")  # not in the plan: not tracked
    day = datetime.date.today()
    for i, project in enumerate(projects[:3]):
        record_visit(project=project, actor=recommender, visited_on=day - datetime.timedelta(days=3 * i), form="on_site", findings="f", guidance="g")
    year = None if every_year else campaign
    expected = list(selectors.tracking_projects(agency, campaign=year).values_list("pk", flat=True))
    assert len(expected) == (6 if every_year else 5)
    assert selectors.tracking_count(agency, campaign=year) == len(expected)
    paginator = Paginator(range(len(expected)), 2)
    shown = [row["pk"] for number in paginator.page_range for row in selectors.tracking_page(agency, paginator.page(number), campaign=year)]
    assert shown == expected
    assert selectors.tracking_count(recommender, campaign=year) == len(expected)
    assert [row["pk"] for row in selectors.tracking_page(recommender, Paginator(range(len(expected)), 10).page(1), campaign=year)] == expected
