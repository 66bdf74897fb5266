"""Permission matrix of the review URLs × roles, and constant query counts on the lists."""

import pytest
from django.urls import reverse

from apps.review import services
from apps.review.models import ReviewAssignment

from .conftest import full_points, sign


@pytest.fixture
def world(make_expert, make_project, make_panel, agency, small_campaign):
    experts = [make_expert() for _ in range(3)]
    project = make_project()
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=[project], actor=agency)
    a = ReviewAssignment.objects.filter(project=project).first()
    sign(a.expert, small_campaign)
    score = services.save_score(assignment=a, actor=a.expert.user, points=full_points(a), submit=False)
    lone = make_expert("未分配专家")
    return {"panel": panel, "project": project, "a": a, "score": score, "expert": experts[0], "lone": lone}


ROLES = ["anonymous", "applicant", "recommender", "commission", "agency", "lone_expert"]

# url name → (args key, expected status per role in ROLES order). 302 = to the login page.
MATRIX = {
    "my_reviews": (None, [302, 403, 403, 403, 403, 200]),
    "conflicts": (None, [302, 403, 403, 403, 403, 200]),
    "expert_list": (None, [302, 403, 403, 200, 200, 403]),
    "expert_export": (None, [302, 403, 403, 200, 200, 403]),
    "expert_add": (None, [302, 403, 403, 403, 200, 403]),
    "expert_detail": ("expert", [302, 403, 403, 200, 200, 403]),
    "panel_list": (None, [302, 403, 403, 200, 200, 403]),
    "panel_detail": ("panel", [302, 403, 403, 200, 200, 403]),
    "panel_add_member": ("panel", [302, 403, 403, 403, 200, 403]),
    "results": (None, [302, 403, 403, 200, 200, 403]),
    "results_export": (None, [302, 403, 403, 200, 200, 403]),
    "audit": (None, [302, 403, 403, 200, 200, 403]),
    "project_scores": ("project", [302, 403, 403, 200, 200, 403]),
    "review": ("a", [302, 403, 403, 403, 403, 404]),
    "score_detail": ("score", [302, 404, 404, 200, 200, 404]),
}


def _user(role, world, applicant, recommender, commission, agency):
    return {
        "anonymous": None,
        "applicant": applicant,
        "recommender": recommender,
        "commission": commission,
        "agency": agency,
        "lone_expert": world["lone"].user,
    }[role]


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(MATRIX))
def test_permission_matrix(client, world, name, applicant, recommender, commission, agency):
    key, expected = MATRIX[name]
    args = [world[key].pk] if key else []
    url = reverse(f"experts:{name}", args=args)
    for role, status in zip(ROLES, expected):
        client.logout()
        user = _user(role, world, applicant, recommender, commission, agency)
        if user:
            client.force_login(user)
        r = client.get(url)
        assert r.status_code == status, f"{name} as {role}: {r.status_code} != {status}"


@pytest.mark.django_db
def test_writes_are_the_agencys(client, world, commission, agency):
    client.force_login(commission)
    for name, args in (("panel_assign", [world["panel"].pk]), ("expert_status", [world["expert"].pk]), ("close", []), ("score_reopen", [world["score"].pk]), ("assignment_recuse", [world["a"].pk]), ("project_top_up", [world["panel"].pk, world["project"].pk]), ("panel_chair", [world["panel"].pk]), ("panel_add_member", [world["panel"].pk]), ("expert_import", [])):
        assert client.post(reverse(f"experts:{name}", args=args), {}).status_code == 403, name
    client.force_login(world["lone"].user)
    assert client.post(reverse("experts:close"), {}).status_code == 403


@pytest.mark.django_db
def test_the_chair_reads_the_results(client, world):
    panel = world["panel"]
    client.force_login(panel.chair.user)
    assert client.get(reverse("experts:results")).status_code == 200
    # The chair's own list links to the results of the year of each panel it chairs; a member's does not.
    link = f'<a class="btn secondary" href="/experts/results/?campaign={panel.campaign_id}">{panel.campaign.year}年评审结果（组长）</a>'
    assert link in client.get(reverse("experts:my_reviews")).content.decode()
    member = panel.members.exclude(expert=panel.chair).first().expert
    client.force_login(member.user)
    assert "评审结果（组长）" not in client.get(reverse("experts:my_reviews")).content.decode()


def _grow(make_expert, make_project, make_panel, agency, small_campaign, n):
    experts = [make_expert() for _ in range(3)]
    projects = [make_project() for _ in range(n)]
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=projects, actor=agency)
    for e in experts:
        sign(e, small_campaign)
    for a in ReviewAssignment.objects.filter(panel=panel).select_related("panel__campaign", "project"):
        services.save_score(assignment=a, actor=a.expert.user, points=full_points(a, 0.9), submit=True)
    return experts, panel


@pytest.mark.django_db
def test_list_query_counts_do_not_grow(client, make_expert, make_project, make_panel, agency, small_campaign, django_assert_max_num_queries):
    experts, panel = _grow(make_expert, make_project, make_panel, agency, small_campaign, 1)
    pages = {
        "my": (experts[0].user, reverse("experts:my_reviews")),
        "pool": (agency, reverse("experts:expert_list")),
        "panels": (agency, reverse("experts:panel_list")),
        "panel": (agency, reverse("experts:panel_detail", args=[panel.pk])),
        "results": (agency, reverse("experts:results")),
        "audit": (agency, reverse("experts:audit")),
    }
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for key, (user, url) in pages.items():
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[key] = len(ctx.captured_queries)
    # Many rows: more projects and assignments, more experts in the pool.
    _grow(make_expert, make_project, make_panel, agency, small_campaign, 4)
    for _ in range(5):
        make_expert()
    for key, (user, url) in pages.items():
        client.force_login(user)
        with django_assert_max_num_queries(counts[key], info=key):
            assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_review_screen_reads_the_pledge_and_the_score_with_the_assignment(client, make_expert, make_project, make_panel, agency, small_campaign):
    """第二十三条: no material before the pledge, on the screen and for its files; after it, the
    screen shows the saved draft: the pledge and the score sheet read with the assignment, the
    saved points with the rubric."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.projects.models import Attachment

    project = make_project()
    panel = make_panel([make_expert() for _ in range(3)])
    services.assign_projects(panel=panel, projects=[project], actor=agency)
    a = ReviewAssignment.objects.filter(project=project).select_related("expert__user").first()
    expert = a.expert
    attachment = Attachment.objects.filter(project=project).first()
    client.force_login(expert.user)
    response = client.get(reverse("experts:review", args=[a.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("experts:pledge", args=[small_campaign.pk]))
    if attachment is not None:
        assert client.get(reverse("experts:attachment", args=[a.pk, attachment.pk])).status_code == 404
    sign(expert, small_campaign)
    response = client.get(reverse("experts:review", args=[a.pk]))
    assert response.status_code == 200 and 'id="save-draft"' in response.content.decode()
    points = full_points(a, 0.5)
    services.save_score(assignment=a, actor=expert.user, points=points, submit=False)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("experts:review", args=[a.pk]))
    page = response.content.decode()
    first = min(points)
    assert f'name="c{first}" value="{points[first]}"' in page and "草稿保存于" in page
    statements = [query["sql"] for query in ctx.captured_queries]
    assert [s for s in statements if s.startswith('SELECT 1 AS "a" FROM "experts_confidentialitypledge"')] == []
    assert [s for s in statements if s.startswith('SELECT "experts_score"."id"')] == []
    # The saved points come with the rubric (apps.review.selectors.rubric_with_points).
    assert [s for s in statements if s.startswith('SELECT "experts_criterionscore"')] == []
    # "2.5" and "5", never "5.0" (the points keep one decimal place).
    points[first] = "2.5"
    services.save_score(assignment=a, actor=expert.user, points=points, submit=False)
    page = client.get(reverse("experts:review", args=[a.pk])).content.decode()
    assert f'name="c{first}" value="2.5"' in page
    second = sorted(points)[1]
    assert f'name="c{second}" value="{points[second]}"' in page
