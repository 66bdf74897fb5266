"""The counts the pool, the panels list and the panel screen show next to each row: an expert's
open assignments, a panel's members and projects, a member's load and submitted scores. Each
row counts its own rows only: four members and two projects make seven assignments, and no
count may multiply one by the other."""

import pytest
from django.urls import reverse

from apps.review import selectors, services
from apps.review.models import ReviewAssignment

from .conftest import full_points, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel_of_three(make_expert, make_project, make_panel, agency, small_campaign):
    """Three experts on one panel, two projects assigned (each to all three), one score
    submitted, one recusal whose replacement (专家丁, the only other expert in the pool) joins
    the panel, and an expert added to the pool afterwards with nothing to do."""
    experts = [make_expert(f"专家{name}") for name in "甲乙丙丁"]
    for expert in experts:
        sign(expert, small_campaign)
    panel = make_panel(experts[:3])
    first, second = make_project(), make_project()
    services.assign_projects(panel=panel, projects=[first, second], actor=agency)
    scored = ReviewAssignment.objects.select_related("panel__campaign", "project").get(project=first, expert=experts[0])
    services.save_score(assignment=scored, actor=experts[0].user, points=full_points(scored), submit=True)
    recused = ReviewAssignment.objects.get(project=second, expert=experts[2])
    replacement = services.recuse(assignment=recused, actor=agency, reason="与申报组织存在合作关系")
    assert replacement.expert == experts[3]
    make_expert("专家戊")
    return panel


def test_pool_counts_each_experts_open_assignments(panel_of_three):
    counts = {expert.name: expert.open_assignments for expert in selectors.expert_list()}
    assert counts == {"专家甲": 2, "专家乙": 2, "专家丙": 1, "专家丁": 1, "专家戊": 0}


def test_panels_list_counts_members_and_projects_once(panel_of_three):
    [row] = selectors.panel_rows(panel_of_three.campaign)
    assert (row["member_count"], row["project_count"]) == (4, 2)


def test_panel_screen_counts_each_members_load_and_submitted_scores(client, agency, panel_of_three):
    client.force_login(agency)
    response = client.get(reverse("experts:panel_detail", args=[panel_of_three.pk]))
    assert response.status_code == 200
    counts = {member["name"]: (member["load"], member["done"]) for member in response.context["members"]}
    assert counts == {"专家甲": (2, 1), "专家乙": (2, 0), "专家丙": (1, 0), "专家丁": (1, 0)}
    # The progress table: the replacement names whom it replaces, the recusal its reason.
    body = response.content.decode()
    assert "（替换专家丙）" in body
    assert "与申报组织存在合作关系" in body
    assert '<span class="status-tag submitted">已提交</span>' in body


def test_the_panels_list_shows_each_panels_row(client, agency, panel_of_three, make_panel):
    """Each panel's name linked to its screen, its specialty (综合 for all), its chair (— for
    none), members, projects, status and the time it was formed, in the order formed."""
    from django.utils import timezone

    from apps.review.models import Panel

    Panel.objects.filter(pk=panel_of_three.pk).update(specialty="automotive")
    empty = make_panel([], name="备用评审组")
    client.force_login(agency)
    html = client.get(reverse("experts:panel_list"), {"year": panel_of_three.campaign.year}).content.decode()
    formed = timezone.localtime(panel_of_three.created_at).strftime("%Y-%m-%d %H:%M")
    assert (
        f'<tr><td><a href="/experts/panels/{panel_of_three.pk}/">测试评审组</a></td><td>汽车及零部件</td><td>专家甲</td>'
        f'<td class="num">4</td><td class="num">2</td><td>评审中</td><td>{formed}</td></tr>'
    ) in html
    assert f'<a href="/experts/panels/{empty.pk}/">备用评审组</a></td><td>综合</td><td>—</td><td class="num">0</td><td class="num">0</td>' in html
    assert html.index("测试评审组") < html.index("备用评审组")
