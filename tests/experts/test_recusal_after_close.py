"""第二十二条 after the review has closed: a score excluded by a later recusal changes the
panel's proposal — recomputed from the remaining valid scores by the same ranking — until the
commission has decided the list; from then on the proposal stays as decided and the gap is
flagged to the commission."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.awards.models import ListEntry
from apps.awards.services.decisions import open_list, set_level

from apps.projects.models import Project
from apps.projects.services import transition
from apps.review import services
from apps.review.models import ProposalEntry, ReviewAssignment, ReviewAuditEvent

from .conftest import full_points, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_review(make_expert, make_project, make_panel, agency, small_campaign, organization, other_org):
    """Two projects, each scored by the panel's 3 experts, the review closed. Project A
    (``organization``) gets 100, 100 and 40 from the third expert: 80. Project B gets 90 × 3: 90."""
    experts = [make_expert(f"评审专家{i}", phone=f"1380000000{i}") for i in range(3)]
    a = make_project(title="项目甲")
    b = make_project(org=other_org, title="项目乙")
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=[a, b], actor=agency, seed="s")
    for expert in experts:
        sign(expert, small_campaign)
    late = experts[2]
    for assignment in ReviewAssignment.objects.select_related("expert__user", "panel__campaign", "project"):
        share = 0.9 if assignment.project_id == b.pk else (0.4 if assignment.expert_id == late.pk else 1.0)
        services.save_score(assignment=assignment, actor=assignment.expert.user, points=full_points(assignment, share), comment="评语", submit=True)
    services.close_review(campaign=small_campaign, actor=agency)
    return a, b, late


def entry(project):
    e = ProposalEntry.objects.get(project=project)
    return e.rank, str(e.score), e.score_count, e.finalised


def test_a_recusal_after_closing_recomputes_the_proposal_before_the_list_is_decided(
    closed_review, organization, commission, django_capture_on_commit_callbacks
):
    a, b, late = closed_review
    assert entry(a) == (2, "80.000", 3, True) and entry(b) == (1, "90.000", 3, True)
    # The commission has opened its draft list and drafted a level of its own for B.
    open_list(campaign=a.campaign, actor=commission)
    set_level(entry=ListEntry.objects.get(project=b), level="third", actor=commission)
    with django_capture_on_commit_callbacks(execute=True):
        services.declare_conflict(expert=late, organization=organization, reason="事后发现亲属任职", actor=late.user)
    # The 40 no longer counts: A is (100 + 100) / 2 = 100 and first; the proposal stays final.
    assert entry(a) == (1, "100.000", 2, True) and entry(b) == (2, "90.000", 3, True)
    assert ProposalEntry.objects.get(project=a).proposed_level == "first"
    assert ProposalEntry.objects.get(project=b).proposed_level == "first"
    note = ProposalEntry.objects.get(project=a).gap_note
    assert note == "评审专家2回避（第二十二条），其评分不计入；已按其余2个有效评分重新计算：第2名、80.000分、建议二等奖 → 第1名、100.000分、建议一等奖。"
    event = ReviewAuditEvent.objects.get(action="proposal_recomputed", project=a)
    assert event.message == "评审结束后评审专家2回避（第二十二条），建议名单已按其余有效评分重新计算：“项目甲”第2名、80.000分、建议二等奖 → 第1名、100.000分、建议一等奖；“项目乙”第1名 → 第2名。"
    told = commission.notifications.get(title="评审建议名单已重新计算：项目甲")
    assert event.message in told.body and "第二十二条" in told.body
    # The draft list follows the proposal; the level the commission drafted stays its own.
    drafted = {e.project_id: (e.rank, str(e.score), e.proposed_level, e.level) for e in ListEntry.objects.all()}
    assert drafted == {a.pk: (1, "100.00", "first", "second"), b.pk: (2, "90.00", "first", "third")}


def test_the_commission_sees_the_recomputation_on_the_ranking_and_on_its_list(client, closed_review, organization, commission):
    a, b, late = closed_review
    open_list(campaign=a.campaign, actor=commission)
    services.declare_conflict(expert=late, organization=organization, reason="事后发现亲属任职", actor=late.user)
    note = "评审专家2回避（第二十二条），其评分不计入；已按其余2个有效评分重新计算：第2名、80.000分、建议二等奖 → 第1名、100.000分、建议一等奖。"
    client.force_login(commission)
    assert note in client.get(reverse("experts:results")).content.decode()
    assert note in client.get(reverse("awards:decide", args=[a.campaign.year])).content.decode()


def test_once_the_list_is_decided_the_proposal_stays_and_the_gap_goes_to_the_commission(
    closed_review, organization, commission, django_capture_on_commit_callbacks
):
    a, b, late = closed_review
    for project, level in ((b, "first"), (a, "second")):
        Project.objects.filter(pk=project.pk).update(award_level=level)
        transition(
            project=project, name="publicize", actor=commission, expected_state="reviewed",
            notice_ends_on=timezone.localdate() + datetime.timedelta(days=6),
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.declare_conflict(expert=late, organization=organization, reason="事后发现亲属任职", actor=late.user)
    assert ReviewAssignment.objects.get(project=a, expert=late).status == "recused"
    # Not silently changed: rank, score and count as decided.
    assert entry(a) == (2, "80.000", 3, True) and entry(b) == (1, "90.000", 3, True)
    note = ProposalEntry.objects.get(project=a).gap_note
    assert note == "评审专家2回避（第二十二条），其评分不计入；获奖名单已由市市场监管委确定，建议名单未作变更，请市市场监管委处理。"
    assert not ReviewAuditEvent.objects.filter(action="proposal_recomputed").exists()
    event = ReviewAuditEvent.objects.get(action="proposal_gap_flagged", project=a)
    assert event.message == "评审结束后评审专家2回避（第二十二条），其评分不计入；获奖名单已由市市场监管委确定，建议名单未作变更，请市市场监管委处理。"
    told = commission.notifications.get(title="评审缺额待市市场监管委处理：项目甲")
    assert event.message in told.body
