"""第十二条 training sessions and attendance; 第十三条 tracking visits — and what the applicant sees."""

import datetime
from io import BytesIO

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from apps.projects.models import TeamMember
from apps.training import selectors
from apps.training.models import Attendance, TrackingVisit, TrainingSession
from apps.training.services import create_session, record_visit, register_attendance


@pytest.fixture
def session(campaign, agency):
    return create_session(campaign=campaign, topic="QC工具应用培训", held_on=datetime.date.today(), place="市市场监管委会议室", actor=agency)


def _xlsx(response):
    assert response.status_code == 200
    return [[c.value for c in r] for r in load_workbook(BytesIO(response.getvalue())).active.iter_rows()]


@pytest.mark.parametrize("role", ["commission", "agency"])
def test_staff_create_a_session(client, request, campaign, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("training:session_create"),
        {"campaign": campaign.pk, "topic": "质量攻关方法培训", "held_on": "2026-05-20", "place": "培训中心", "notes": ""},
    )
    session = TrainingSession.objects.get(topic="质量攻关方法培训")
    assert response.status_code == 302 and response["Location"] == reverse("training:attendance", args=[session.pk])


def test_invalid_session_keeps_input(client, agency, campaign):
    client.force_login(agency)
    response = client.post(reverse("training:session_create"), {"campaign": campaign.pk, "topic": "保留的主题", "held_on": "", "place": ""})
    assert response.status_code == 200
    assert "保留的主题" in response.content.decode() and response.context["form"].errors["held_on"]


def test_attendance_registered_per_team_member(client, agency, session, make_project):
    project = make_project("in_progress")
    lead, pm = project.team_members.order_by("role", "pk")
    client.force_login(agency)
    url = reverse("training:attendance", args=[session.pk])
    page = client.get(url)
    assert lead.name in page.content.decode()
    client.post(url, {"shown": [lead.pk, pm.pk], "present": [lead.pk, pm.pk]})
    assert set(Attendance.objects.values_list("team_member_id", flat=True)) == {lead.pk, pm.pk}
    # Unticking one removes only that one.
    response = client.post(url, {"shown": [lead.pk, pm.pk], "present": [lead.pk]}, follow=True)
    assert set(Attendance.objects.values_list("team_member_id", flat=True)) == {lead.pk}
    assert "新增0人，取消1人" in response.content.decode()


def test_members_not_shown_are_left_alone(agency, session, make_project):
    a, b = make_project("in_progress"), make_project("in_progress")
    a_member, b_member = a.team_members.first(), b.team_members.first()
    register_attendance(session=session, shown_member_ids=[a_member.pk], present_member_ids=[a_member.pk], actor=agency)
    register_attendance(session=session, shown_member_ids=[b_member.pk], present_member_ids=[b_member.pk], actor=agency)
    assert Attendance.objects.filter(session=session).count() == 2


def test_only_teams_of_the_plan_are_trained(client, agency, session, make_project):
    waiting = make_project("recommended")
    member = waiting.team_members.first()
    assert waiting not in list(selectors.trainable_projects(session.campaign))
    client.force_login(agency)
    response = client.post(reverse("training:attendance", args=[session.pk]), {"shown": [member.pk], "present": [member.pk]}, follow=True)
    assert "第十二条" in response.content.decode()
    assert not Attendance.objects.exists()


def test_applicant_sees_attendance_and_tracking_on_the_project(client, applicant, agency, recommender, session, make_project):
    project = make_project("in_progress")
    lead = project.team_members.get(role="quality_lead")
    register_attendance(session=session, shown_member_ids=[lead.pk], present_member_ids=[lead.pk], actor=agency)
    record_visit(
        project=project, actor=recommender, visited_on=datetime.date.today(), form="on_site",
        findings="第一阶段对策已实施", guidance="建议扩大点检范围",
    )
    # The include the panels' rows use.
    request = RequestFactory().get("/")
    request.user = applicant
    html = render_to_string("partials/training/project_training.html", {"project": project, "user": applicant}, request=request)
    assert "QC工具应用培训" in html and f"{lead.name}（质量负责人）" in html
    html = render_to_string("partials/training/project_tracking.html", {"project": project, "user": applicant}, request=request)
    assert "建议扩大点检范围" in html and "现场服务" in html
    # The project page shows both panels' headings and a link that opens each one's rows.
    client.force_login(applicant)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "质量攻关培训（第十二条）" in page and "跟踪服务（第十三条）" in page and "记录跟踪服务" not in page
    training_url = f"/projects/{project.pk}/panels/training/"
    tracking_url = f"/projects/{project.pk}/panels/tracking/"
    assert f'href="{training_url}" hx-get="{training_url}"' in page and f'href="{tracking_url}" hx-get="{tracking_url}"' in page
    # Opened in place (htmx): the rows alone.
    rows = client.get(training_url, headers={"HX-Request": "true"}).content.decode()
    assert f"{lead.name}（质量负责人）" in rows and "<html" not in rows
    rows = client.get(tracking_url, headers={"HX-Request": "true"}).content.decode()
    assert "建议扩大点检范围" in rows and "<html" not in rows
    # Without JavaScript the link opens a page of its own, back to the project.
    page = client.get(tracking_url).content.decode()
    assert "<html" in page and "建议扩大点检范围" in page and f'href="/projects/{project.pk}/"' in page
    # And the tracking page of the project, read-only for the applicant.
    page = client.get(reverse("training:tracking_project", args=[project.pk]))
    assert page.status_code == 200 and "建议扩大点检范围" in page.content.decode() and page.context["form"] is None


def test_project_panels_open_for_who_sees_the_project_page(client, applicant, other_applicant, recommender, other_recommender, commission, make_project):
    """The panels' rows are served to whoever sees the project page, and only while the page
    shows the panels (the project is in the plan); the unit that follows the project finds
    its link to record a visit on the page (第十三条)."""
    project = make_project("in_progress")
    waiting = make_project("recommended", title="待立项的项目")
    for user in (applicant, recommender, commission):
        client.force_login(user)
        for name in ("training", "tracking"):
            assert client.get(f"/projects/{project.pk}/panels/{name}/").status_code == 200
            assert client.get(f"/projects/{project.pk}/panels/{name}/", headers={"HX-Request": "true"}).status_code == 200
            assert client.get(f"/projects/{waiting.pk}/panels/{name}/").status_code == 404
        assert client.get(f"/projects/{project.pk}/panels/scores/").status_code == 404
    for user in (other_applicant, other_recommender):
        client.force_login(user)
        for name in ("training", "tracking"):
            assert client.get(f"/projects/{project.pk}/panels/{name}/").status_code == 404
    client.force_login(recommender)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f'href="/training/tracking/projects/{project.pk}/#record">记录跟踪服务</a>' in page
    client.force_login(commission)
    assert "记录跟踪服务" not in client.get(reverse("projects:detail", args=[project.pk])).content.decode()


def test_recommender_records_a_visit(client, recommender, make_project):
    project = make_project("in_progress")
    client.force_login(recommender)
    url = reverse("training:tracking_project", args=[project.pk])
    assert "记录跟踪服务" in client.get(url).content.decode()
    response = client.post(url, {"visited_on": datetime.date.today().isoformat(), "form": "remote", "participants": "王科长", "findings": "进度正常", "guidance": "按计划推进"})
    assert response.status_code == 302
    visit = TrackingVisit.objects.get()
    assert (visit.project, visit.recommender_id, visit.form, visit.recorded_by) == (project, recommender.recommender_id, "remote", recommender)
    # Edit it.
    edit = reverse("training:visit_edit", args=[visit.pk])
    response = client.post(edit, {"visited_on": datetime.date.today().isoformat(), "form": "on_site", "participants": "", "findings": "进度正常", "guidance": "改为现场"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.guidance == "改为现场"


def test_visit_in_the_future_refused_and_input_kept(client, recommender, make_project):
    project = make_project("in_progress")
    client.force_login(recommender)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(reverse("training:tracking_project", args=[project.pk]), {"visited_on": future, "form": "on_site", "findings": "保留的发现", "guidance": "保留的意见"})
    assert response.status_code == 200 and "不能晚于今天" in response.content.decode()
    assert "保留的发现" in response.content.decode()
    assert not TrackingVisit.objects.exists()


def test_another_unit_cannot_record_or_see(client, other_recommender, recommender, make_project):
    project = make_project("in_progress")
    client.force_login(other_recommender)
    url = reverse("training:tracking_project", args=[project.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"visited_on": "2026-01-01", "form": "on_site", "findings": "x", "guidance": "y"}).status_code == 404
    assert not TrackingVisit.objects.exists()
    assert project not in list(selectors.tracking_projects(other_recommender))
    assert project in list(selectors.tracking_projects(recommender))


def test_no_tracking_before_the_plan(client, recommender, make_project):
    project = make_project("recommended")
    client.force_login(recommender)
    assert client.get(reverse("training:tracking_project", args=[project.pk])).status_code == 404


@pytest.mark.parametrize("n", [1, 10])
def test_list_query_counts_are_constant(client, agency, recommender, session, make_project, django_assert_max_num_queries, n):
    projects = [make_project("in_progress", title=f"项目{i}") for i in range(n)]
    members = list(TeamMember.objects.filter(project__in=projects))
    register_attendance(session=session, shown_member_ids=[m.pk for m in members], present_member_ids=[m.pk for m in members], actor=agency)
    for p in projects:
        record_visit(project=p, actor=recommender, visited_on=datetime.date.today(), form="on_site", findings="f", guidance="g")
    client.force_login(agency)
    client.get("/training/")
    # The agency's requests: +1 each for the second factor's device (django-otp).
    with django_assert_max_num_queries(7):
        assert client.get(reverse("training:session_list")).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("training:session_detail", args=[session.pk])).status_code == 200
    with django_assert_max_num_queries(11):
        response = client.get(reverse("training:attendance", args=[session.pk]))
    assert len(response.context["projects"]) == n
    # The tracking list: +1 for the current year's plan, its default (第十三条); the page's
    # keys in the list's order are the subquery of its rows' query, not a query of their own.
    with django_assert_max_num_queries(10):
        assert len(client.get(reverse("training:tracking_list")).context["projects"]) == n
    client.force_login(recommender)
    client.get("/training/tracking/")
    with django_assert_max_num_queries(10):
        assert len(client.get(reverse("training:tracking_list")).context["projects"]) == n


def test_exports_carry_chinese_headers(client, agency, recommender, session, make_project):
    project = make_project("in_progress", title="导出项目")
    lead = project.team_members.first()
    register_attendance(session=session, shown_member_ids=[lead.pk], present_member_ids=[lead.pk], actor=agency)
    record_visit(project=project, actor=recommender, visited_on=datetime.date.today(), form="on_site", findings="发现", guidance="意见")
    client.force_login(agency)
    rows = _xlsx(client.get(reverse("training:session_export")))
    assert rows[0][:3] == ["年度", "培训日期", "培训主题"] and rows[1][2] == "QC工具应用培训"
    rows = _xlsx(client.get(reverse("training:session_attendance_export", args=[session.pk])))
    assert "姓名" in rows[0] and "角色（第十二条）" in rows[0] and lead.name in rows[1]
    rows = _xlsx(client.get(reverse("training:tracking_export")))
    assert rows[0][:2] == ["服务日期", "服务方式"] and rows[1][1] == "现场" and rows[1][3] == "导出项目"
    client.force_login(recommender)
    assert len(_xlsx(client.get(reverse("training:tracking_export")))) == 2


def test_the_tracking_list_shows_the_current_plan_unless_every_year_is_asked(client, agency, recommender, make_project):
    """第十三条: tracking follows the projects being carried out now; earlier years on request."""
    current = make_project("in_progress", title="本年度项目")
    client.force_login(recommender)
    url = reverse("training:tracking_list")
    html = client.get(url).content.decode()
    assert current.title in html
    assert '<option value="all">全部年度</option>' in html
    assert f'<option value="{current.campaign.year}" selected>' in html
    assert f'{reverse("training:tracking_export")}?year={current.campaign.year}' in html
    html = client.get(url, {"year": "all"}).content.decode()
    assert current.title in html and '<option value="all" selected>全部年度</option>' in html
    assert f'{reverse("training:tracking_export")}?year=all' in html
