"""第六条、第九条: a unit sees a project only while it is routed to the unit AND the organisation
is within the unit's scope now; the list form and the page agree with ``covers``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.roles import Role
from apps.organizations.credit_code import make_credit_code
from apps.organizations.models import Organization
from apps.projects.models import Project
from apps.projects.selectors import visible_projects
from apps.projects.services import transition
from apps.projects.unit_inbox import inbox
from apps.recommenders.models import RecommenderKind, RecommenderUnit
from apps.recommenders.scope import covers, organizations_in_scope
from tests.factories import OrganizationFactory, RecommenderFactory, make_user, ready_application

pytestmark = pytest.mark.django_db

WUQING_CODE = "91120114358024672T"  # division 120114: 武清区


def org(name, credit_code, district, industry="equipment", confirmed=False):
    return Organization.objects.create(
        name=name, credit_code=credit_code, district=district, industry=industry, district_confirmed=confirmed,
        contact_name="联系人", contact_phone="022-1",
    )


def unit(name, kind, **fields):
    return RecommenderUnit.objects.create(name=name, kind=kind, **fields)


def scope_cases():
    """Organisations and units of every kind, with the edge cases of the district rule."""
    orgs = [
        org("武清填武清", WUQING_CODE, "wuqing", industry="food"),
        org("武清填滨海未确认", make_credit_code("91", "120114", "35802468"), "binhai"),
        org("武清填滨海已确认", make_credit_code("91", "120114", "35802469"), "binhai", confirmed=True),
        org("原武清县填武清", make_credit_code("91", "120222", "35802470"), "wuqing"),
        org("原武清县填河西未确认", make_credit_code("91", "120222", "35802471"), "hexi"),
        org("市级登记填河西", make_credit_code("91", "120000", "35802472"), "hexi", industry="materials"),
    ]
    group = unit("天津测试工业集团", RecommenderKind.INDUSTRIAL_GROUP)
    association = unit("天津测试行业协会", RecommenderKind.ASSOCIATION)
    group.member_organizations.add(orgs[1], orgs[5])
    association.member_organizations.add(orgs[0])
    units = [
        unit("武清区市场监督管理局", RecommenderKind.DISTRICT_AMR, district="wuqing"),
        unit("滨海新区市场监督管理局", RecommenderKind.DISTRICT_AMR, district="binhai"),
        unit("河西区市场监督管理局", RecommenderKind.DISTRICT_AMR, district="hexi"),
        unit("未填区的市场监督管理局", RecommenderKind.DISTRICT_AMR, district=""),
        unit("天津市测试行业主管部门", RecommenderKind.INDUSTRY_DEPARTMENT, industries=["food", "materials"]),
        unit("无主管行业的部门", RecommenderKind.INDUSTRY_DEPARTMENT, industries=[]),
        group,
        association,
    ]
    return orgs, units


def test_the_query_form_of_the_scope_agrees_with_covers_for_every_pair():
    orgs, units = scope_cases()
    seen = {u.name: set(organizations_in_scope(u).values_list("name", flat=True)) for u in units}
    assert seen == {
        "武清区市场监督管理局": {"武清填武清", "武清填滨海未确认", "原武清县填武清", "原武清县填河西未确认"},
        "滨海新区市场监督管理局": {"武清填滨海已确认"},
        "河西区市场监督管理局": {"市级登记填河西"},
        "未填区的市场监督管理局": set(),
        "天津市测试行业主管部门": {"武清填武清", "市级登记填河西"},
        "无主管行业的部门": set(),
        "天津测试工业集团": {"武清填滨海未确认", "市级登记填河西"},
        "天津测试行业协会": {"武清填武清"},
    }
    for u in units:
        for o in orgs:
            assert covers(u, o) == (o.name in seen[u.name]), (u.name, o.name)


@pytest.fixture
def group_and_member(campaign):
    group = RecommenderFactory(name="天津测试工业集团", kind=RecommenderKind.INDUSTRIAL_GROUP, district="")
    member = OrganizationFactory(name="天津集团成员测试有限公司")
    group.member_organizations.add(member)
    applicant = make_user(Role.APPLICANT, organization=member)
    project = ready_application(campaign=campaign, organization=member, recommender=group, created_by=applicant)
    transition(project=project, name="submit", actor=applicant, commitment=True)
    return group, member, project, make_user(Role.RECOMMENDER, recommender=group)


def test_a_unit_no_longer_sees_a_project_whose_organisation_left_its_scope(client, group_and_member, commission):
    group, member, project, group_user = group_and_member
    assert project in visible_projects(group_user) and project in inbox(group_user)
    assert group_user.has_perm("projects.view_project", project)
    # The membership ends without any project being moved (as a raw data change would do it):
    # visibility follows the live scope, not the routing alone.
    RecommenderUnit.member_organizations.through.objects.filter(recommenderunit=group, organization=member).delete()
    project = Project.objects.get(pk=project.pk)
    assert project.routed_to == group
    assert project not in visible_projects(group_user)
    assert project not in inbox(group_user)
    assert not group_user.has_perm("projects.view_project", project)
    client.force_login(group_user)
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client.get(f"/recommenders/projects/{project.pk}/").status_code == 404
    assert project.title not in client.get("/recommenders/").content.decode()
    # The commission still sees it.
    assert project in visible_projects(commission)


def _routed_projects(campaign, group, n, *, members):
    """``n`` projects routed to ``group`` (as submit routes them); the first ``members`` of their
    organisations are the group's members, the others are not."""
    now = timezone.now()
    for i in range(n):
        organization = OrganizationFactory()
        if i < members:
            group.member_organizations.add(organization)
        applicant = make_user(Role.APPLICANT, organization=organization)
        project = ready_application(campaign=campaign, organization=organization, recommender=group, created_by=applicant, title=f"项目{i}")
        Project.objects.filter(pk=project.pk).update(routed_to=group, submitted_at=now)


@pytest.mark.parametrize("url", ["/recommenders/", "/projects/", "/workbench/"])
def test_the_units_lists_cost_the_same_for_3_and_30_rows(client, campaign, url):
    group = RecommenderFactory(name="天津测试工业集团", kind=RecommenderKind.INDUSTRIAL_GROUP, district="")
    group_user = make_user(Role.RECOMMENDER, recommender=group)
    client.force_login(group_user)
    _routed_projects(campaign, group, 3, members=2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    assert visible_projects(group_user).count() == 2
    _routed_projects(campaign, group, 27, members=18)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert visible_projects(group_user).count() == 20
    assert len(small) == len(large), f"{url}: {len(small)} queries for 3 rows, {len(large)} for 30"


@pytest.mark.parametrize("state", ["submitted", "results_submitted"])
def test_the_commissions_flag_reads_the_scope_from_the_routed_unit_and_agrees_with_covers(campaign, state):
    """The flag of projects waiting at a unit whose scope no longer includes the organisation
    (outside_scope_filter) reads the scope from the routed unit's own row: for every pair of
    unit and organisation, several units at once, it agrees with ``covers``."""
    from apps.projects.scope_changes import outside_scope_filter

    orgs, units = scope_cases()
    projects = [
        ready_application(campaign=campaign, organization=o, recommender=units[0], created_by=make_user(Role.APPLICANT, organization=o))
        for o in orgs
    ]
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(state=state, submitted_at=timezone.now())
    for shift in range(len(units)):
        routed = {o.name: units[(i + shift) % len(units)] for i, o in enumerate(orgs)}
        for i, project in enumerate(projects):
            Project.objects.filter(pk=project.pk).update(routed_to=routed[orgs[i].name])
        flagged = set(Project.objects.filter(outside_scope_filter()).values_list("organization__name", flat=True))
        assert flagged == {o.name for o in orgs if not covers(routed[o.name], o)}, shift
    # Only a project waiting for its unit is flagged.
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(state="recommended")
    assert not Project.objects.filter(outside_scope_filter()).exists()


def test_the_inbox_counts_its_rows_once_and_pages_them_as_filtered(client, campaign, settings):
    """Unfiltered, the inbox's page count is its total by state; filtered, the filtered rows."""
    settings.TJQA_MAX_PAGE_SIZE = 2
    group = RecommenderFactory(name="天津测试工业集团", kind=RecommenderKind.INDUSTRIAL_GROUP, district="")
    client.force_login(make_user(Role.RECOMMENDER, recommender=group))
    _routed_projects(campaign, group, 5, members=3)  # two are outside the group's scope
    Project.objects.filter(routed_to=group).update(state="submitted")
    Project.objects.filter(routed_to=group, title="项目0").update(state="results_submitted")
    cases = [
        ("/recommenders/", 3),
        ("/recommenders/?page=2", 3),
        ("/recommenders/?state=submitted", 2),
        ("/recommenders/?state=results_submitted", 1),
        ("/recommenders/?state=nonsense", 3),  # an unknown state filters nothing
    ]
    for url, shown in cases:
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == shown, url
        assert response.context["counts"]["total"] == 3
    assert "共 3 项" in client.get("/recommenders/").content.decode()


def test_the_district_scope_through_a_project_and_negated_names_the_same_organisations(campaign):
    """第六条: the district condition read behind a project's organisation, and its negation,
    give the written-out organisations (the same as ``covers`` above)."""
    from apps.recommenders.scope import in_scope_filter, scope_filter

    orgs, units = scope_cases()
    wuqing, binhai = units[0], units[1]
    for organization in orgs:
        applicant = make_user(Role.APPLICANT, organization=organization)
        ready_application(campaign=campaign, organization=organization, recommender=wuqing, created_by=applicant)
    projects = Project.objects.filter(campaign=campaign)
    assert set(projects.filter(in_scope_filter(wuqing)).values_list("organization__name", flat=True)) == {
        "武清填武清", "武清填滨海未确认", "原武清县填武清", "原武清县填河西未确认",
    }
    assert set(projects.exclude(in_scope_filter(wuqing)).values_list("organization__name", flat=True)) == {
        "武清填滨海已确认", "市级登记填河西",
    }
    assert set(Organization.objects.exclude(scope_filter(binhai)).values_list("name", flat=True)) == {
        "武清填武清", "武清填滨海未确认", "原武清县填武清", "原武清县填河西未确认", "市级登记填河西",
    }
