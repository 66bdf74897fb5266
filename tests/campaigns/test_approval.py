"""立项审核 (第十一条): decisions one by one and in batches, the duplicate check beside it,
and the publication of the project plan at /plan/<year>/."""

import pytest
from django.test import TestCase
from django.urls import reverse

from apps.projects import approval as decisions
from apps.projects import similarity
from apps.projects.services import transition


def _queue(year):
    return reverse("campaigns:approval", args=[year])


def test_queue_shows_recommended_projects_with_opinion_and_score(client, commission, campaign, make_project):
    project = make_project("recommended", title="降低轴承磨削烧伤率")
    make_project("submitted", title="还在推荐单位审核")
    similarity.check_on_submit(project)
    client.force_login(commission)
    html = client.get(_queue(campaign.year)).content.decode()
    assert "降低轴承磨削烧伤率" in html and "还在推荐单位审核" not in html
    assert "测试意见" in html  # the recommender's opinion (第十条)
    assert 'name="projects"' in html


def test_batch_approval_with_partial_refusal(client, commission, campaign, make_project):
    a = make_project("recommended", title="项目甲")
    b = make_project("recommended", title="项目乙")
    c = make_project("recommended", title="项目丙")
    # Someone else decided 丙 meanwhile: the batch still sends it.
    transition(project=c, name="reject", actor=commission, comment="重复申报")
    client.force_login(commission)
    response = client.post(
        reverse("campaigns:approval_batch", args=[campaign.year]),
        {"projects": [a.pk, b.pk, c.pk], "decision": "approve", "comment": ""},
        follow=True,
    )
    for p in (a, b, c):
        p.refresh_from_db()
    assert (a.state, b.state, c.state) == ("approved", "approved", "rejected")
    outcomes = response.context["outcomes"]
    assert [o["pk"] for o in outcomes["ok"]] == [a.pk, b.pk]
    assert [o["pk"] for o in outcomes["refused"]] == [c.pk]
    assert "已被他人处理" in outcomes["refused"][0]["message"]
    html = response.content.decode()
    assert "成功 2 个，未成功 1 个" in html and "已被他人处理" in html


def test_batch_refusal_past_deadline_names_the_article(client, commission, campaign, make_project):
    import datetime

    a = make_project("recommended")
    campaign.approval_closes = datetime.date.today() - datetime.timedelta(days=1)
    campaign.review_closes = campaign.results_recommendation_closes = campaign.results_closes = campaign.approval_closes
    campaign.recommendation_closes = campaign.application_closes = campaign.application_opens = campaign.approval_closes
    campaign.save()
    outcomes = decisions.decide_batch(campaign=campaign, project_ids=[a.pk], decision="approve", actor=commission)
    assert not outcomes[0].ok and "第十一条" in outcomes[0].message


def test_batch_reject_requires_a_reason(client, commission, campaign, make_project):
    a = make_project("recommended")
    client.force_login(commission)
    response = client.post(
        reverse("campaigns:approval_batch", args=[campaign.year]), {"projects": [a.pk], "decision": "reject", "comment": " "}, follow=True
    )
    a.refresh_from_db()
    assert a.state == "recommended"
    assert "须填写理由（第十一条）" in response.content.decode()


def test_batch_refusal_keeps_the_ticked_projects_and_the_decision(client, commission, campaign, make_project):
    a = make_project("recommended", title="项目甲")
    b = make_project("recommended", title="项目乙")
    client.force_login(commission)
    response = client.post(
        reverse("campaigns:approval_batch", args=[campaign.year]), {"projects": [a.pk], "decision": "reject", "comment": ""}, follow=True
    )
    html = response.content.decode()
    assert f'value="{a.pk}" checked' in html and f'value="{b.pk}" checked' not in html
    assert 'value="reject" id="id_decision_1" required checked' in html
    # Only once: a fresh visit starts empty.
    assert f'value="{a.pk}" checked' not in client.get(_queue(campaign.year)).content.decode()


def test_batch_return_with_reason(client, commission, campaign, make_project):
    a = make_project("recommended")
    client.force_login(commission)
    client.post(
        reverse("campaigns:approval_batch", args=[campaign.year]),
        {"projects": [a.pk], "decision": "return_to_applicant", "comment": "请补充现状数据"},
    )
    a.refresh_from_db()
    assert a.state == "returned"
    assert a.transitions.last().comment == "请补充现状数据"


def test_batch_ignores_projects_of_another_campaign(client, commission, campaign, make_project):
    from tests.factories import CampaignFactory

    other = make_project("recommended", campaign=CampaignFactory(year=campaign.year - 1))
    outcomes = decisions.decide_batch(campaign=campaign, project_ids=[other.pk], decision="approve", actor=commission)
    other.refresh_from_db()
    assert other.state == "recommended" and not outcomes[0].ok


def test_single_decision_from_the_detail_page(client, commission, campaign, make_project):
    a = make_project("recommended")
    client.force_login(commission)
    url = reverse("campaigns:approval_detail", args=[campaign.year, a.pk])
    response = client.post(url, {"decision": "reject", "comment": "", "expected_state": "recommended"})
    assert response.status_code == 200 and "须填写理由" in response.content.decode()
    response = client.post(url, {"decision": "reject", "comment": "与往年项目重复", "expected_state": "recommended"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.state == "rejected"


def test_single_decision_conflict_is_reported(client, commission, campaign, make_project):
    a = make_project("recommended")
    transition(project=a, name="approve", actor=commission)
    client.force_login(commission)
    response = client.post(
        reverse("campaigns:approval_detail", args=[campaign.year, a.pk]),
        {"decision": "reject", "comment": "理由", "expected_state": "recommended"},
    )
    assert "已被他人处理" in response.content.decode()
    a.refresh_from_db()
    assert a.state == "approved"


def test_agency_cannot_approve_or_publish(client, agency, campaign, make_project):
    a = make_project("recommended")
    b = make_project("approved")
    client.force_login(agency)
    assert client.get(_queue(campaign.year)).status_code == 200  # may look, not decide
    assert 'name="projects"' not in client.get(_queue(campaign.year)).content.decode()
    assert client.post(reverse("campaigns:approval_batch", args=[campaign.year]), {"projects": [a.pk], "decision": "approve"}).status_code == 403
    assert client.post(
        reverse("campaigns:approval_detail", args=[campaign.year, a.pk]), {"decision": "approve", "expected_state": "recommended"}
    ).status_code == 403
    assert client.post(reverse("campaigns:publish_plan", args=[campaign.year])).status_code == 403
    # And the state machine refuses it as well, whatever the screen.
    outcome = decisions.decide(project=a, decision="approve", actor=agency)
    assert not outcome.ok and "无权" in outcome.message
    assert not any(o.ok for o in decisions.publish_plan(campaign=campaign, actor=agency))
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, b.state) == ("recommended", "approved")


def test_publish_plan_moves_approved_to_in_progress_and_shows_it(client, commission, campaign, make_project):
    a = make_project("approved", title="降低冻干制剂可见异物不合格率")
    waiting = make_project("recommended", title="尚待审核的项目")
    client.force_login(commission)
    assert "降低冻干制剂可见异物不合格率" not in client.get(f"/plan/{campaign.year}/").content.decode()
    # Committed, as the request is: the public page is kept until a change commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("campaigns:publish_plan", args=[campaign.year]), follow=True)
    assert "已将1个项目列入" in response.content.decode()
    a.refresh_from_db()
    waiting.refresh_from_db()
    assert (a.state, waiting.state) == ("in_progress", "recommended")
    client.logout()
    html = client.get(f"/plan/{campaign.year}/").content.decode()
    assert "降低冻干制剂可见异物不合格率" in html and "尚待审核的项目" not in html
    assert a.organization.name in html and a.recommender.name in html
    assert a.organization.get_district_display() in html and a.organization.get_industry_display() in html


def test_plan_of_past_years_is_browsable(client, campaign, make_project):
    from tests.factories import CampaignFactory

    past = CampaignFactory(year=campaign.year - 2)
    old = make_project("in_progress", campaign=past, title="往年的项目")
    make_project("in_progress", title="今年的项目")
    html = client.get(f"/plan/{past.year}/").content.decode()
    assert "往年的项目" in html and "今年的项目" not in html
    assert f'href="/plan/{campaign.year}/"' in html
    assert client.get("/plan/").status_code == 302
    assert old.state == "in_progress"


def test_unpublished_campaign_has_no_public_plan(client, db):
    from tests.factories import CampaignFactory

    CampaignFactory(year=2040, published=False)
    assert client.get("/plan/2040/").status_code == 404
    assert client.get("/plan/2040/export.xlsx").status_code == 404


def test_duplicate_check_side_by_side(client, commission, campaign, make_project, other_applicant, other_organization, recommender):
    from tests.factories import CampaignFactory

    earlier = CampaignFactory(year=campaign.year - 1)
    old = make_project(
        "in_progress", campaign=earlier, title="降低汽车座椅骨架焊接返修率",
        organization=other_organization, who={"applicant": other_applicant},
    )
    similarity.check_on_submit(old)
    copy = make_project("recommended", title="降低汽车座椅骨架焊接返修率")
    similarity.check_on_submit(copy)
    client.force_login(commission)
    # The queue shows the stored top score, above the warning threshold.
    queue = client.get(_queue(campaign.year))
    [row] = list(queue.context["projects"])
    assert row.top_score >= similarity.WARNING_THRESHOLD
    detail = client.get(reverse("campaigns:approval_detail", args=[campaign.year, copy.pk]))
    assert [m.project.pk for m in detail.context["matches"]][:1] == [old.pk]
    compare = client.get(reverse("campaigns:approval_compare", args=[campaign.year, copy.pk, old.pk]))
    html = compare.content.decode()
    assert compare.status_code == 200 and "<mark>" in html and "降低汽车座椅骨架焊接返修率" in html
    assert compare.context["score"] >= similarity.WARNING_THRESHOLD


@pytest.mark.parametrize("n", [1, 12])
def test_queue_query_count_is_constant(client, commission, campaign, make_project, django_assert_max_num_queries, n):
    for i in range(n):
        make_project("recommended", title=f"队列项目{i}")
    make_project("approved", title="已通过")
    client.force_login(commission)
    client.get(_queue(campaign.year))  # warm the session
    # +1 the second factor's device (django-otp), looked up on every staff request; +1 the
    # approved list's page count (two paginated lists). The same for any n.
    with django_assert_max_num_queries(11):
        response = client.get(_queue(campaign.year))
    assert len(response.context["projects"]) == n


@pytest.mark.parametrize("n", [1, 12])
def test_plan_page_query_count_is_constant(client, campaign, make_project, django_assert_max_num_queries, n):
    for i in range(n):
        make_project("in_progress", title=f"计划项目{i}")
    client.get(f"/plan/{campaign.year}/?district=nowhere")  # the public cache's tokens are written
    # campaign, tokens, count, rows, units (the filter), years
    with django_assert_max_num_queries(6):
        response = client.get(f"/plan/{campaign.year}/")
    assert response.content.decode().count("<td>计划项目") == n
    # Kept: campaign, tokens, years.
    with django_assert_max_num_queries(3):
        assert client.get(f"/plan/{campaign.year}/").content.decode().count("<td>计划项目") == n


@pytest.mark.parametrize("n", [1, 12])
def test_dashboard_and_list_query_counts_are_constant(client, commission, campaign, make_project, django_assert_max_num_queries, n):
    for i in range(n):
        make_project(["recommended", "in_progress", "submitted"][i % 3], title=f"看板项目{i}")
    client.force_login(commission)
    client.get("/campaigns/")
    # +1 each: the second factor's device (django-otp), looked up on every staff request.
    with django_assert_max_num_queries(11):
        assert client.get(reverse("campaigns:dashboard", args=[campaign.year])).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("campaigns:list")).status_code == 200


def test_detail_shows_metric_values_as_typed(client, commission, campaign, make_project):
    project = make_project("recommended", title="降低轴承磨削烧伤率")
    project.metrics.update(baseline=100, target="4.6")
    client.force_login(commission)
    html = client.get(reverse("campaigns:approval_detail", args=[campaign.year, project.pk])).content.decode()
    assert ">100<" in html and ">4.6<" in html
    assert "4.6000" not in html and "1E+2" not in html


def test_queue_of_an_unpublished_campaign_links_to_no_missing_plan_page(client, commission, db):
    from tests.factories import CampaignFactory

    draft_campaign = CampaignFactory(published=False)
    client.force_login(commission)
    html = client.get(_queue(draft_campaign.year)).content.decode()
    assert reverse("plan", args=[draft_campaign.year]) not in html


def test_queue_and_approved_counts_follow_the_filters(client, commission, campaign, make_project, recommender_unit):
    from apps.projects.models import Project
    from tests.factories import OrganizationFactory

    in_hexi = make_project("recommended", title="河西区的项目")
    make_project("recommended", title="滨海新区的项目")
    make_project("approved", title="已通过的项目")
    make_project("submitted", title="还在推荐单位审核")
    Project.objects.filter(pk=in_hexi.pk).update(organization=OrganizationFactory(name="河西区企业", district="hexi", industry="food"))
    client.force_login(commission)
    html = client.get(_queue(campaign.year)).content.decode()
    assert "待立项审核的项目（2）" in html and "已通过立项审核、待列入项目计划（1）" in html
    html = client.get(_queue(campaign.year), {"district": "hexi"}).content.decode()
    assert "待立项审核的项目（1）" in html and "河西区的项目" in html and "滨海新区的项目" not in html
    assert "已通过立项审核、待列入项目计划（1）" in html  # the approved list is not filtered
    html = client.get(_queue(campaign.year), {"industry": "food", "recommender": recommender_unit.pk}).content.decode()
    assert "待立项审核的项目（1）" in html and "河西区的项目" in html
    assert f'<option value="{recommender_unit.pk}" selected>{recommender_unit.name}</option>' in html
    html = client.get(_queue(campaign.year), {"district": "jizhou"}).content.decode()
    assert "待立项审核的项目（0）" in html and "没有待立项审核的项目。" in html
