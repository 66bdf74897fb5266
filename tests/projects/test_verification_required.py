"""第十条, 第十五条: the recommending unit recommends an application, or its results, only on a
complete verification record of this project and this phase, every checklist item confirmed.
The rule is the domain's: calling the service or the transition door directly is refused."""

import datetime

import pytest

from apps.accounts.roles import Role
from apps.core.exceptions import Refusal
from apps.projects.models import Project, ProjectTransition
from apps.projects.services import transition
from apps.projects.verification import verify_and_decide
from apps.recommenders.models import RecommenderVerification
from tests.factories import RecommenderFactory, bring_to, make_user

# The checklists written out (apps/recommenders/models.py CHECKLIST), so a change there shows here.
APPLICATION_ITEMS = ["org_registered", "pdca_complete", "benefits_quantified", "not_duplicate", "team_real", "attachments_authentic"]
RESULTS_ITEMS = ["data_measured", "targets_compared", "benefits_real", "results_material_complete"]


def all_yes(items):
    return {code: True for code in items}


def snapshot(project):
    row = Project.objects.get(pk=project.pk)
    return (row.state, ProjectTransition.objects.filter(project=project).count())


def submitted(draft, actors):
    return bring_to(draft, "submitted", actors=actors)


def results_submitted(draft, actors):
    return bring_to(draft, "results_submitted", actors=actors)


def record(project, unit, stage, answers, decision):
    return RecommenderVerification.objects.create(
        project=project, unit=unit, stage=stage, answers=answers, opinion="核查意见", decision=decision
    )


# ---- 第十条: recommend ------------------------------------------------------------------------


def test_recommend_without_a_verification_record_is_refused(draft, actors):
    project = submitted(draft, actors)
    before = snapshot(project)
    with pytest.raises(Refusal) as exc:
        transition(project=project, name="recommend", actor=actors["recommender"], comment="同意推荐")
    assert "根据第十条" in exc.value.message and "核查" in exc.value.message
    assert snapshot(project) == before


def test_service_with_every_answer_no_is_refused_and_stores_nothing(draft, actors):
    project = submitted(draft, actors)
    before = snapshot(project)
    with pytest.raises(Refusal) as exc:
        verify_and_decide(
            project=project,
            actor=actors["recommender"],
            stage="application",
            answers={code: False for code in APPLICATION_ITEMS},
            opinion="同意推荐",
            decision="recommend",
        )
    assert "根据第十条" in exc.value.message and "6项" in exc.value.message
    assert snapshot(project) == before
    assert not RecommenderVerification.objects.exists()


@pytest.mark.parametrize("unconfirmed", APPLICATION_ITEMS)
def test_one_item_unconfirmed_is_refused(draft, actors, unconfirmed):
    project = submitted(draft, actors)
    answers = {**all_yes(APPLICATION_ITEMS), unconfirmed: False}
    with pytest.raises(Refusal) as exc:
        verify_and_decide(project=project, actor=actors["recommender"], stage="application", answers=answers, opinion="同意推荐", decision="recommend")
    assert "根据第十条" in exc.value.message and "1项" in exc.value.message
    assert Project.objects.get(pk=project.pk).state == "submitted"


def test_an_item_missing_from_the_answers_is_refused(draft, actors):
    project = submitted(draft, actors)
    answers = all_yes(APPLICATION_ITEMS)
    del answers["attachments_authentic"]
    with pytest.raises(Refusal):
        verify_and_decide(project=project, actor=actors["recommender"], stage="application", answers=answers, opinion="同意推荐", decision="recommend")


def test_every_item_confirmed_recommends(draft, actors):
    project = submitted(draft, actors)
    verify_and_decide(
        project=project, actor=actors["recommender"], stage="application", answers=all_yes(APPLICATION_ITEMS), opinion="同意推荐", decision="recommend"
    )
    assert Project.objects.get(pk=project.pk).state == "recommended"


def test_a_results_record_does_not_verify_the_application(draft, actors):
    project = submitted(draft, actors)
    record(project, project.recommender, "results", all_yes(RESULTS_ITEMS), "recommend")
    with pytest.raises(Refusal) as exc:
        transition(project=project, name="recommend", actor=actors["recommender"], comment="同意推荐")
    assert "根据第十条" in exc.value.message


def test_another_units_record_does_not_count(draft, actors):
    project = submitted(draft, actors)
    record(project, RecommenderFactory(), "application", all_yes(APPLICATION_ITEMS), "recommend")
    with pytest.raises(Refusal):
        transition(project=project, name="recommend", actor=actors["recommender"], comment="同意推荐")


def test_a_record_from_before_the_resubmission_does_not_count(draft, actors):
    """A verification belongs to the submission it checked: after a return and a resubmission
    the unit verifies again."""
    project = submitted(draft, actors)
    old = record(project, project.recommender, "application", all_yes(APPLICATION_ITEMS), "recommend")
    RecommenderVerification.objects.filter(pk=old.pk).update(created_at=project.submitted_at - datetime.timedelta(seconds=1))
    with pytest.raises(Refusal) as exc:
        transition(project=project, name="recommend", actor=actors["recommender"], comment="同意推荐")
    assert "根据第十条" in exc.value.message
    # The same record made at the moment of submission counts (the boundary is inclusive).
    RecommenderVerification.objects.filter(pk=old.pk).update(created_at=project.submitted_at)
    transition(project=project, name="recommend", actor=actors["recommender"], comment="同意推荐")
    assert Project.objects.get(pk=project.pk).state == "recommended"


def test_decline_and_return_need_no_complete_checklist(draft, actors):
    project = submitted(draft, actors)
    verify_and_decide(project=project, actor=actors["recommender"], stage="application", answers={}, opinion="材料不全，请补充。", decision="return_to_applicant")
    assert Project.objects.get(pk=project.pk).state == "returned"


# ---- 第十五条: recommend_results ----------------------------------------------------------------


def test_recommend_results_without_a_verification_record_is_refused(draft, actors):
    project = results_submitted(draft, actors)
    before = snapshot(project)
    with pytest.raises(Refusal) as exc:
        transition(project=project, name="recommend_results", actor=actors["recommender"], comment="同意推荐")
    assert "根据第十五条" in exc.value.message
    assert snapshot(project) == before


def test_recommend_results_with_every_answer_no_is_refused(draft, actors):
    project = results_submitted(draft, actors)
    with pytest.raises(Refusal) as exc:
        verify_and_decide(
            project=project,
            actor=actors["recommender"],
            stage="results",
            answers={code: False for code in RESULTS_ITEMS},
            opinion="同意推荐",
            decision="recommend_results",
        )
    assert "根据第十五条" in exc.value.message and "4项" in exc.value.message
    assert Project.objects.get(pk=project.pk).state == "results_submitted"
    assert not RecommenderVerification.objects.filter(stage="results").exists()


def test_the_application_record_does_not_verify_the_results(draft, actors):
    """The record made when the application was recommended belongs to the first phase."""
    project = results_submitted(draft, actors)
    assert RecommenderVerification.objects.filter(project=project, stage="application").exists()
    with pytest.raises(Refusal):
        transition(project=project, name="recommend_results", actor=actors["recommender"], comment="同意推荐")


def test_recommend_results_with_every_item_confirmed(draft, actors):
    project = results_submitted(draft, actors)
    verify_and_decide(
        project=project, actor=actors["recommender"], stage="results", answers=all_yes(RESULTS_ITEMS), opinion="成效显著", decision="recommend_results"
    )
    assert Project.objects.get(pk=project.pk).state == "results_recommended"


def test_another_recommender_of_the_same_unit_may_verify(draft, actors):
    project = submitted(draft, actors)
    colleague = make_user(Role.RECOMMENDER, recommender=project.recommender)
    verify_and_decide(project=project, actor=colleague, stage="application", answers=all_yes(APPLICATION_ITEMS), opinion="同意推荐", decision="recommend")
    assert Project.objects.get(pk=project.pk).state == "recommended"
