"""Every training and tracking URL × every role × own vs another party's object.

Training (第十二条) is run by the commission with the agency's help; the tracking service
(第十三条) by the recommender unit the project is routed to; the applicant reads the visits on
its own project. Another party's project gives 404."""

import datetime

import pytest
from django.urls import reverse

from apps.training.models import Attendance, TrackingVisit
from apps.training.services import create_session, record_visit

ROLES = ["anonymous", "applicant", "other_applicant", "recommender", "other_recommender", "commission", "agency", "expert"]
STAFF = {"commission", "agency"}


@pytest.fixture
def world(campaign, agency, recommender, make_project):
    project = make_project("in_progress", title="本方项目")
    session = create_session(campaign=campaign, topic="培训", held_on=datetime.date.today(), place="会议室", actor=agency)
    visit = record_visit(
        project=project, actor=recommender, visited_on=datetime.date.today(), form="on_site", findings="发现", guidance="意见"
    )
    return {"project": project, "session": session, "visit": visit}


def _login(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


def _expect(response, role, allowed, *, hidden=False):
    """200 for allowed roles; anonymous → login; others 403, or 404 where the object is hidden."""
    if role in allowed:
        assert response.status_code == 200, (role, response.status_code)
    elif role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (404 if hidden else 403), (role, response.status_code)


STAFF_URLS = [
    ("session list", lambda w: reverse("training:session_list")),
    ("session export", lambda w: reverse("training:session_export")),
    ("session create", lambda w: reverse("training:session_create")),
    ("session detail", lambda w: reverse("training:session_detail", args=[w["session"].pk])),
    ("session edit", lambda w: reverse("training:session_edit", args=[w["session"].pk])),
    ("attendance", lambda w: reverse("training:attendance", args=[w["session"].pk])),
    ("attendance export", lambda w: reverse("training:session_attendance_export", args=[w["session"].pk])),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,url", STAFF_URLS, ids=[u[0] for u in STAFF_URLS])
def test_training_screens_are_staff_only(client, request, world, role, name, url):
    _login(client, request, role)
    _expect(client.get(url(world)), role, STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_attendance_post_is_staff_only(client, request, world, role):
    _login(client, request, role)
    member = world["project"].team_members.first()
    response = client.post(reverse("training:attendance", args=[world["session"].pk]), {"shown": [member.pk], "present": [member.pk]})
    registered = Attendance.objects.filter(team_member=member).exists()
    if role in STAFF:
        assert response.status_code == 302 and registered
    else:
        assert not registered
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_tracking_list(client, request, world, role):
    _login(client, request, role)
    for url in (reverse("training:tracking_list"), reverse("training:tracking_export")):
        _expect(client.get(url), role, STAFF | {"recommender", "other_recommender"})
    if role == "other_recommender":
        assert list(client.get(reverse("training:tracking_list")).context["projects"]) == []


# Own project: the applicant (read), its recommender (read, write), staff (read).
# Another party: the other applicant, the other unit, the expert → 404.
@pytest.mark.parametrize("role", ROLES)
def test_tracking_project_page(client, request, world, role):
    _login(client, request, role)
    url = reverse("training:tracking_project", args=[world["project"].pk])
    _expect(client.get(url), role, STAFF | {"applicant", "recommender"}, hidden=True)


@pytest.mark.parametrize("role", ROLES)
def test_recording_a_visit(client, request, world, role):
    _login(client, request, role)
    before = TrackingVisit.objects.count()
    response = client.post(
        reverse("training:tracking_project", args=[world["project"].pk]),
        {"visited_on": datetime.date.today().isoformat(), "form": "remote", "findings": "新发现", "guidance": "新意见"},
    )
    after = TrackingVisit.objects.count()
    if role == "recommender":
        assert response.status_code == 302 and after == before + 1
        return
    assert after == before
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in STAFF or role == "applicant":
        assert response.status_code == 403  # may read, not record
    else:
        assert response.status_code == 404  # another party's project


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_visit(client, request, world, role):
    _login(client, request, role)
    url = reverse("training:visit_edit", args=[world["visit"].pk])
    response = client.get(url)
    if role == "recommender":
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302
    elif role in STAFF or role == "applicant":
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def test_ids_that_do_not_exist_are_404(client, commission, recommender, world):
    client.force_login(commission)
    for url in (
        reverse("training:session_detail", args=[999999]),
        reverse("training:attendance", args=[999999]),
        reverse("training:session_attendance_export", args=[999999]),
        reverse("training:tracking_project", args=[999999]),
        reverse("training:visit_edit", args=[999999]),
    ):
        assert client.get(url).status_code == 404
