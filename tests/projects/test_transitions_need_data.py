"""Transitions that need more than a comment hold their rule in the domain (第十六条, 第二十一条):
called directly without their data they are refused with the article, and the project is
unchanged; the generic action URL refuses them whatever the data."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.core.exceptions import Refusal
from apps.organizations.models import OrganizationBan
from apps.projects.models import Project, ProjectTransition
from apps.projects.services import TransitionRefused, transition
from apps.projects.workflow import edges
from tests.factories import (
    assign_experts,
    bring_to,
    complete_review,
    make_user,
    prepare,
    revocation_record,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Every transition that needs more than a comment, written out: the action URL refuses each.
NEED_MORE_THAN_A_COMMENT = [
    "submit",
    "resubmit",
    "submit_results",
    "recommend",
    "decline",
    "recommend_results",
    "decline_results",
    "publish_plan",
    "assign_to_panel",
    "close_review",
    "publicize",
    "award",
    "not_award",
    "revoke",
    "halt",
]


def snapshot(project):
    row = Project.objects.get(pk=project.pk)
    return (row.state, row.updated_at, ProjectTransition.objects.filter(project=project).count())


def refused(project, name, actor, **kwargs):
    before = snapshot(project)
    with pytest.raises(Refusal) as exc:
        transition(project=project, name=name, actor=actor, comment="理由", **kwargs)
    assert snapshot(project) == before
    return exc.value


# ---- revoke (第二十一条) -------------------------------------------------------------------


def test_revoke_without_a_revocation_record_is_refused_and_starts_no_ban(draft, actors):
    project = bring_to(draft, "awarded", actors=actors)
    refusal = refused(project, "revoke", actors["commission"])
    assert refusal.code == "needs"
    assert "第二十一条" in refusal.message and "证据材料" in refusal.message
    assert refusal.article == "第二十一条"
    assert not OrganizationBan.objects.exists()


@pytest.mark.parametrize("reason,evidence", [("", True), ("   ", True), ("成果数据造假", False)])
def test_revoke_with_a_record_missing_reason_or_evidence_is_refused(draft, actors, reason, evidence):
    project = bring_to(draft, "awarded", actors=actors)
    record = revocation_record(actors["commission"], reason=reason)
    if not evidence:
        record.evidence = None
    refusal = refused(project, "revoke", actors["commission"], revocation=record)
    assert "根据第二十一条" in refusal.message
    assert not OrganizationBan.objects.exists()


def test_revoke_with_its_record_saves_it_with_the_ban(draft, actors):
    from apps.awards.models import Revocation

    project = bring_to(draft, "awarded", actors=actors)
    transition(project=project, name="revoke", actor=actors["commission"], comment="造假", revocation=revocation_record(actors["commission"]))
    revocation = Revocation.objects.get(project=project)
    assert revocation.ban == OrganizationBan.objects.get(project=project)
    assert revocation.evidence.read().startswith(b"%PDF")


# ---- assign_to_panel and close_review (第十六条) ----------------------------------------------


def test_assign_to_panel_without_assigned_experts_is_refused(draft, actors):
    project = bring_to(draft, "results_recommended", actors=actors)
    refusal = refused(project, "assign_to_panel", actors["agency"])
    assert refusal.message == "根据第十六条，该项目尚未抽取分配评审专家，不能分配评审组。"


def test_close_review_with_four_of_five_scores_and_the_panel_open_is_refused(draft, actors):
    from apps.review.models import Score

    project = bring_to(draft, "results_recommended", actors=actors)
    assign_experts(project, experts=5)
    transition(project=project, name="assign_to_panel", actor=actors["agency"])
    for assignment in project.review_assignments.order_by("pk")[:4]:
        Score.objects.create(assignment=assignment, status=Score.Status.SUBMITTED, total=80)
    refusal = refused(project, "close_review", actors["agency"])
    assert refusal.message == (
        "根据第十六条，评审专家的评分尚未全部提交（已提交4份，共5份），不能结束评审；"
        "根据第十六条，评审组尚未结束评审，不能结束该项目的评审。"
    )


def test_close_review_with_every_score_but_the_panel_open_is_refused(draft, actors):
    from apps.review.models import Panel

    project = bring_to(draft, "under_review", actors=actors)
    complete_review(project)
    Panel.objects.update(status=Panel.Status.OPEN, closed_at=None)
    refusal = refused(project, "close_review", actors["agency"])
    assert refusal.message == "根据第十六条，评审组尚未结束评审，不能结束该项目的评审。"
    Panel.objects.update(status=Panel.Status.CLOSED)
    transition(project=project, name="close_review", actor=actors["agency"])
    assert project.state == "reviewed"


def test_a_recused_experts_missing_score_does_not_hold_the_review(draft, actors):
    from apps.review.models import ReviewAssignment

    project = bring_to(draft, "under_review", actors=actors)
    assign_experts(project)
    extra = project.review_assignments.order_by("pk").last()
    ReviewAssignment.objects.filter(pk=extra.pk).update(status=ReviewAssignment.Status.RECUSED)
    complete_review(project)
    transition(project=project, name="close_review", actor=actors["agency"])
    assert project.state == "reviewed"


# ---- review_closes gates both (第十六条, issue: each phase's closing date) --------------------

REVIEW_CLOSES = datetime.date(2030, 6, 30)


@pytest.fixture
def review_closes_on_30_june_2030(campaign):
    campaign.review_closes = REVIEW_CLOSES
    campaign.save(update_fields=["review_closes"])
    return campaign


@pytest.mark.parametrize(
    "moment,allowed",
    [
        (datetime.datetime(2030, 6, 29, 12, 0, tzinfo=SHANGHAI), True),
        (datetime.datetime(2030, 6, 30, 23, 59, tzinfo=SHANGHAI), True),
        (datetime.datetime(2030, 7, 1, 0, 30, tzinfo=SHANGHAI), False),
    ],
    ids=["day-before", "the-day", "day-after"],
)
@pytest.mark.parametrize("name,source", [("assign_to_panel", "results_recommended"), ("close_review", "under_review")])
def test_review_closes_gates_the_panel(draft, actors, review_closes_on_30_june_2030, moment, allowed, name, source):
    project = bring_to(draft, source, actors=actors)
    needed = prepare(project, name, actor=actors["agency"])
    with time_machine.travel(moment, tick=False):
        if allowed:
            transition(project=project, name=name, actor=actors["agency"], **needed)
            assert project.state != source
        else:
            refusal = refused(project, name, actors["agency"], **needed)
            year = review_closes_on_30_june_2030.year
            assert refusal.message == f"根据{year}年度工作方案（第十六条），评审已于2030-06-30截止。"


# ---- 第二十一条: revocation halts the organisation's other running projects --------------------


def test_revocation_halts_the_organisations_running_projects_with_a_logged_reason(campaign, organization, recommender_unit, actors):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.awards.services.revocation import revoke_award
    from tests.factories import ready_application

    def application(title):
        return ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=actors["applicant"], title=title)

    awarded = bring_to(application("获奖项目"), "awarded", actors=actors)
    running = bring_to(application("实施中项目"), "in_progress", actors=actors)
    under_review = bring_to(application("评审中项目"), "under_review", actors=actors)
    draft = application("草稿项目")
    finished = bring_to(application("未获推荐项目"), "not_recommended", actors=actors)

    revoke_award(
        project=awarded, actor=actors["commission"], reason="成果数据造假", evidence=SimpleUploadedFile("核查报告.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    states = dict(Project.objects.values_list("title", "state"))
    assert states == {
        "获奖项目": "revoked",
        "实施中项目": "halted",
        "评审中项目": "halted",
        "草稿项目": "draft",
        "未获推荐项目": "not_recommended",
    }
    for project in (running, under_review):
        log = ProjectTransition.objects.get(project=project, transition="halt")
        assert log.from_state in ("in_progress", "under_review") and log.to_state == "halted"
        assert log.actor == actors["commission"]
        assert log.comment.startswith("根据第二十一条，本组织项目ZLGG")
        assert "《获奖项目》的奖项因弄虚作假被撤销" in log.comment
    assert draft.pk and finished.pk


def test_halt_needs_the_organisation_to_be_barred(draft, actors):
    project = bring_to(draft, "in_progress", actors=actors)
    refusal = refused(project, "halt", actors["commission"])
    assert refusal.message == "根据第二十一条，只有奖项被撤销、限制申报期内的组织的在办项目才终止。"


# ---- the generic action URL ---------------------------------------------------------------------


def test_the_list_of_what_needs_more_than_a_comment_is_the_code():
    assert sorted({e.name for e in edges() if not e.via_action_url}) == sorted(NEED_MORE_THAN_A_COMMENT)


SOURCE_AND_ACTOR = {
    "submit": ("draft", "applicant"),
    "resubmit": ("returned", "applicant"),
    "submit_results": ("in_progress", "applicant"),
    "recommend": ("submitted", "recommender"),
    "decline": ("submitted", "recommender"),
    "recommend_results": ("results_submitted", "recommender"),
    "decline_results": ("results_submitted", "recommender"),
    "publish_plan": ("approved", "commission"),
    "assign_to_panel": ("results_recommended", "agency"),
    "close_review": ("under_review", "agency"),
    "publicize": ("reviewed", "commission"),
    "award": ("publicized", "commission"),
    "not_award": ("reviewed", "commission"),
    "revoke": ("awarded", "commission"),
    "halt": ("in_progress", "commission"),
}


@pytest.mark.parametrize("name", NEED_MORE_THAN_A_COMMENT)
def test_the_action_url_refuses_what_needs_more_than_a_comment(name, draft, actors, client):
    source, who = SOURCE_AND_ACTOR[name]
    project = bring_to(draft, source, actors=actors)
    prepare(project, name, actor=actors["commission"])  # even with its data ready
    if name == "publicize":
        Project.objects.filter(pk=project.pk).update(award_level="second")
    before = snapshot(project)
    client.force_login(actors[who])
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f'data-action="{name}"' not in page
    response = client.post(
        reverse("projects:act", args=[project.pk]), {"name": name, "comment": "理由", "expected_state": source}, follow=True
    )
    assert snapshot(project) == before
    shown = [str(m) for m in response.context["messages"]]
    assert any("不能在项目页直接办理" in m or "推荐单位审核页面" in m or "勾选确认（第二十一条）" in m for m in shown), shown


def test_the_action_url_still_fires_a_comment_only_transition(draft, actors, client):
    project = bring_to(draft, "recommended", actors=actors)
    client.force_login(actors["commission"])
    client.post(reverse("projects:act", args=[project.pk]), {"name": "approve", "comment": "", "expected_state": "recommended"})
    assert Project.objects.get(pk=project.pk).state == "approved"


def test_refusals_are_one_type_carrying_the_article(draft, actors):
    assert TransitionRefused is Refusal
    project = bring_to(draft, "awarded", actors=actors)
    outsider = make_user("专家")
    refusal = refused(project, "revoke", outsider, revocation=revocation_record())
    assert refusal.code == "permission" and refusal.article == "第二十一条"
