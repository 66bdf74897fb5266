"""The transition conditions of apps/projects/rules.py called directly, on what the transitions
do not reach: a metric row not filled in yet, a condition that is a plain function, a rule's
name as shown in a log. The oracles are written out."""

from decimal import Decimal

import pytest

from apps.core.exceptions import Refusal
from apps.projects import rules
from apps.projects.choices import MetricDirection
from apps.projects.models import Metric, Project, ProjectTransition
from apps.projects.services import transition
from tests.factories import bring_to


def test_a_rule_shows_its_name():
    assert repr(rules.application_complete) == "<Rule application_complete>"
    assert repr(rules.notice_period_over) == "<Rule notice_period_over>"


def test_a_metric_without_its_baseline_or_target_is_not_compared_yet():
    """第七条(三): the form reports the empty value at the field; there is nothing to compare."""
    no_baseline = Metric(name="返修率", direction=MetricDirection.LOWER, baseline=None, target=Decimal("1.5"))
    no_target = Metric(name="返修率", direction=MetricDirection.LOWER, baseline=Decimal("4.6"), target=None)
    assert rules.metric_problem(no_baseline) is None
    assert rules.metric_problem(no_target) is None
    worse = Metric(name="返修率", direction=MetricDirection.LOWER, baseline=Decimal("4.6"), target=Decimal("5"))
    assert rules.metric_problem(worse) == "根据第七条(三)，效益指标“返修率”为越低越好，目标值须低于现状值（现状值4.6，目标值5）"


def always_refuses(project):
    return False


def always_allows(project):
    return True


def test_a_plain_condition_is_reported_by_its_name():
    project = object()
    assert rules.unmet([always_allows], project) == []
    assert rules.unmet([always_refuses], project) == ["不满足条件：always_refuses"]
    assert rules.unmet([always_allows, always_refuses, always_refuses], project) == ["不满足条件：always_refuses"] * 2


def refusal(project, name, actor):
    before = (Project.objects.get(pk=project.pk).state, ProjectTransition.objects.filter(project=project).count())
    with pytest.raises(Refusal) as raised:
        transition(project=Project.objects.get(pk=project.pk), name=name, actor=actor, comment="意见")
    assert (Project.objects.get(pk=project.pk).state, ProjectTransition.objects.filter(project=project).count()) == before
    return raised.value.message


@pytest.mark.django_db
def test_a_review_whose_every_expert_was_withdrawn_does_not_close(draft, actors):
    """第十六条: no expert left, no review: closing it is refused, not waved through."""
    from apps.review.models import ReviewAssignment

    project = bring_to(draft, "under_review", actors=actors)
    ReviewAssignment.objects.filter(project=project).update(status=ReviewAssignment.Status.RECUSED)
    assert refusal(project, "close_review", actors["agency"]) == "根据第十六条，该项目没有评审专家，不能结束评审。"


@pytest.mark.django_db
def test_no_list_without_a_level(draft, actors):
    """第四条/第十七条: a project is put on the list with its level decided."""
    project = bring_to(draft, "reviewed", actors=actors)
    Project.objects.filter(pk=project.pk).update(award_level="")
    assert refusal(project, "publicize", actors["commission"]) == "请先确定奖项等级（一等奖、二等奖或三等奖，第四条）。"


@pytest.mark.django_db
def test_no_award_without_a_notice(draft, actors):
    """第十七条: a project whose notice has no end date has not been publicised."""
    project = bring_to(draft, "publicized", actors=actors)
    Project.objects.filter(pk=project.pk).update(notice_ends_on=None)
    assert refusal(project, "award", actors["commission"]) == "该项目尚未公示，公示期满后方可公布获奖名单（第十七条）。"


@pytest.mark.django_db
def test_no_approval_while_the_duplicate_check_is_running(draft, actors):
    """第七条(四): the commission approves on a finished duplicate check."""
    from apps.projects.models import ProjectFingerprint

    project = bring_to(draft, "recommended", actors=actors)
    # The check queued at submission has not run yet (its task runs after the commit).
    ProjectFingerprint.objects.update_or_create(
        project=project, defaults={"year": project.campaign.year, "text_hash": "0" * 64, "status": "pending", "matches": []}
    )
    assert refusal(project, "approve", actors["commission"]) == "根据第七条(四)，该项目正在查重（查重中…），查重完成后方可立项审核通过。"


@pytest.mark.django_db
def test_a_project_found_duplicate_is_never_approved(draft, actors):
    """第七条(四): record_finding rejects a 雷同 project in the same step; the approval rule holds
    even on a 雷同 finding recorded otherwise (a row written by hand)."""
    from apps.projects.models import Finding, ProjectFingerprint, SimilarityFinding

    project = bring_to(draft, "recommended", actors=actors)
    match = {"project": 1, "number": "2020-001", "title": "降低焊接返修率", "year": 2020, "score": 1.0}
    ProjectFingerprint.objects.update_or_create(
        project=project, defaults={"year": project.campaign.year, "text_hash": "0" * 64, "status": "done", "matches": [match]}
    )
    SimilarityFinding.objects.create(project=project, finding=Finding.DUPLICATE, reason="与往年项目雷同", matches=[match])
    assert refusal(project, "approve", actors["commission"]) == "根据第七条(四)，该项目已认定与往年项目雷同，不能立项。"


@pytest.mark.django_db
def test_results_without_summary_measured_values_or_material_are_refused(draft, actors):
    """第十四条: the results material has its summary, every metric's measured value and its file."""
    project = bring_to(draft, "in_progress", actors=actors)
    before = (Project.objects.get(pk=project.pk).state, ProjectTransition.objects.filter(project=project).count())
    with pytest.raises(Refusal) as raised:
        transition(project=Project.objects.get(pk=project.pk), name="submit_results", actor=actors["applicant"], commitment=True)
    assert raised.value.message == (
        "根据第十四条，请填写成果总结；根据第十四条，请填写以下指标的实际值：返修率；根据第十四条，请上传成果材料附件。"
    )
    assert (Project.objects.get(pk=project.pk).state, ProjectTransition.objects.filter(project=project).count()) == before
