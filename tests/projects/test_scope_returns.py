"""第九条: when the scope of the unit an application waits at no longer includes the organisation,
the application goes back to the applicant through the transition door, with the reason logged
and told, so that the applicant can submit it to a unit whose scope includes the organisation."""

import pytest

from apps.accounts.roles import Role
from apps.notifications.models import Notification
from apps.organizations.credit_code import make_credit_code
from apps.organizations.models import Organization
from apps.projects.models import Project
from apps.projects.services import transition
from apps.recommenders.models import RecommenderKind, RecommenderUnit
from apps.recommenders.scope import confirm_district, withdraw_district_confirmation
from apps.recommenders.services import remove_member, set_industries
from tests.factories import OrganizationFactory, RecommenderFactory, bring_to, make_user, ready_application

pytestmark = pytest.mark.django_db

GROUP_REASON = (
    "根据第九条，推荐单位“天津测试工业集团”只推荐本工业集团的成员组织，“天津集团成员测试有限公司”已不在其推荐范围内，"
    "该单位不能再审核、推荐本项目，申报已退回；请选择推荐范围包括本组织的推荐单位后重新提交。"
)


def submitted(campaign, organization, unit, title="降低焊接返修率"):
    applicant = make_user(Role.APPLICANT, organization=organization)
    project = ready_application(campaign=campaign, organization=organization, recommender=unit, created_by=applicant, title=title)
    transition(project=project, name="submit", actor=applicant, commitment=True)
    return project, applicant


@pytest.fixture
def group(db):
    return RecommenderFactory(name="天津测试工业集团", kind=RecommenderKind.INDUSTRIAL_GROUP, district="")


@pytest.fixture
def member(group):
    organization = OrganizationFactory(name="天津集团成员测试有限公司")
    group.member_organizations.add(organization)
    return organization


def test_removing_a_member_returns_its_waiting_application_with_the_reason(campaign, group, member, django_capture_on_commit_callbacks):
    project, applicant = submitted(campaign, member, group)
    other_member = OrganizationFactory(name="天津另一成员测试有限公司")
    group.member_organizations.add(other_member)
    staying, _ = submitted(campaign, other_member, group, title="提高装配一次合格率")
    with django_capture_on_commit_callbacks(execute=True):
        remove_member(unit=group, organization=member)
    project = Project.objects.get(pk=project.pk)
    assert project.state == "returned"
    log = project.transitions.order_by("-pk").first()
    assert (log.transition, log.from_state, log.to_state, log.actor, log.role) == ("return_to_applicant", "submitted", "returned", None, "系统")
    assert log.comment == GROUP_REASON
    # The applicant is told, with the reason.
    told = Notification.objects.get(recipient=applicant, project=project)
    assert told.title == "项目“降低焊接返修率”：退回修改"
    assert "意见或理由：" + GROUP_REASON in told.body
    # The other member's application stays with the group.
    assert Project.objects.get(pk=staying.pk).state == "submitted"


def test_the_applicant_resubmits_to_a_unit_covering_it(campaign, group, member):
    project, applicant = submitted(campaign, member, group)
    remove_member(unit=group, organization=member)
    project = Project.objects.get(pk=project.pk)
    bureau = RecommenderFactory(name="滨海新区市场监督管理局", kind=RecommenderKind.DISTRICT_AMR, district="binhai")
    project.recommender = bureau
    project.save(update_fields=["recommender"])
    transition(project=project, name="resubmit", actor=applicant, commitment=True)
    project = Project.objects.get(pk=project.pk)
    assert (project.state, project.routed_to) == ("submitted", bureau)


def test_a_recommendation_already_made_stands(campaign, group, member, actors):
    group_user = make_user(Role.RECOMMENDER, recommender=group)
    applicant = make_user(Role.APPLICANT, organization=member)
    project = ready_application(campaign=campaign, organization=member, recommender=group, created_by=applicant)
    bring_to(project, "recommended", actors={**actors, "applicant": applicant, "recommender": group_user})
    remove_member(unit=group, organization=member)
    assert Project.objects.get(pk=project.pk).state == "recommended"


def test_removing_the_membership_from_the_organisations_side_returns_it_too(campaign, group, member):
    project, _ = submitted(campaign, member, group)
    member.groups.clear()
    assert Project.objects.get(pk=project.pk).state == "returned"


def test_withdrawing_a_district_confirmation_returns_the_bureaus_waiting_application(campaign):
    organization = Organization.objects.create(
        name="天津武清测试有限公司", credit_code=make_credit_code("91", "120114", "35802467"), district="binhai",
        industry="equipment", contact_name="联系人", contact_phone="022-1",
    )
    binhai = RecommenderUnit.objects.create(name="滨海新区市场监督管理局", kind=RecommenderKind.DISTRICT_AMR, district="binhai")
    confirm_district(organization=organization, unit=binhai)
    project, _ = submitted(campaign, organization, binhai)
    withdraw_district_confirmation(organization=Organization.objects.get(pk=organization.pk), unit=binhai)
    project = Project.objects.get(pk=project.pk)
    assert project.state == "returned"
    assert project.transitions.order_by("-pk").first().comment == (
        "根据第九条，推荐单位“滨海新区市场监督管理局”只推荐滨海新区的组织，“天津武清测试有限公司”已不在其推荐范围内，"
        "该单位不能再审核、推荐本项目，申报已退回；请选择推荐范围包括本组织的推荐单位后重新提交。"
    )


def test_changing_a_departments_industries_returns_only_the_industries_it_dropped(campaign):
    dept = RecommenderUnit.objects.create(name="天津市测试行业主管部门", kind=RecommenderKind.INDUSTRY_DEPARTMENT, industries=["food", "equipment"])
    food, _ = submitted(campaign, OrganizationFactory(industry="food"), dept, title="降低食品微生物超标率")
    equipment, _ = submitted(campaign, OrganizationFactory(industry="equipment"), dept)
    set_industries(unit=dept, industries=["food"])
    assert Project.objects.get(pk=food.pk).state == "submitted"
    assert Project.objects.get(pk=equipment.pk).state == "returned"


def test_the_applicants_project_page_says_why_and_which_units_cover_it(client, campaign, group, member):
    project, applicant = submitted(campaign, member, group)
    bureau = RecommenderFactory(name="滨海新区市场监督管理局", kind=RecommenderKind.DISTRICT_AMR, district="binhai")
    RecommenderFactory(name="河西区市场监督管理局", kind=RecommenderKind.DISTRICT_AMR, district="hexi")
    group_user = make_user(Role.RECOMMENDER, recommender=group)
    remove_member(unit=group, organization=member)
    client.force_login(applicant)
    body = client.get(f"/projects/{project.pk}/").content.decode()
    assert "退回意见（系统，" in body and GROUP_REASON in body
    assert "所选推荐单位“天津测试工业集团”的推荐范围不包括本组织。推荐范围包括本组织的推荐单位：滨海新区市场监督管理局。" in body
    assert "河西区市场监督管理局" not in body
    assert f'href="/projects/{project.pk}/edit/"' in body
    # Once another unit is chosen the notice goes; the group's page is closed to the group.
    Project.objects.filter(pk=project.pk).update(recommender=bureau)
    assert 'id="scope-notice"' not in client.get(f"/projects/{project.pk}/").content.decode()
    client.force_login(group_user)
    assert client.get(f"/projects/{project.pk}/").status_code == 404


def test_results_waiting_at_a_unit_out_of_scope_are_flagged_to_the_commission(client, campaign, group, member, actors, commission):
    from apps.projects.scope_changes import outside_scope_filter, outside_scope_notice

    group_user = make_user(Role.RECOMMENDER, recommender=group)
    applicant = make_user(Role.APPLICANT, organization=member)
    results = ready_application(campaign=campaign, organization=member, recommender=group, created_by=applicant)
    bring_to(results, "results_submitted", actors={**actors, "applicant": applicant, "recommender": group_user})
    other = OrganizationFactory(name="天津另一成员测试有限公司")
    group.member_organizations.add(other)
    staying, _ = submitted(campaign, other, group, title="提高装配一次合格率")
    assert not Project.objects.filter(outside_scope_filter()).exists()
    remove_member(unit=group, organization=member)
    # Results cannot go to another unit: they stay, flagged; the other member's application is in scope.
    results = Project.objects.get(pk=results.pk)
    assert results.state == "results_submitted"
    assert list(Project.objects.filter(outside_scope_filter())) == [results]
    flag = (
        "根据第六条、第九条，推荐单位“天津测试工业集团”只推荐本工业集团的成员组织，“天津集团成员测试有限公司”已不在其推荐范围内，"
        "该单位不能再查看、审核本项目，请市市场监管委处理。"
    )
    assert outside_scope_notice(results) == flag
    assert outside_scope_notice(Project.objects.get(pk=staying.pk)) is None
    # The commission's workbench counts it and its list filters it; the page says why.
    client.force_login(commission)
    workbench = client.get("/workbench/").content.decode()
    assert "推荐单位已不在推荐范围内、待处理的项目（第六条、第九条）" in workbench and "outside_scope=on" in workbench
    # Counted in the same pass as the steps: the one project outside, not the one still covered.
    assert '<td>推荐单位已不在推荐范围内、待处理的项目（第六条、第九条）</td><td class="num"><strong>1</strong> 项</td>' in workbench
    listed = client.get("/projects/?outside_scope=on").content.decode()
    assert results.title in listed and "提高装配一次合格率" not in listed
    assert flag in client.get(f"/projects/{results.pk}/").content.decode()
    # An applicant's list has no such filter.
    client.force_login(applicant)
    assert 'name="outside_scope"' not in client.get("/projects/").content.decode()


def test_the_bureau_withdraws_its_confirmation_on_its_screen(client, campaign):
    organization = Organization.objects.create(
        name="天津武清测试有限公司", credit_code=make_credit_code("91", "120114", "35802467"), district="binhai",
        industry="equipment", contact_name="联系人", contact_phone="022-1",
    )
    binhai = RecommenderUnit.objects.create(name="滨海新区市场监督管理局", kind=RecommenderKind.DISTRICT_AMR, district="binhai")
    wuqing = RecommenderUnit.objects.create(name="武清区市场监督管理局", kind=RecommenderKind.DISTRICT_AMR, district="wuqing")
    confirm_district(organization=organization, unit=binhai)
    project, _ = submitted(campaign, organization, binhai)
    client.force_login(make_user(Role.RECOMMENDER, recommender=wuqing))
    assert client.post(f"/recommenders/districts/{organization.pk}/withdraw/").status_code == 404
    assert Project.objects.get(pk=project.pk).state == "submitted"
    client.force_login(make_user(Role.RECOMMENDER, recommender=binhai))
    assert 'id="confirmed"' in client.get("/recommenders/districts/").content.decode()
    response = client.post(f"/recommenders/districts/{organization.pk}/withdraw/", follow=True)
    body = response.content.decode()
    assert "已撤回对“天津武清测试有限公司”所在区的确认（第六条）；其提交至本单位、尚未推荐的申报已退回申报组织（第九条）。" in body
    assert 'id="confirmed"' not in body and "确认属于本区" in body  # back among those to confirm
    assert not Organization.objects.get(pk=organization.pk).district_confirmed
    assert Project.objects.get(pk=project.pk).state == "returned"
