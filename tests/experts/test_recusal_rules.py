"""第二十二条 rule by rule, on the edges of each rule: who is kept off a project and, as much,
who is not (another credit code, another name once normalised, another group, not on the team).
The oracles are written out as the user reads them."""

import datetime
from types import SimpleNamespace

import pytest

from apps.projects.choices import TeamRole
from apps.recommenders.models import RecommenderKind
from apps.review import recusal
from apps.review.recusal import normalise_name, recusal_reasons
from tests.factories import OrganizationFactory, RecommenderFactory, ready_application, tianjin_code

SAME_GROUP = ["工作单位与申报组织同属工业集团“天津测试工业集团有限公司”（第二十二条）"]
ON_TEAM = ["本人列于该项目团队成员名单（第二十二条）"]


@pytest.mark.parametrize(
    "raw,expected",
    [
        # A department after the last legal-form word is cut, then the legal-form word itself.
        ("天津渤海装备集团检测中心", "天津渤海装备"),
        # The same with a one-character name in front of the legal-form word.
        ("鑫公司检测中心", "鑫"),
        # A legal-form word at the very start is part of the name: nothing before it to keep.
        ("集团检测中心", "集团检测中心"),
        # Words after a legal-form word that are no department stay: this trading firm is not 天津渤海.
        ("天津渤海集团化工贸易商行", "天津渤海集团化工贸易商行"),
        # A name that is only a legal-form word is kept whole, never emptied.
        ("集团", "集团"),
    ],
)
def test_normalise_name_edges(raw, expected):
    assert normalise_name(raw) == expected


@pytest.fixture
def project(campaign, organization, recommender_unit, applicant):
    """A draft application of ``organization`` (天津测试企业N有限公司) through the district bureau."""
    return ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant)


@pytest.mark.django_db
def test_a_trading_firm_sharing_the_start_of_the_applicants_name_is_not_recused(make_expert, campaign, applicant, recommender_unit):
    applicant_org = OrganizationFactory(name="天津渤海集团有限公司")
    project = ready_application(campaign=campaign, organization=applicant_org, recommender=recommender_unit, created_by=applicant)
    assert recusal_reasons(make_expert("商行", employer_name="天津渤海集团化工贸易商行"), project) == []
    assert recusal_reasons(make_expert("本集团", employer_name="天津渤海集团检测中心"), project) == [
        "本人工作单位即申报组织“天津渤海集团有限公司”（第二十二条）"
    ]


@pytest.mark.django_db
def test_an_employer_credit_code_no_organisation_has_recuses_nobody(make_expert, project):
    stranger = make_expert("外地专家", employer_name="北京某研究院", employer_credit_code=tianjin_code())
    assert recusal_reasons(stranger, project) == []


@pytest.mark.django_db
def test_the_group_is_found_through_the_employers_credit_code(make_expert, project, organization, other_org, group_unit):
    """The expert writes the employer under a short name that matches no organisation; the credit
    code still places the employer in the applicant's group."""
    expert = make_expert("简称专家", employer_name="另一测试", employer_credit_code=other_org.credit_code)
    assert recusal_reasons(expert, project) == []  # no group yet
    group_unit.member_organizations.add(organization)
    assert recusal_reasons(expert, project) == []  # the employer is in no group
    group_unit.member_organizations.add(other_org)
    assert recusal_reasons(expert, project) == SAME_GROUP


@pytest.mark.django_db
def test_a_group_recommending_a_project_recuses_its_members_experts(make_expert, campaign, organization, other_org, group_unit, applicant):
    """The recommender is a 工业集团 the employer belongs to, even when the applicant is not
    (yet) listed as one of its members."""
    project = ready_application(campaign=campaign, organization=organization, recommender=group_unit, created_by=applicant)
    expert = make_expert("成员企业专家", employer_name=other_org.name, employer_credit_code=other_org.credit_code)
    assert recusal_reasons(expert, project) == []
    group_unit.member_organizations.add(other_org)
    assert recusal_reasons(expert, project) == SAME_GROUP


@pytest.mark.django_db
def test_an_expert_of_the_recommending_district_bureau_is_not_recused_as_a_group(make_expert, project, recommender_unit):
    """A district bureau is no 工业集团: working for the recommender is not working for a group."""
    assert recommender_unit.kind == RecommenderKind.DISTRICT_AMR
    assert recusal_reasons(make_expert("局里专家", employer_name=recommender_unit.name), project) == []
    # Working for the head office of a group that recommends the project is.
    group = RecommenderFactory(name="天津另一工业集团有限公司", kind=RecommenderKind.INDUSTRIAL_GROUP)
    project.recommender = group
    project.save(update_fields=["recommender"])
    assert recusal_reasons(make_expert("总部专家", employer_name="天津另一工业集团"), project) == [
        "工作单位与申报组织同属工业集团“天津另一工业集团有限公司”（第二十二条）"
    ]


@pytest.mark.django_db
def test_a_namesake_whose_number_differs_only_in_its_first_digit_is_another_person(make_expert, project):
    project.team_members.create(name="李娜", role=TeamRole.TECHNICAL, phone="13912345678")
    # 0391-2345678 (a landline) and 139 1234 5678 share their last ten digits.
    assert recusal_reasons(make_expert("李娜", phone="0391-2345678"), project) == []
    assert recusal_reasons(make_expert("李娜", phone="139-1234-5678"), project) == ON_TEAM


@pytest.mark.django_db
def test_without_the_training_app_no_tracking_visit_recuses(make_expert, project, recommender, monkeypatch):
    """第十三条 visits come from apps.training; a project without it recuses nobody for them."""
    from apps.training.models import TrackingVisit

    expert = make_expert("跟踪专家")
    TrackingVisit.objects.create(
        project=project, recommender=project.recommender, visited_on=datetime.date(2025, 6, 1),
        participants="高科长、跟踪专家", findings="进度正常", guidance="加强数据分析", recorded_by=recommender,
    )
    assert recusal_reasons(expert, project) == ["本人曾对该项目进行跟踪指导（第十三条、第二十二条）"]

    def no_training(app_label, model_name):
        raise LookupError(f"No installed app with label '{app_label}'.")

    monkeypatch.setattr(recusal, "django_apps", SimpleNamespace(get_model=no_training))
    assert recusal_reasons(expert, project) == []
