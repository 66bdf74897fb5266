"""The review screen: pledge first (第二十三条), bounded scores, drafts, submit locks, the
agency reopens with a logged reason, every view is audited, independence (others: 404)."""

import pytest
from django.urls import reverse

from apps.review import services
from apps.review.models import ReviewAssignment, ReviewAuditEvent, Score
from tests.factories import add_pdf

from .conftest import full_points, sign


@pytest.fixture
def setup(make_expert, make_project, make_panel, agency):
    experts = [make_expert(f"专家{c}") for c in "甲乙丙丁"]
    project = make_project()
    unassigned = make_project()
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=[project], actor=agency, seed="t")
    assignments = list(ReviewAssignment.objects.filter(project=project).select_related("expert__user", "panel__campaign", "project"))
    outsider = next(e for e in experts if e.pk not in {a.expert_id for a in assignments})
    return {"project": project, "unassigned": unassigned, "panel": panel, "assignments": assignments, "outsider": outsider}


def post_scores(client, a, points, comment="", action="save", **headers):
    data = {f"c{k}": v for k, v in points.items()}
    data.update(comment=comment, action=action)
    return client.post(reverse("experts:review", args=[a.pk]), data, **headers)


@pytest.mark.django_db
def test_pledge_comes_before_any_material(client, setup, small_campaign):
    a = setup["assignments"][0]
    att = add_pdf(a.project)
    client.force_login(a.expert.user)
    r = client.get(reverse("experts:review", args=[a.pk]))
    assert r.status_code == 302 and reverse("experts:pledge", args=[small_campaign.pk]) in r["Location"]
    assert client.get(reverse("experts:attachment", args=[a.pk, att.pk])).status_code == 404
    assert not ReviewAuditEvent.objects.filter(action="viewed").exists()
    r = client.post(reverse("experts:pledge", args=[small_campaign.pk]), {"next": reverse("experts:review", args=[a.pk])})
    assert "第二十三条" in r.content.decode()  # not ticked: refused with the article
    r = client.post(reverse("experts:pledge", args=[small_campaign.pk]), {"agree": "1", "next": reverse("experts:review", args=[a.pk])})
    assert r.status_code == 302 and r["Location"] == reverse("experts:review", args=[a.pk])
    pledge = a.expert.pledges.get()
    assert pledge.signed_at is not None
    r = client.get(reverse("experts:review", args=[a.pk]))
    assert r.status_code == 200
    body = r.content.decode()
    assert a.project.title in body and "选题" in body and "原因分析" in body
    assert ">4.6<" in body and ">1.2<" in body and "4.6000" not in body  # metrics as people write them
    assert ReviewAuditEvent.objects.filter(action="viewed", expert=a.expert, project=a.project).count() == 1
    r = client.get(reverse("experts:attachment", args=[a.pk, att.pk]))
    assert r.status_code == 200 and r["Content-Disposition"] == "inline" and r["Content-Type"] == "application/pdf"
    assert ReviewAuditEvent.objects.filter(action="viewed_attachment", expert=a.expert).count() == 1


@pytest.mark.django_db
def test_scores_are_bounded_drafts_save_and_submit_locks(client, setup, small_campaign):
    a = setup["assignments"][0]
    sign(a.expert, small_campaign)
    client.force_login(a.expert.user)
    points = full_points(a)
    first = next(iter(points))
    too_many = {**points, first: 999}
    r = post_scores(client, a, too_many)
    assert r.status_code == 200 and "之间" in r.content.decode()
    assert 'value="999"' in r.content.decode()  # the input is kept
    assert "[&#x27;" not in r.content.decode()  # the message itself, not a Python list
    assert not Score.objects.filter(assignment=a).exists() or Score.objects.get(assignment=a).total is None
    # Draft with half the criteria.
    half = dict(list(points.items())[:2])
    r = post_scores(client, a, half, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "草稿已保存" in r.content.decode()
    score = Score.objects.get(assignment=a)
    assert score.status == "draft" and score.items.count() == 2
    shown = client.get(reverse("experts:review", args=[a.pk])).content.decode()
    assert f'value="{half[first]}"' in shown and ".0\"" not in shown  # 15, not 15.0
    # Submitting needs every criterion.
    r = post_scores(client, a, half, action="submit")
    assert "请为" in r.content.decode()
    # A low total needs a comment.
    low = {k: 0 for k in points}
    r = post_scores(client, a, low, action="submit")
    assert "总分低于60分，须填写评语" in r.content.decode()  # not "60.0分"
    r = post_scores(client, a, points, action="submit")
    assert r.status_code == 302
    score.refresh_from_db()
    assert score.status == "submitted" and score.total == 100
    # Locked.
    r = post_scores(client, a, low, comment="改分", action="save")
    assert "锁定" in r.content.decode()
    score.refresh_from_db()
    assert score.total == 100


@pytest.mark.django_db
def test_weighted_total_uses_the_weights(setup, small_campaign):
    a = setup["assignments"][0]
    sign(a.expert, small_campaign)
    criteria = small_campaign.rubric_for(a.project.project_type)
    criteria[0].weight = 2
    criteria[0].save()
    points = {c.pk: c.max_points if i == 0 else 0 for i, c in enumerate(criteria)}
    score = services.save_score(assignment=a, actor=a.expert.user, points=points, comment="仅选题", submit=True)
    m0 = criteria[0].max_points
    expected = round(100 * 2 * m0 / (2 * m0 + sum(c.max_points for c in criteria[1:])), 2)
    assert float(score.total) == pytest.approx(expected, abs=0.01)


@pytest.mark.django_db
def test_agency_reopens_with_a_logged_reason(client, setup, small_campaign, agency, django_capture_on_commit_callbacks):
    a = setup["assignments"][0]
    sign(a.expert, small_campaign)
    score = services.save_score(assignment=a, actor=a.expert.user, points=full_points(a), comment="", submit=True)
    client.force_login(agency)
    r = client.post(reverse("experts:score_reopen", args=[score.pk]), {"reason": ""})
    score.refresh_from_db()
    assert score.status == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("experts:score_reopen", args=[score.pk]), {"reason": "专家误填第一项"})
    assert r.status_code == 302
    score.refresh_from_db()
    assert score.status == "draft"
    assert ReviewAuditEvent.objects.get(action="reopened").message == "专家误填第一项"
    # The expert is told, with the reason and the way to the review screen.
    note = a.expert.user.notifications.get(category="review")
    assert "专家误填第一项" in note.body and note.link == reverse("experts:review", args=[a.pk])


@pytest.mark.django_db
def test_expert_recuses_from_the_review_screen(client, setup, small_campaign):
    a = setup["assignments"][0]
    sign(a.expert, small_campaign)
    client.force_login(a.expert.user)
    r = client.post(reverse("experts:recuse", args=[a.pk]), {"reason": ""})
    a.refresh_from_db()
    assert a.status == "active"
    r = client.post(reverse("experts:recuse", args=[a.pk]), {"reason": "配偶在该单位任职"}, follow=True)
    a.refresh_from_db()
    assert a.status == "recused" and a.recusal_reason == "配偶在该单位任职"
    assert "已回避" in r.content.decode()
    assert a.replaced_by.expert == setup["outsider"]
    # A recused assignment can no longer be scored.
    with pytest.raises(services.ReviewRefused, match="第二十二条"):
        services.save_score(assignment=a, actor=a.expert.user, points=full_points(a), submit=False)
    # …and its material is closed to the expert who recused (第二十二条).
    att = add_pdf(a.project)
    viewed = ReviewAuditEvent.objects.filter(action="viewed", expert=a.expert).count()
    r = client.get(reverse("experts:review", args=[a.pk]), follow=True)
    assert r.redirect_chain[-1][0] == reverse("experts:my_reviews")
    assert "不能再查看" in r.content.decode()
    assert client.get(reverse("experts:attachment", args=[a.pk, att.pk])).status_code == 404
    assert ReviewAuditEvent.objects.filter(action="viewed", expert=a.expert).count() == viewed


@pytest.mark.django_db
def test_independence_other_experts_and_unassigned_projects_are_404(client, setup, small_campaign):
    a, b = setup["assignments"][:2]
    for x in (a, b):
        sign(x.expert, small_campaign)
    score_b = services.save_score(assignment=b, actor=b.expert.user, points=full_points(b), submit=True)
    client.force_login(a.expert.user)
    assert client.get(reverse("experts:score_detail", args=[score_b.pk])).status_code == 404
    assert client.get(reverse("experts:review", args=[b.pk])).status_code == 404
    assert client.post(reverse("experts:review", args=[b.pk]), {"action": "save"}).status_code == 404
    assert client.post(reverse("experts:recuse", args=[b.pk]), {"reason": "x"}).status_code == 404
    att = add_pdf(setup["unassigned"])
    assert client.get(reverse("experts:attachment", args=[a.pk, att.pk])).status_code == 404
    # The outsider has no assignment at all.
    client.force_login(setup["outsider"].user)
    assert client.get(reverse("experts:review", args=[a.pk])).status_code == 404
    # Experts cannot reach another project's score table or the results at all.
    assert client.get(reverse("experts:project_scores", args=[a.project_id])).status_code == 403
    # The expert's own score is visible to the expert.
    client.force_login(b.expert.user)
    assert client.get(reverse("experts:score_detail", args=[score_b.pk])).status_code == 200
    assert "100" in client.get(reverse("experts:my_reviews")).content.decode()


@pytest.mark.django_db
def test_scores_become_visible_to_the_panel_after_close(client, setup, small_campaign, agency):
    for a in setup["assignments"]:
        sign(a.expert, small_campaign)
        services.save_score(assignment=a, actor=a.expert.user, points=full_points(a, 0.8), submit=True)
    a, b = setup["assignments"][:2]
    services.close_review(campaign=small_campaign, actor=agency)
    client.force_login(a.expert.user)
    assert client.get(reverse("experts:score_detail", args=[b.score.pk])).status_code == 200


@pytest.mark.django_db
def test_submit_and_next_goes_on_to_the_next_project(client, make_expert, make_project, make_panel, agency, small_campaign):
    experts = [make_expert() for _ in range(3)]
    projects = [make_project(), make_project()]
    services.assign_projects(panel=make_panel(experts), projects=projects, actor=agency)
    first, second = (ReviewAssignment.objects.get(expert=experts[0], project=p) for p in projects)
    sign(experts[0], small_campaign)
    client.force_login(experts[0].user)
    r = post_scores(client, first, full_points(first), action="submit_next", HTTP_HX_REQUEST="true")
    assert r.status_code == 204 and r["HX-Redirect"] == reverse("experts:review", args=[second.pk])
    r = post_scores(client, second, full_points(second), action="submit_next")
    assert r.status_code == 302 and r["Location"] == reverse("experts:my_reviews")
    assert Score.objects.filter(assignment__expert=experts[0], status="submitted").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["NaN", "nan", "sNaN", "inf", "-Infinity", "1e999"])
def test_a_non_finite_score_is_a_form_error_not_a_500(client, setup, small_campaign, bad):
    a = setup["assignments"][0]
    sign(a.expert, small_campaign)
    client.force_login(a.expert.user)
    points = full_points(a)
    first = next(iter(points))
    r = post_scores(client, a, {**points, first: bad})
    assert r.status_code == 200 and "应为数字" in r.content.decode()
    assert not Score.objects.filter(assignment=a).exists() or not Score.objects.get(assignment=a).items.exists()
    # The domain itself refuses it, whatever door it comes through.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.save_score(assignment=a, actor=a.expert.user, points={**points, first: bad}, submit=False)
    assert "应为数字" in str(refused.value)


@pytest.mark.django_db
def test_the_next_project_follows_the_current_one_and_wraps_round(make_expert, make_project, make_panel, agency):
    from apps.review.selectors import next_assignment

    experts = [make_expert(f"专家{c}") for c in "甲乙丙"]
    projects = [make_project() for _ in range(3)]
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=projects, actor=agency, seed="t")
    expert = experts[0]
    mine = list(ReviewAssignment.objects.filter(expert=expert).select_related("panel").order_by("project_id"))
    assert len(mine) == 3  # a panel of three: every member reviews every project
    first, middle, last = mine
    assert next_assignment(first) == {"pk": middle.pk, "title": projects[1].title}
    assert next_assignment(middle)["pk"] == last.pk
    assert next_assignment(last)["pk"] == first.pk  # round to the start
    Score.objects.create(assignment=first, status=Score.Status.SUBMITTED, total=80)
    assert next_assignment(last)["pk"] == middle.pk  # a submitted score is done


@pytest.mark.django_db
def test_the_score_form_lists_the_rubric_in_its_order(client, setup, small_campaign):
    a = setup["assignments"][0]
    criteria = list(small_campaign.rubric.filter(project_type=a.project.project_type).order_by("pk"))
    # Renumbered against their keys: the last made comes first.
    for place, criterion in enumerate(reversed(criteria)):
        criterion.name = f"评审项{place + 1}"
        criterion.order = place
        criterion.save()
    sign(a.expert, small_campaign)
    client.force_login(a.expert.user)
    body = client.get(reverse("experts:review", args=[a.pk])).content.decode()
    places = [body.index(f">评审项{n}</label>") for n in range(1, len(criteria) + 1)]
    assert len(criteria) > 1 and places == sorted(places)
    assert body.index(f'id="c{criteria[-1].pk}"') < body.index(f'id="c{criteria[0].pk}"')


# The review screen's statements: session and user, the second factor, the roles, the
# assignment (with the pledge, the panel and year, the project, organisation, unit's name and
# score sheet), the logged view (第二十三条), metrics, team, files, the rubric with the saved
# points, the next project, the unread count.
REVIEW_QUERIES = 12


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 30])
def test_review_screen_constant_queries(client, setup, small_campaign, django_assert_num_queries, n):
    """The screen reads a fixed number of statements however many metrics, members and files
    the project has (every one shown), and every view writes its audit row (第二十三条)."""
    from decimal import Decimal

    from apps.projects.models import Metric, TeamMember

    a = setup["assignments"][0]
    project = a.project
    for i in range(n):
        Metric.objects.create(project=project, name=f"指标{i}", unit="%", direction="lower", baseline=Decimal("4"), target=Decimal("2"))
        TeamMember.objects.create(project=project, name=f"成员{i}", role="technical")
        add_pdf(project, name=f"材料{i}.pdf")
    sign(a.expert, small_campaign)
    client.force_login(a.expert.user)
    client.get(reverse("experts:review", args=[a.pk]))
    viewed = ReviewAuditEvent.objects.filter(action="viewed", expert=a.expert, project=project).count()
    with django_assert_num_queries(REVIEW_QUERIES):
        response = client.get(reverse("experts:review", args=[a.pk]))
    page = response.content.decode()
    last = n - 1
    assert f"指标{last}" in page and f"成员{last}" in page and f"材料{last}.pdf" in page
    assert f"推荐单位：{project.recommender.name}" in page
    assert ReviewAuditEvent.objects.filter(action="viewed", expert=a.expert, project=project).count() == viewed + 1
