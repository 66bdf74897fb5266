"""The counts of the commission's workbench (第九条 to 第十六条) and of the projects waiting at a
unit that no longer covers their organisation (第六条、第九条), against counts written by hand."""

import pytest

from apps.accounts.roles import Role
from apps.organizations.choices import Industry
from apps.organizations.models import Organization
from apps.projects.models import Project
from apps.projects.scope_changes import WAITING_AT_UNIT
from apps.recommenders.models import RecommenderKind, RecommenderUnit
from apps.recommenders.scope import covers
from apps.workspace.todo import todo
from tests.factories import OrganizationFactory, RecommenderFactory, bring_to, make_user, ready_application, tianjin_code

pytestmark = pytest.mark.django_db

OUTSIDE = "推荐单位已不在推荐范围内、待处理的项目（第六条、第九条）"


@pytest.fixture
def at(campaign, actors):
    """``at(state, organization, unit)``: a project of ``organization`` submitted to ``unit``,
    brought to ``state`` through the real transitions."""
    counter = iter(range(1, 1000))

    def make(state, organization, unit):
        applicant = make_user(Role.APPLICANT, organization=organization)
        project = ready_application(
            campaign=campaign, organization=organization, recommender=unit, created_by=applicant, title=f"降低焊接返修率{next(counter)}"
        )
        who = {**actors, "applicant": applicant, "recommender": make_user(Role.RECOMMENDER, recommender=unit)}
        return bring_to(project, state, actors=who)

    return make


def test_the_commission_counts_each_step_and_the_projects_left_outside_a_units_scope(
    at, campaign, commission, recommender_unit, organization, django_assert_num_queries
):
    department = RecommenderFactory(name="市测试主管部门", kind=RecommenderKind.INDUSTRY_DEPARTMENT, district="", industries=[Industry.EQUIPMENT])
    group = RecommenderFactory(name="天津测试工业集团", kind=RecommenderKind.INDUSTRIAL_GROUP, district="")
    moved, led, member, kept = (OrganizationFactory() for _ in range(4))
    group.member_organizations.add(member)
    at("recommended", organization, recommender_unit)
    at("recommended", kept, recommender_unit)
    at("results_recommended", organization, recommender_unit)
    at("draft", organization, recommender_unit)  # not submitted: nobody's step but the applicant's
    at("submitted", kept, recommender_unit)  # still covered: not counted as outside
    at("results_submitted", moved, recommender_unit)
    at("submitted", led, department)
    at("results_submitted", member, group)
    # The data changes without the receivers (a raw import): nothing goes back, all three are flagged.
    Organization.objects.filter(pk=moved.pk).update(district="hexi", credit_code=tianjin_code("hexi"))
    RecommenderUnit.objects.filter(pk=department.pk).update(industries=[Industry.AUTOMOTIVE])
    RecommenderUnit.member_organizations.through.objects.filter(recommenderunit=group, organization=member).delete()
    waiting = Project.objects.filter(state__in=WAITING_AT_UNIT).select_related("routed_to", "organization")
    assert sum(not covers(p.routed_to, p.organization) for p in waiting) == 3 and waiting.count() == 4

    commission.has_perm("accounts.programme_staff")  # the role is read once per request
    with django_assert_num_queries(1):
        found = todo(commission, campaign)
    assert [(t.label, t.count) for t in found] == [
        ("待立项审核（第十一条）", 2),
        ("成果已推荐，待组织评审（第十六条）", 1),
        (OUTSIDE, 3),
    ]
    assert found[-1].url == "/projects/?outside_scope=on"


def test_nothing_outside_no_line(at, campaign, commission, recommender_unit, organization):
    at("submitted", organization, recommender_unit)
    at("results_submitted", organization, recommender_unit)
    assert todo(commission, campaign) == []
