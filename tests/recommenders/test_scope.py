"""第六条: a recommending unit recommends the organisations of its district, its industries or
its members; 第九条/第十条: submission and recommendation stay within that scope."""

import pytest

from apps.applicant.forms.projects import ApplicationForm
from apps.core.exceptions import Refusal
from apps.organizations.models import Organization
from apps.projects.models import Project
from apps.projects.services import transition
from apps.recommenders.models import RecommenderKind, RecommenderUnit
from apps.recommenders.scope import covers, units_covering
from apps.accounts.roles import Role
from tests.factories import OrganizationFactory, RecommenderFactory, make_user, ready_application

pytestmark = pytest.mark.django_db

# A 武清区 code: 91 (企业) + 120114 (武清区) + 35802467 + 2 (GB 11714 check) + T (GB 32100 check).
WUQING_CODE = "91120114358024672T"


def org(name, credit_code, district, industry="equipment"):
    return Organization.objects.create(
        name=name, credit_code=credit_code, district=district, industry=industry, contact_name="联系人", contact_phone="022-1"
    )


def application(campaign, organization, recommender, **fields):
    """A complete draft of ``organization`` and the user who submits it."""
    user = make_user(Role.APPLICANT, organization=organization)
    return ready_application(campaign=campaign, organization=organization, recommender=recommender, created_by=user, **fields), user


def bureau(name, district):
    return RecommenderUnit.objects.create(name=name, kind=RecommenderKind.DISTRICT_AMR, district=district)


# ---- each kind of unit -----------------------------------------------------------------


def test_district_bureau_covers_the_organisations_of_its_district_only():
    wuqing = bureau("武清区市场监督管理局", "wuqing")
    binhai = bureau("滨海新区市场监督管理局", "binhai")
    o = org("天津武清测试有限公司", WUQING_CODE, "wuqing")
    assert covers(wuqing, o)
    assert not covers(binhai, o)


def test_a_stated_district_other_than_the_codes_counts_only_once_confirmed():
    wuqing = bureau("武清区市场监督管理局", "wuqing")
    binhai = bureau("滨海新区市场监督管理局", "binhai")
    o = org("天津武清测试有限公司", WUQING_CODE, "binhai")  # says 滨海新区; the code says 武清区
    assert o.district_unconfirmed
    assert covers(wuqing, o) and not covers(binhai, o)
    o.district_confirmed = True  # the 滨海新区 bureau has confirmed it
    o.save()
    assert not o.district_unconfirmed
    assert covers(binhai, o) and not covers(wuqing, o)


def test_industry_department_covers_its_industries_only():
    dept = RecommenderUnit.objects.create(name="天津市测试行业主管部门", kind=RecommenderKind.INDUSTRY_DEPARTMENT, industries=["food", "materials"])
    assert covers(dept, org("天津食品测试有限公司", WUQING_CODE, "wuqing", industry="food"))
    assert not covers(dept, OrganizationFactory(industry="equipment"))


@pytest.mark.parametrize("kind", [RecommenderKind.INDUSTRIAL_GROUP, RecommenderKind.ASSOCIATION])
def test_group_and_association_cover_their_members_only(kind):
    unit = RecommenderFactory(kind=kind, district="")
    member, outsider = OrganizationFactory(), OrganizationFactory()
    unit.member_organizations.add(member)
    assert covers(unit, member)
    assert not covers(unit, outsider)


def test_units_covering_lists_exactly_the_units_whose_scope_includes_the_organisation():
    o = org("天津武清食品测试有限公司", WUQING_CODE, "wuqing", industry="food")
    wuqing = bureau("武清区市场监督管理局", "wuqing")
    bureau("滨海新区市场监督管理局", "binhai")
    food = RecommenderUnit.objects.create(name="天津市农业测试委员会", kind=RecommenderKind.INDUSTRY_DEPARTMENT, industries=["food"])
    RecommenderUnit.objects.create(name="天津市建设测试委员会", kind=RecommenderKind.INDUSTRY_DEPARTMENT, industries=["construction"])
    group = RecommenderFactory(name="天津食品测试集团", kind=RecommenderKind.INDUSTRIAL_GROUP, district="")
    RecommenderFactory(name="天津其他测试集团", kind=RecommenderKind.INDUSTRIAL_GROUP, district="")
    group.member_organizations.add(o)
    assert set(units_covering(o).values_list("name", flat=True)) == {wuqing.name, food.name, group.name}


# ---- the transitions -------------------------------------------------------------------


def test_submit_to_a_unit_outside_the_scope_is_refused_citing_articles_6_and_9(campaign):
    o = org("天津武清测试有限公司", WUQING_CODE, "wuqing")
    binhai = bureau("滨海新区市场监督管理局", "binhai")
    project, user = application(campaign, o, binhai)
    with pytest.raises(Refusal) as refused:
        transition(project=project, name="submit", actor=user, commitment=True)
    assert "根据第六条、第九条，推荐单位“滨海新区市场监督管理局”只推荐滨海新区的组织，“天津武清测试有限公司”不在其推荐范围内" in str(refused.value)
    refused_project = Project.objects.get(pk=project.pk)
    assert refused_project.state == "draft" and refused_project.routed_to is None  # not in the 滨海 bureau's lists
    # To its own district's bureau it goes.
    wuqing = bureau("武清区市场监督管理局", "wuqing")
    project.recommender = wuqing
    project.save()
    transition(project=project, name="submit", actor=user, commitment=True)
    project.refresh_from_db()
    assert project.state == "submitted" and project.routed_to == wuqing


def test_unconfirmed_stated_district_names_the_codes_district_in_the_refusal(campaign):
    o = org("天津武清测试有限公司", WUQING_CODE, "binhai")
    project, user = application(campaign, o, bureau("滨海新区市场监督管理局", "binhai"))
    with pytest.raises(Refusal) as refused:
        transition(project=project, name="submit", actor=user, commitment=True)
    assert "统一社会信用代码登记机关所在区为武清区，所填所在区滨海新区尚未经该区市场监督管理部门确认" in str(refused.value)


def test_a_copy_of_a_project_already_with_another_unit_is_refused(campaign, organization, applicant, recommender_unit, other_recommender_unit):
    first = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant, title="降低焊接返修率")
    transition(project=first, name="submit", actor=applicant, commitment=True)
    copy = ready_application(campaign=campaign, organization=organization, recommender=other_recommender_unit, created_by=applicant, title="降低焊接返修率 ")
    with pytest.raises(Refusal) as refused:
        transition(project=copy, name="submit", actor=applicant, commitment=True)
    assert f"根据第九条，本组织的项目“降低焊接返修率”已提交至推荐单位“{recommender_unit.name}”，同一项目只能向一个推荐单位申报" in str(refused.value)
    # Another project of the organisation goes to whichever unit covers it.
    other = ready_application(campaign=campaign, organization=organization, recommender=other_recommender_unit, created_by=applicant, title="提高装配一次合格率")
    transition(project=other, name="submit", actor=applicant, commitment=True)
    assert Project.objects.get(pk=other.pk).state == "submitted"


def test_recommend_refused_when_the_organisation_left_the_units_scope(campaign, organization, applicant):
    from apps.projects.verification import verify_and_decide
    from apps.recommenders.models import CHECKLIST

    group = RecommenderFactory(name="天津测试工业集团", kind=RecommenderKind.INDUSTRIAL_GROUP, district="")
    group.member_organizations.add(organization)
    project = ready_application(campaign=campaign, organization=organization, recommender=group, created_by=applicant)
    transition(project=project, name="submit", actor=applicant, commitment=True)
    # No longer a member, written straight to the data (no signal, so nothing returns the
    # application): the recommendation's own condition still refuses.
    RecommenderUnit.member_organizations.through.objects.filter(recommenderunit=group, organization=organization).delete()
    group_user = make_user(Role.RECOMMENDER, recommender=group)
    with pytest.raises(Refusal) as refused:
        verify_and_decide(
            project=Project.objects.get(pk=project.pk), actor=group_user, stage="application",
            answers={code: True for code, _ in CHECKLIST["application"]}, opinion="同意推荐。", decision="recommend",
        )
    assert "根据第六条、第十条，推荐单位“天津测试工业集团”只推荐本工业集团的成员组织" in str(refused.value)
    assert Project.objects.get(pk=project.pk).state == "submitted"


def test_recommend_results_refused_when_the_organisation_left_the_units_scope(campaign, organization, applicant, commission, agency):
    """第六条/第十五条: the results, too, are recommended only while the organisation is in scope."""
    from tests.factories import bring_to, prepare

    group = RecommenderFactory(name="天津测试工业集团", kind=RecommenderKind.INDUSTRIAL_GROUP, district="")
    group.member_organizations.add(organization)
    group_user = make_user(Role.RECOMMENDER, recommender=group)
    actors = {"applicant": applicant, "recommender": group_user, "commission": commission, "agency": agency}
    project = ready_application(campaign=campaign, organization=organization, recommender=group, created_by=applicant)
    bring_to(project, "results_submitted", actors=actors)
    group.member_organizations.remove(organization)  # no longer a member
    needed = prepare(project, "recommend_results", actor=group_user)
    with pytest.raises(Refusal) as refused:
        transition(project=Project.objects.get(pk=project.pk), name="recommend_results", actor=group_user, comment="同意推荐成果。", **needed)
    assert refused.value.message == (
        f"根据第六条、第十五条，推荐单位“天津测试工业集团”只推荐本工业集团的成员组织，“{organization.name}”不在其推荐范围内。"
    )
    assert Project.objects.get(pk=project.pk).state == "results_submitted"
    group.member_organizations.add(organization)
    transition(project=Project.objects.get(pk=project.pk), name="recommend_results", actor=group_user, comment="同意推荐成果。", **needed)
    assert Project.objects.get(pk=project.pk).state == "results_recommended"


# ---- the applicant's choice -------------------------------------------------------------


def test_application_form_offers_only_the_units_covering_the_organisation(campaign):
    o = org("天津武清测试有限公司", WUQING_CODE, "wuqing")
    wuqing = bureau("武清区市场监督管理局", "wuqing")
    binhai = bureau("滨海新区市场监督管理局", "binhai")
    form = ApplicationForm(instance=Project(campaign=campaign, organization=o))
    offered = list(form.fields["recommender"].queryset)
    assert wuqing in offered and binhai not in offered


def test_application_page_shows_the_in_scope_bureau_and_refuses_another(client, campaign):
    o = org("天津武清测试有限公司", WUQING_CODE, "wuqing")
    wuqing = bureau("武清区市场监督管理局", "wuqing")
    bureau("滨海新区市场监督管理局", "binhai")
    client.force_login(make_user(Role.APPLICANT, organization=o))
    body = client.get("/projects/new/").content.decode()
    assert "武清区市场监督管理局" in body and "滨海新区市场监督管理局" not in body


def test_only_the_bureau_of_the_stated_district_confirms_it():
    from apps.recommenders.scope import confirm_district

    o = org("天津武清测试有限公司", WUQING_CODE, "binhai")  # says 滨海新区; the code says 武清区
    wuqing = bureau("武清区市场监督管理局", "wuqing")
    binhai = bureau("滨海新区市场监督管理局", "binhai")
    with pytest.raises(Refusal) as refused:
        confirm_district(organization=o, unit=wuqing)
    assert "根据第六条，“天津武清测试有限公司”所填所在区为滨海新区，只能由该区市场监督管理部门确认。" == refused.value.message
    assert not Organization.objects.get(pk=o.pk).district_confirmed
    confirm_district(organization=o, unit=binhai)
    o = Organization.objects.get(pk=o.pk)
    assert o.district_confirmed and covers(binhai, o) and not covers(wuqing, o)


def test_application_form_says_when_the_stated_district_is_unconfirmed(campaign):
    o = org("天津武清测试有限公司", WUQING_CODE, "binhai")
    wuqing = bureau("武清区市场监督管理局", "wuqing")
    binhai = bureau("滨海新区市场监督管理局", "binhai")
    form = ApplicationForm(instance=Project(campaign=campaign, organization=o))
    offered = list(form.fields["recommender"].queryset)
    assert wuqing in offered and binhai not in offered
    assert "本组织所填所在区为滨海新区，与统一社会信用代码登记机关所在区（武清区）不一致" in form.fields["recommender"].help_text


def test_the_bureau_confirms_on_its_screen_and_another_bureau_may_not(client):
    o = org("天津武清测试有限公司", WUQING_CODE, "binhai")  # says 滨海新区; the code says 武清区
    wuqing_user = make_user(Role.RECOMMENDER, recommender=bureau("武清区市场监督管理局", "wuqing"))
    binhai_user = make_user(Role.RECOMMENDER, recommender=bureau("滨海新区市场监督管理局", "binhai"))
    client.force_login(wuqing_user)
    assert "天津武清测试有限公司" not in client.get("/recommenders/districts/").content.decode()
    assert client.post(f"/recommenders/districts/{o.pk}/confirm/").status_code == 404
    assert not Organization.objects.get(pk=o.pk).district_confirmed
    client.force_login(binhai_user)
    body = client.get("/recommenders/districts/").content.decode()
    assert "天津武清测试有限公司" in body and "91120114358024672T" in body
    assert client.post(f"/recommenders/districts/{o.pk}/confirm/").status_code == 302
    assert Organization.objects.get(pk=o.pk).district_confirmed
    assert "没有待确认所在区的组织。" in client.get("/recommenders/districts/").content.decode()
