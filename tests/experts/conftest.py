import pytest

from apps.accounts.roles import Role
from apps.review import services
from apps.review.models import Panel, PanelMember
from apps.organizations.choices import Industry
from tests.factories import OrganizationFactory, RecommenderFactory, bring_to, make_user, ready_application


@pytest.fixture
def small_campaign(campaign):
    campaign.scorers_per_project = 3
    campaign.save(update_fields=["scorers_per_project"])
    return campaign


@pytest.fixture
def make_expert(agency):
    """``make_expert("姓名", employer_name=…, employer_credit_code=…)`` → an active Expert whose
    user logs in with "pass-1234"."""
    counter = {"n": 0}

    def make(name=None, **fields):
        counter["n"] += 1
        n = counter["n"]
        fields.setdefault("employer_name", f"天津某大学{n}")
        fields.setdefault("specialties", [Industry.EQUIPMENT.value])
        expert, _ = services.add_expert(
            actor=agency, username=f"expert{n}", password="pass-1234", name=name or f"专家{n}", **fields
        )
        return expert

    return make


@pytest.fixture
def make_project(small_campaign, organization, recommender_unit, applicant, actors):
    """``make_project(org=None, recommender=None, team=(…))`` → a project in results_recommended."""
    counter = {"n": 0}

    def make(org=None, recommender=None, team=(), title=None, project_type=None):
        counter["n"] += 1
        who = dict(actors)
        org = org or organization
        if org != organization:
            who["applicant"] = make_user(Role.APPLICANT, organization=org)
        rec = recommender or recommender_unit
        if rec != recommender_unit:
            who["recommender"] = make_user(Role.RECOMMENDER, recommender=rec)
        extra = {"project_type": project_type} if project_type else {}
        p = ready_application(
            campaign=small_campaign, organization=org, recommender=rec, created_by=who["applicant"],
            title=title or f"降低焊接返修率{counter['n']}", **extra,
        )
        for name in team:
            p.team_members.create(name=name, role="technical")
        return bring_to(p, "results_recommended", actors=who)

    return make


@pytest.fixture
def make_panel(small_campaign, agency):
    """``make_panel([experts])`` → an open panel with exactly these members (no draw)."""

    def make(experts, name="测试评审组"):
        panel = Panel.objects.create(campaign=small_campaign, name=name, created_by=agency)
        for e in experts:
            PanelMember.objects.create(panel=panel, expert=e)
        panel.chair = experts[0] if experts else None
        panel.save()
        return panel

    return make


def sign(expert, campaign):
    services.sign_pledge(expert=expert, campaign=campaign, actor=expert.user)


def full_points(assignment, share=1.0):
    criteria = assignment.panel.campaign.rubric_for(assignment.project.project_type)
    return {c.pk: round(c.max_points * share) for c in criteria}


@pytest.fixture
def other_org():
    return OrganizationFactory(name="天津另一测试企业有限公司")


@pytest.fixture
def group_unit():
    from apps.recommenders.models import RecommenderKind

    return RecommenderFactory(name="天津测试工业集团有限公司", kind=RecommenderKind.INDUSTRIAL_GROUP)
