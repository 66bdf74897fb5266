"""The transition graph of DESIGN.md §2, as a matrix of states × transitions × roles."""

import pytest

from apps.accounts.roles import Role
from apps.projects.models import Project, ProjectTransition
from apps.projects.services import TransitionRefused, allowed_transitions, transition
from apps.projects.states import State
from apps.projects.workflow import TRANSITION_NAMES, edges
from tests.factories import bring_to, fill_results, make_user, prepare, record_verification

# The arrows drawn in DESIGN.md §2: (source, transition, target).
DESIGN = {
    ("draft", "submit", "submitted"),
    ("submitted", "recommend", "recommended"),
    ("submitted", "decline", "not_recommended"),
    ("recommended", "approve", "approved"),
    ("recommended", "reject", "rejected"),
    ("submitted", "return_to_applicant", "returned"),
    ("recommended", "return_to_applicant", "returned"),
    ("returned", "resubmit", "submitted"),
    ("approved", "publish_plan", "in_progress"),
    ("in_progress", "submit_results", "results_submitted"),
    ("results_submitted", "recommend_results", "results_recommended"),
    ("results_submitted", "decline_results", "results_not_recommended"),
    ("results_submitted", "return_results", "in_progress"),
    ("results_recommended", "assign_to_panel", "under_review"),
    ("under_review", "close_review", "reviewed"),
    ("reviewed", "publicize", "publicized"),
    ("publicized", "award", "awarded"),
    ("publicized", "not_award", "not_awarded"),
    ("reviewed", "not_award", "not_awarded"),
    ("awarded", "revoke", "revoked"),
    ("draft", "withdraw", "withdrawn"),
    ("submitted", "withdraw", "withdrawn"),
    ("returned", "withdraw", "withdrawn"),
    # 第二十一条: a revocation halts the organisation's other projects still under way.
    ("submitted", "halt", "halted"),
    ("returned", "halt", "halted"),
    ("recommended", "halt", "halted"),
    ("approved", "halt", "halted"),
    ("in_progress", "halt", "halted"),
    ("results_submitted", "halt", "halted"),
    ("results_recommended", "halt", "halted"),
    ("under_review", "halt", "halted"),
    ("reviewed", "halt", "halted"),
    ("publicized", "halt", "halted"),
}

# Who may fire each transition (DESIGN.md §1): keys of the ``people`` fixture.
ALLOWED = {
    "submit": {"applicant"},
    "resubmit": {"applicant"},
    "withdraw": {"applicant"},
    "recommend": {"recommender"},
    "decline": {"recommender"},
    ("submitted", "return_to_applicant"): {"recommender"},
    ("recommended", "return_to_applicant"): {"commission"},
    "approve": {"commission"},
    "reject": {"commission"},
    "publish_plan": {"commission"},
    "submit_results": {"applicant"},
    "recommend_results": {"recommender"},
    "decline_results": {"recommender"},
    "return_results": {"recommender"},
    "assign_to_panel": {"commission", "agency"},
    "close_review": {"commission", "agency"},
    "publicize": {"commission"},
    "award": {"commission"},
    "not_award": {"commission"},
    "revoke": {"commission"},
    "halt": {"commission"},
}
EVERYONE = {"applicant", "other_applicant", "recommender", "other_recommender", "commission", "agency", "expert"}


def allowed_for(source, name):
    return ALLOWED.get((source, name)) or ALLOWED[name]


@pytest.fixture
def people(applicant, other_applicant, recommender, other_recommender, commission, agency, expert):
    return {
        "applicant": applicant,
        "other_applicant": other_applicant,
        "recommender": recommender,
        "other_recommender": other_recommender,
        "commission": commission,
        "agency": agency,
        "expert": expert,
    }


def snapshot(project):
    row = Project.objects.get(pk=project.pk)
    return (row.state, row.updated_at, row.recommender_opinion, row.award_level, ProjectTransition.objects.filter(project=project).count())


def test_code_draws_exactly_the_design():
    drawn = {(e.source, e.name, e.target) for e in edges()}
    assert drawn == DESIGN


def test_every_state_value_of_the_design_exists():
    assert set(State.values) == {
        "draft", "submitted", "returned", "withdrawn", "recommended", "not_recommended", "approved", "rejected",
        "in_progress", "results_submitted", "results_recommended", "results_not_recommended", "under_review",
        "reviewed", "publicized", "awarded", "not_awarded", "revoked", "halted",
    }


def test_state_is_protected(draft):
    with pytest.raises(AttributeError):
        draft.state = State.AWARDED


@pytest.mark.parametrize("source,name,target", sorted(DESIGN))
def test_transition_only_for_its_roles(source, name, target, draft, people):
    project = bring_to(draft, source, actors=people)
    if name == "submit_results":
        fill_results(project)
    if name == "publicize":
        project.award_level = "second"
        project.save(update_fields=["award_level"])
    needed = prepare(project, name, actor=people["commission"])
    refused = EVERYONE - allowed_for(source, name)
    for who in sorted(refused):
        before = snapshot(project)
        with pytest.raises(TransitionRefused) as exc:
            transition(project=project, name=name, actor=people[who], comment="理由", **needed)
        assert exc.value.code == "permission", (who, exc.value.message)
        assert "无权" in exc.value.message
        assert snapshot(project) == before, f"{who}: a refused {name} changed the row"
        assert name not in {t.name for t in allowed_transitions(project, people[who])}
    allowed = sorted(allowed_for(source, name))
    assert name in {t.name for t in allowed_transitions(project, people[allowed[0]])}
    log = transition(project=project, name=name, actor=people[allowed[0]], comment="理由", **needed)
    assert project.state == target
    assert (log.from_state, log.to_state, log.actor, log.transition) == (source, target, people[allowed[0]], name)
    assert log.role == people[allowed[0]].role_label


@pytest.mark.parametrize("state", [s for s in State.values])
def test_transitions_not_in_the_design_are_impossible(state, draft, people):
    project = bring_to(draft, state, actors=people)
    designed = {name for (source, name, _) in DESIGN if source == state}
    for name in sorted(TRANSITION_NAMES - designed):
        before = snapshot(project)
        for who in ("applicant", "recommender", "commission"):
            with pytest.raises(TransitionRefused) as exc:
                transition(project=project, name=name, actor=people[who], comment="理由")
            assert exc.value.code == "state"
            assert "不能执行" in exc.value.message
        assert snapshot(project) == before


def test_unknown_transition_name_refused(draft, applicant):
    with pytest.raises(TransitionRefused):
        transition(project=draft, name="delete", actor=applicant)


def test_comment_required_where_the_design_asks_for_reasons(draft, people):
    project = bring_to(draft, "submitted", actors=people)
    before = snapshot(project)
    with pytest.raises(TransitionRefused) as exc:
        transition(project=project, name="return_to_applicant", actor=people["recommender"], comment="  ")
    assert exc.value.code == "comment_required"
    assert snapshot(project) == before


def test_recommend_keeps_the_opinion_and_routes_to_the_unit(draft, people):
    project = bring_to(draft, "submitted", actors=people)
    assert people["recommender"].has_perm("projects.view_project", project)
    assert not people["other_recommender"].has_perm("projects.view_project", project)
    record_verification(project, people["recommender"])
    transition(project=project, name="recommend", actor=people["recommender"], comment="材料真实完整，同意推荐")
    assert Project.objects.get(pk=project.pk).recommender_opinion == "材料真实完整，同意推荐"


def test_resubmission_to_another_unit_moves_the_grant(draft, people, other_recommender_unit):
    project = bring_to(draft, "returned", actors=people)
    project.recommender = other_recommender_unit
    project.save(update_fields=["recommender"])
    transition(project=project, name="resubmit", actor=people["applicant"], commitment=True)
    project = Project.objects.get(pk=project.pk)
    assert people["other_recommender"].has_perm("projects.recommend_project", project)
    assert not people["recommender"].has_perm("projects.view_project", project)


def test_new_colleague_of_the_organisation_sees_its_projects(draft, organization):
    colleague = make_user(Role.APPLICANT, organization=organization)
    assert colleague.has_perm("projects.change_project", draft)


def test_after_commit_signal_carries_the_log(draft, applicant, django_capture_on_commit_callbacks):
    from apps.projects.signals import project_transitioned

    seen = []

    def receiver(sender, **kwargs):
        seen.append((kwargs["transition"], kwargs["from_state"], kwargs["to_state"], kwargs["log"].pk))

    project_transitioned.connect(receiver, dispatch_uid="test-receiver")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            log = transition(project=draft, name="submit", actor=applicant, commitment=True)
    finally:
        project_transitioned.disconnect(dispatch_uid="test-receiver")
    assert seen == [("submit", "draft", "submitted", log.pk)]
