"""The applicant's path in the browser's terms: write, save, submit, answer a return, withdraw,
results (第七条, 第九条, 第十四条)."""

import pytest
from django.urls import reverse

from apps.projects import similarity
from apps.projects.models import Project, ProjectTransition
from apps.projects.services import transition
from tests.factories import CampaignFactory, OrganizationFactory, bring_to, ready_application

from .helpers import application_post, existing_rows, formset


def test_new_application_saves_a_draft_with_metrics_and_team(client, campaign, applicant, recommender_unit):
    client.force_login(applicant)
    page = client.get(reverse("projects:create"))
    assert page.status_code == 200
    body = page.content.decode()
    for text in ("计划（Plan）", "实施（Do）", "检查（Check）", "处置（Act）", "效益指标", "项目团队", "推荐单位（第九条）"):
        assert text in body
    response = client.post(reverse("projects:create"), application_post(recommender=recommender_unit))
    assert response.status_code == 302
    project = Project.objects.get(title="降低焊接返修率")
    assert project.state == "draft" and project.organization == applicant.organization
    assert project.benefit_areas == ["quality_efficiency"]
    assert [m.name for m in project.metrics.all()] == ["返修率"]
    assert {m.role for m in project.team_members.all()} == {"quality_lead", "project_lead"}
    assert applicant.has_perm("projects.change_project", project)


def test_invalid_input_keeps_what_was_typed_and_marks_the_fields(client, campaign, applicant):
    client.force_login(applicant)
    data = application_post(
        title="",
        metrics=[{"name": "返修率", "unit": "%", "direction": "lower", "baseline": "四点六", "target": "1.5"}],
        plan_goal="目标：返修率降到1.5%以下",
    )
    response = client.post(reverse("projects:create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "目标：返修率降到1.5%以下" in body
    assert 'value="四点六"' in body
    assert "has-error" in body and "请查看标红的项目" in body
    assert not Project.objects.exists()


def test_edit_is_only_possible_in_draft_and_returned(client, draft, applicant, recommender):
    client.force_login(applicant)
    transition(project=draft, name="submit", actor=applicant, commitment=True)
    response = client.get(reverse("projects:edit", args=[draft.pk]))
    assert response.status_code == 302
    response = client.post(reverse("projects:edit", args=[draft.pk]), application_post(title="偷偷修改"), follow=True)
    assert "不能修改" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "偷偷修改"


def _act(client, project, name, comment="", expected=None):
    if name in ("submit", "resubmit", "submit_results"):
        # 第二十一条: a submission goes through its screen, with the commitment ticked.
        return client.post(
            reverse("projects:submit", args=[project.pk]),
            {"commitment": "on", "comment": comment, "expected_state": expected or project.state},
            follow=True,
        )
    return client.post(
        reverse("projects:act", args=[project.pk]),
        {"name": name, "comment": comment, "expected_state": expected or project.state},
        follow=True,
    )


def test_submit_return_fix_resubmit(client, draft, applicant, recommender):
    client.force_login(applicant)
    page = client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    assert 'name="expected_state" value="draft"' in page and "提交申报" in page
    response = _act(client, draft, "submit")
    draft.refresh_from_db()
    assert draft.state == "submitted"
    assert "已完成" in response.content.decode()

    transition(project=draft, name="return_to_applicant", actor=recommender, comment="请补充现状调查的数据来源。")
    page = client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    assert "请补充现状调查的数据来源。" in page  # the timeline shows the comment
    edit = client.get(reverse("projects:edit", args=[draft.pk])).content.decode()
    assert "退回意见" in edit and "请补充现状调查的数据来源。" in edit

    data = application_post(title=draft.title, recommender=draft.recommender, plan_current_state="数据来源：MES系统2024年全年记录。")
    data.update(existing_rows("metrics", draft.metrics.all(), ["name", "unit", "direction", "baseline", "target"]))
    data.update(existing_rows("team", draft.team_members.all(), ["name", "role", "position", "phone"]))
    assert client.post(reverse("projects:edit", args=[draft.pk]), data).status_code == 302
    _act(client, draft, "resubmit")
    draft.refresh_from_db()
    assert draft.state == "submitted" and "MES系统" in draft.plan_current_state
    assert list(draft.transitions.values_list("transition", flat=True)) == ["submit", "return_to_applicant", "resubmit"]


def test_refusal_shows_the_rule_message(client, campaign, applicant, organization):
    client.force_login(applicant)
    client.post(reverse("projects:create"), application_post(metrics=[], team=[]))
    project = Project.objects.get()
    body = _act(client, project, "submit").content.decode()
    assert "根据第九条，请选择推荐单位" in body
    assert "第七条(三)" in body
    project.refresh_from_db()
    assert project.state == "draft"


def test_stale_page_gets_already_handled_message(client, draft, applicant):
    client.force_login(applicant)
    transition(project=draft, name="submit", actor=applicant, commitment=True)  # e.g. a colleague was faster
    body = _act(client, draft, "withdraw", expected="draft").content.decode()
    assert "已被他人处理" in body
    draft.refresh_from_db()
    assert draft.state == "submitted"


def test_withdraw(client, draft, applicant):
    client.force_login(applicant)
    page = client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    assert "确定撤回吗" in page  # withdrawn is final: the browser asks first
    _act(client, draft, "withdraw")
    draft.refresh_from_db()
    assert draft.state == "withdrawn"


def _earlier_copy(campaign, draft, *, into_plan):
    from apps.accounts.roles import Role
    from tests.factories import RecommenderFactory, make_user

    earlier = CampaignFactory(year=campaign.year - 1)
    org, unit = OrganizationFactory(), RecommenderFactory()
    owner = make_user(Role.APPLICANT, organization=org)
    old = ready_application(campaign=earlier, organization=org, recommender=unit, created_by=owner, title=draft.title)
    if into_plan:
        actors = {"applicant": owner, "recommender": make_user(Role.RECOMMENDER, recommender=unit), "commission": make_user(Role.COMMISSION)}
        bring_to(old, "in_progress", actors=actors)
    similarity.store_fingerprint(old)
    return old


def test_submission_warns_about_a_near_copy_and_keeps_it(client, campaign, draft, applicant, recommender, django_capture_on_commit_callbacks):
    old = _earlier_copy(campaign, draft, into_plan=True)
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):  # the check runs when the submission commits
        _act(client, draft, "submit")
    draft.refresh_from_db()
    assert draft.state == "submitted"
    page = client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    assert "查重提示" in page and old.title in page
    # The recommender verifying it sees the match as well.
    client.force_login(recommender)
    assert old.number in client.get(reverse("recommenders:review", args=[draft.pk])).content.decode()


@pytest.mark.django_db(transaction=True)
def test_near_copy_warning_after_the_commit_time_check(client, campaign, draft, applicant):
    # As in production with eager Celery: the submission commits, the check runs at commit and
    # has stored the matches before the page warns.
    old = _earlier_copy(campaign, draft, into_plan=True)
    client.force_login(applicant)
    response = _act(client, draft, "submit")
    assert response.status_code == 200
    body = response.content.decode()
    assert "根据第七条(四)" in body and old.number in body


@pytest.mark.django_db(transaction=True)
def test_similar_unpublished_application_of_another_organisation_stays_confidential(client, campaign, draft, applicant):
    old = _earlier_copy(campaign, draft, into_plan=False)  # never entered a published plan
    client.force_login(applicant)
    body = _act(client, draft, "submit").content.decode()
    assert "根据第七条(四)" in body and "名称保密" in body and old.number not in body


def test_results_material_and_submission(client, draft, applicant, recommender, commission):
    bring_to(draft, "in_progress", actors={"applicant": applicant, "recommender": recommender, "commission": commission})
    client.force_login(applicant)
    url = reverse("projects:results", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "目标值" in page and "实际值" in page
    metric = draft.metrics.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .helpers import pdf_bytes

    data = {"results_summary": "返修率降至1.2%，达到目标。", **existing_rows("metrics", [metric], ["actual"])}
    data["metrics-0-actual"] = "1.2"
    data["files"] = [SimpleUploadedFile("成果报告.pdf", pdf_bytes())]
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    assert "✔ 达到" in page
    _act(client, draft, "submit_results")
    draft.refresh_from_db()
    assert draft.state == "results_submitted"
    # Results can no longer be edited.
    assert client.get(url).status_code == 302


def test_results_not_editable_before_in_progress(client, draft, applicant):
    client.force_login(applicant)
    response = client.post(reverse("projects:results", args=[draft.pk]), {"results_summary": "x", **formset("metrics", [])}, follow=True)
    assert "仅实施中可填写" in response.content.decode()


def _many(n, campaign, organization, applicant, recommender_unit):
    for i in range(n):
        ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant, title=f"项目{i}")


@pytest.mark.parametrize("n", [1, 12])
def test_project_list_constant_queries(client, django_assert_max_num_queries, campaign, organization, applicant, recommender_unit, n):
    _many(n, campaign, organization, applicant, recommender_unit)
    client.force_login(applicant)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:list"))
    assert response.status_code == 200
    assert response.content.decode().count("/projects/") >= n


@pytest.mark.parametrize("n", [1, 12])
def test_export_constant_queries(client, django_assert_max_num_queries, campaign, organization, applicant, recommender_unit, n):
    _many(n, campaign, organization, applicant, recommender_unit)
    client.force_login(applicant)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("projects:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_export_row_shows_what_the_pages_show(client, applicant, recommender_unit):
    """The export reads values only: each choice comes out as its label, the number as the
    pages write it, the submission time in Beijing time, a draft's empty time as an empty cell."""
    import datetime
    from io import BytesIO

    from openpyxl import load_workbook

    campaign = CampaignFactory(year=2025)
    organization = applicant.organization
    Organization = type(organization)
    Organization.objects.filter(pk=organization.pk).update(name="天津导出测试装备有限公司", district="binhai", industry="equipment")
    submitted = ready_application(
        campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant, title="降低焊接返修率",
        category="difficulty", project_type="innovation",
    )
    Project.objects.filter(pk=submitted.pk).update(state="submitted", submitted_at=datetime.datetime(2025, 3, 1, 16, 30, tzinfo=datetime.UTC))
    draft = ready_application(campaign=campaign, organization=organization, recommender=None, created_by=applicant, title="提高一次合格率")
    Project.objects.filter(pk=draft.pk).update(recommender=None)
    client.force_login(applicant)
    response = client.get(reverse("projects:export"))
    rows = [[c.value for c in row] for row in load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows()]
    assert rows[0] == ["项目编号", "年度", "项目名称", "申报组织", "所在区", "所属行业", "攻关方向", "成果类型", "推荐单位", "状态", "提交时间"]
    unit = recommender_unit.name
    assert rows[1:] == [
        [f"ZLGG2025{draft.pk:05d}", 2025, "提高一次合格率", "天津导出测试装备有限公司", "滨海新区", "装备制造", "改进生产技术和工艺", "问题解决型", None, "草稿", None],
        [f"ZLGG2025{submitted.pk:05d}", 2025, "降低焊接返修率", "天津导出测试装备有限公司", "滨海新区", "装备制造", "攻克技术难点", "创新型", unit, "待推荐单位审核", "2025-03-02 00:30"],
    ]


def test_list_filters(client, campaign, organization, applicant, recommender_unit):
    _many(2, campaign, organization, applicant, recommender_unit)
    submitted = Project.objects.get(title="项目0")
    transition(project=submitted, name="submit", actor=applicant, commitment=True)
    client.force_login(applicant)
    body = client.get(reverse("projects:list"), {"state": "submitted"}).content.decode()
    assert "项目0" in body and "项目1" not in body
    body = client.get(reverse("projects:list"), {"q": "项目1"}).content.decode()
    assert "项目1" in body and "项目0" not in body
    assert ProjectTransition.objects.count() == 1


def test_project_page_lists_what_is_missing_before_submission(client, campaign, applicant):
    client.force_login(applicant)
    client.post(reverse("projects:create"), application_post(metrics=[], team=[]))
    project = Project.objects.get()
    body = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "提交前还需完善" in body and "根据第九条，请选择推荐单位" in body and "质量负责人" in body


def test_draft_saved_without_team_offers_a_row_per_role_again(client, campaign, applicant):
    # 第十二条: the three roles stay offered until the applicant has saved a team.
    client.force_login(applicant)
    client.post(reverse("projects:create"), application_post(metrics=[], team=[]))
    project = Project.objects.get()
    response = client.get(reverse("projects:edit", args=[project.pk]))
    team = response.context["team"]
    assert [f.initial.get("role") for f in team.forms] == ["quality_lead", "project_lead", "technical"]
    data = application_post(team=[], metrics=[])
    data.update(formset("team", [{"role": "quality_lead"}, {"role": "project_lead"}, {"role": "technical"}]))
    data["version"] = response.context["version"]
    assert client.post(reverse("projects:edit", args=[project.pk]), data).status_code == 302
    assert not project.team_members.exists()


def test_metric_values_are_shown_and_offered_as_typed(client, draft, applicant):
    draft.metrics.update(baseline=100, target="4.6")
    client.force_login(applicant)
    page = client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    assert ">100<" in page and ">4.6<" in page and "1E+2" not in page
    form = client.get(reverse("projects:edit", args=[draft.pk])).content.decode()
    assert f'href="{reverse("projects:detail", args=[draft.pk])}"' in form  # the way back
    assert 'value="100"' in form and 'value="4.6"' in form and "4.6000" not in form


def test_list_finds_a_project_by_its_number(client, campaign, organization, applicant, recommender_unit):
    _many(2, campaign, organization, applicant, recommender_unit)
    wanted = Project.objects.get(title="项目1")
    client.force_login(applicant)
    body = client.get(reverse("projects:list"), {"q": wanted.number}).content.decode()
    assert "项目1" in body and "项目0" not in body


def test_colleague_saved_meanwhile_keeps_my_input(client, draft, applicant, organization):
    from apps.accounts.roles import Role
    from tests.factories import make_user

    client.force_login(applicant)
    page = client.get(reverse("projects:edit", args=[draft.pk])).content.decode()
    import re

    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    assert version
    colleague = make_user(Role.APPLICANT, organization=organization)
    other = client_class_login(colleague)
    data = application_post(title="同事的修改", recommender=draft.recommender)
    data.update({"metrics-TOTAL_FORMS": "0", "team-TOTAL_FORMS": "0", "version": version})
    assert other.post(reverse("projects:edit", args=[draft.pk]), data).status_code == 302
    data.update({"title": "我的修改", "version": version})
    response = client.post(reverse("projects:edit", args=[draft.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200 and "您的修改未保存" in body and 'value="我的修改"' in body
    draft.refresh_from_db()
    assert draft.title == "同事的修改"


def client_class_login(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def test_results_form_keeps_input_on_error(client, draft, applicant, recommender, commission):
    bring_to(draft, "in_progress", actors={"applicant": applicant, "recommender": recommender, "commission": commission})
    client.force_login(applicant)
    metric = draft.metrics.get()
    data = {"results_summary": "返修率明显下降。", **existing_rows("metrics", [metric], ["actual"])}
    data["metrics-0-actual"] = "一点二"
    response = client.post(reverse("projects:results", args=[draft.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200 and "返修率明显下降。" in body and 'value="一点二"' in body and "has-error" in body
    draft.refresh_from_db()
    assert draft.results_summary == ""


def test_staff_list_is_titled_as_in_the_navigation(client, commission, db):
    client.force_login(commission)
    html = client.get(reverse("projects:list")).content.decode()
    assert "<title>项目列表" in html and "我的项目" not in html


def test_banned_organisation_is_not_offered_a_new_application(client, campaign, applicant, organization):
    from django.utils import timezone

    from apps.organizations.models import OrganizationBan

    assert "填写新的申报" in (client.force_login(applicant) or client.get(reverse("projects:list")).content.decode())
    OrganizationBan.objects.create(credit_code=organization.credit_code, organization_name=organization.name, starts_on=timezone.localdate(), reason="虚假材料")
    assert "填写新的申报" not in client.get(reverse("projects:list")).content.decode()
