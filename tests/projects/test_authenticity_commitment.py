"""第二十一条: applicants answer for the authenticity of their material. Each submission (the
application, a resubmission, the results) carries the authenticity commitment the applicant
confirmed; the transition door refuses one without it, and the record keeps the text, who
confirmed it and when."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.core.append_only import AppendOnlyError
from apps.core.exceptions import Refusal
from apps.projects.models import AuthenticityCommitment, Project, ProjectTransition
from apps.projects.selectors import commitments_shown
from apps.projects.services import transition
from tests.factories import bring_to, fill_results

pytestmark = pytest.mark.django_db

APPLICATION_TEXT = (
    "本单位郑重承诺：所提交的质量攻关项目申报材料（包括项目内容、效益指标、团队信息及附件）真实、准确、完整，"
    "不存在弄虚作假、抄袭或与往年项目雷同的情况。如有不实，本单位承担相应责任，"
    "并接受撤销奖励、五年内不得申报等处理（《天津市质量攻关管理办法》第二十一条）。"
)
RESULTS_TEXT = (
    "本单位郑重承诺：所提交的质量攻关成果材料（包括实施情况、效益指标实测数据及附件）真实、准确、完整，"
    "不存在弄虚作假的情况。如有不实，本单位承担相应责任，"
    "并接受撤销奖励、五年内不得申报等处理（《天津市质量攻关管理办法》第二十一条）。"
)
# (transition, the state it starts from, its label, its article, the phase, the text)
SUBMISSIONS = [
    ("submit", "draft", "提交申报", "第九条", "application", APPLICATION_TEXT),
    ("resubmit", "returned", "修改后重新提交", "第九条", "application", APPLICATION_TEXT),
    ("submit_results", "in_progress", "提交成果材料", "第十四条", "results", RESULTS_TEXT),
]


def _ready(draft, actors, source, name):
    project = bring_to(draft, source, actors=actors)
    if name == "submit_results":
        fill_results(project)
    return project


def _snapshot(project):
    row = Project.objects.get(pk=project.pk)
    return row.state, ProjectTransition.objects.filter(project=project).count(), AuthenticityCommitment.objects.filter(project=project).count()


@pytest.mark.parametrize("name,source,label,article,phase,text", SUBMISSIONS)
@pytest.mark.parametrize("given", [{}, {"commitment": False}, {"commitment": None}], ids=["missing", "false", "none"])
def test_a_submission_without_the_commitment_is_refused_citing_article_21(draft, actors, name, source, label, article, phase, text, given):
    project = _ready(draft, actors, source, name)
    before = _snapshot(project)
    with pytest.raises(Refusal) as refused:
        transition(project=project, name=name, actor=actors["applicant"], **given)
    assert refused.value.code == "needs"
    assert refused.value.message == f"根据{article}，“{label}”须有申报单位确认的真实性承诺书（第二十一条），请在提交页面阅读承诺书并勾选确认。"
    assert _snapshot(project) == before


@pytest.mark.parametrize("name,source,label,article,phase,text", SUBMISSIONS)
def test_a_submission_with_the_commitment_stores_its_text_who_and_when(draft, actors, name, source, label, article, phase, text):
    project = _ready(draft, actors, source, name)
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        log = transition(project=project, name=name, actor=actors["applicant"], commitment=True)
    assert log.transition == name and project.state == {"submit": "submitted", "resubmit": "submitted", "submit_results": "results_submitted"}[name]
    record = AuthenticityCommitment.objects.filter(project=project).latest("pk")
    assert (record.phase, record.transition, record.text, record.confirmed_by, record.confirmed_at) == (phase, name, text, actors["applicant"], moment)
    # Append-only: the record is neither changed nor removed.
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuthenticityCommitment.objects.filter(pk=record.pk).update(text="改写")


def test_each_submission_keeps_its_own_commitment(draft, actors):
    project = bring_to(draft, "in_progress", actors=actors)
    fill_results(project)
    transition(project=project, name="submit_results", actor=actors["applicant"], commitment=True)
    rows = list(AuthenticityCommitment.objects.filter(project=project).values_list("transition", "phase"))
    assert rows == [("submit", "application"), ("submit_results", "results")]


# ---- the screen -----------------------------------------------------------------------------


def test_the_project_page_leads_to_the_submission_screen(client, draft, applicant):
    client.force_login(applicant)
    page = client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    assert f'href="/projects/{draft.pk}/submit/" data-submission="submit"' in page
    assert 'data-action="submit"' not in page  # not a bare button on the generic action URL
    screen = client.get(reverse("projects:submit", args=[draft.pk]))
    html = screen.content.decode()
    assert screen.status_code == 200
    assert APPLICATION_TEXT in html
    assert '<label><input type="checkbox" name="commitment" required id="id_commitment"> 本单位已阅读上述承诺书，确认所提交的材料真实、准确、完整</label>' in html


def test_the_screen_without_the_box_ticked_keeps_the_form_and_shows_the_error(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(reverse("projects:submit", args=[draft.pk]), {"comment": "已按要求补充附件", "expected_state": "draft"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请阅读承诺书并勾选确认后再提交（第二十一条）。" in html
    assert "已按要求补充附件" in html  # what was typed stays
    assert Project.objects.get(pk=draft.pk).state == "draft"
    assert not AuthenticityCommitment.objects.exists()


def test_the_screen_with_the_box_ticked_submits_and_the_page_shows_the_commitment(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(reverse("projects:submit", args=[draft.pk]), {"commitment": "on", "comment": "", "expected_state": "draft"})
    assert response.status_code == 302 and response.url == f"/projects/{draft.pk}/"
    assert Project.objects.get(pk=draft.pk).state == "submitted"
    record = AuthenticityCommitment.objects.get(project=draft)
    assert (record.phase, record.text, record.confirmed_by) == ("application", APPLICATION_TEXT, applicant)
    page = client.get(response.url).content.decode()
    assert "真实性承诺（第二十一条）" in page and f"立项申报：{timezone.localtime(record.confirmed_at):%Y-%m-%d %H:%M} 由{applicant}确认" in page


def test_the_page_lists_commitments_by_phase_with_the_confirmer_as_the_user_is_written(draft, actors):
    """The page's rows (selectors.commitments_shown): the phase's label, when, and the user's
    name, else its username, else nobody (the page then writes 系统)."""
    project = bring_to(draft, "in_progress", actors=actors)
    applicant = actors["applicant"]
    applicant.full_name = ""
    applicant.save(update_fields=["full_name"])
    with time_machine.travel("2030-03-01 09:30 +08:00", tick=False):
        AuthenticityCommitment.objects.create(project=project, phase="results", transition="submit_results", text=RESULTS_TEXT, confirmed_by=None)
    rows = commitments_shown(project)
    assert [(row["phase"], row["confirmed_by"]) for row in rows] == [("立项申报", applicant.username), ("成果材料", None)]
    assert timezone.localtime(rows[-1]["confirmed_at"]).strftime("%Y-%m-%d %H:%M") == "2030-03-01 09:30"


def test_the_results_screen_shows_the_results_commitment(client, draft, actors):
    project = bring_to(draft, "in_progress", actors=actors)
    fill_results(project)
    client.force_login(actors["applicant"])
    html = client.get(reverse("projects:submit", args=[project.pk])).content.decode()
    assert RESULTS_TEXT in html and "确认承诺并提交成果材料" in html
    client.post(reverse("projects:submit", args=[project.pk]), {"commitment": "on", "expected_state": "in_progress"})
    assert Project.objects.get(pk=project.pk).state == "results_submitted"
    assert AuthenticityCommitment.objects.filter(project=project, phase="results").count() == 1


def test_the_generic_action_url_sends_a_submission_to_its_screen(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(reverse("projects:act", args=[draft.pk]), {"name": "submit", "comment": "", "expected_state": "draft"})
    assert response.status_code == 302 and response.url == f"/projects/{draft.pk}/submit/"
    assert Project.objects.get(pk=draft.pk).state == "draft"


def test_nothing_to_submit_leads_back_to_the_project(client, draft, actors):
    project = bring_to(draft, "submitted", actors=actors)
    client.force_login(actors["applicant"])
    response = client.get(reverse("projects:submit", args=[project.pk]))
    assert response.status_code == 302 and response.url == f"/projects/{project.pk}/"
    client.force_login(actors["recommender"])
    assert client.get(reverse("projects:submit", args=[project.pk])).status_code == 302
