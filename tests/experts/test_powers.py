"""第五条(二)、第十六条、第二十二条、第二十三条: who may see and change the panel's proposal.

- a chair sees only the own panel's projects, never one they are conflicted with, and cannot
  change a conflicted project's level;
- the campaign-wide ranking and its export are the commission's; the agency may read them;
- the agency prepares the review and never decides or changes a level."""

import pytest
from django.urls import reverse

from apps.review import services
from apps.review.models import ProposalEntry, ReviewAssignment

from .conftest import full_points, sign


@pytest.fixture
def two_panels(make_expert, make_project, make_panel, agency, small_campaign, organization, other_org):
    """Panel A reviews projects pa1 (the fixture organisation) and pa2 (other_org); its chair
    works for pa1's applicant, so was kept off pa1 at assignment (第二十二条). Panel B (chair b0)
    reviews pb. Every score is in: pa1 90, pa2 80, pb 70."""
    chair_a = make_expert("甲组长", employer_name="申报单位", employer_credit_code=organization.credit_code)
    a_experts = [chair_a] + [make_expert(f"甲组{i}") for i in range(3)]
    b_experts = [make_expert(f"乙组{i}") for i in range(3)]
    pa1 = make_project(title="甲组项目一")
    pa2 = make_project(org=other_org, title="甲组项目二")
    pb = make_project(title="乙组项目")
    panel_a, panel_b = make_panel(a_experts, name="甲组"), make_panel(b_experts, name="乙组")
    services.assign_projects(panel=panel_a, projects=[pa1, pa2], actor=agency)
    services.assign_projects(panel=panel_b, projects=[pb], actor=agency)
    for e in a_experts + b_experts:
        sign(e, small_campaign)
    for p, share in ((pa1, 0.9), (pa2, 0.8), (pb, 0.7)):
        for a in ReviewAssignment.objects.filter(project=p).select_related("panel__campaign", "project", "expert__user"):
            services.save_score(assignment=a, actor=a.expert.user, points=full_points(a, share), comment="评语", submit=True)
    return {"pa1": pa1, "pa2": pa2, "pb": pb, "panel_a": panel_a, "panel_b": panel_b, "chair_a": a_experts[0], "chair_b": b_experts[0]}


# ---- the domain ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_agency_never_changes_a_level(two_panels, agency):
    entry = ProposalEntry.objects.get(project=two_panels["pb"])
    before = entry.proposed_level
    with pytest.raises(services.ReviewRefused, match=r"第五条\(二\)、第十六条") as exc:
        services.adjust_level(entry=entry, level="", actor=agency, note="第三方机构调整")
    assert "不决定、不调整奖项等级" in exc.value.message
    entry.refresh_from_db()
    assert entry.proposed_level == before and entry.adjusted_by is None
    assert services.can_adjust(agency, entry.campaign, entry.project) is False


@pytest.mark.django_db
def test_the_commission_does_not_adjust_the_panels_proposal(two_panels, commission):
    entry = ProposalEntry.objects.get(project=two_panels["pb"])
    with pytest.raises(services.ReviewRefused, match="第十六条"):
        services.adjust_level(entry=entry, level="third", actor=commission, note="x")


@pytest.mark.django_db
def test_a_conflicted_chair_cannot_raise_the_level(two_panels, organization):
    chair = two_panels["chair_a"]
    assert not ReviewAssignment.objects.filter(expert=chair, project=two_panels["pa1"]).exists()
    entry = ProposalEntry.objects.get(project=two_panels["pa1"])
    before = entry.proposed_level
    with pytest.raises(services.ReviewRefused, match="第二十二条") as exc:
        services.adjust_level(entry=entry, level="first", actor=chair.user, note="本单位项目，提为一等奖")
    assert "不能调整其建议等级" in exc.value.message
    entry.refresh_from_db()
    assert entry.proposed_level == before and entry.adjusted_by is None
    # The same chair still adjusts the unconflicted project of the own panel.
    other = ProposalEntry.objects.get(project=two_panels["pa2"])
    services.adjust_level(entry=other, level="second", actor=chair.user, note="组内讨论后调整")
    assert ProposalEntry.objects.get(project=two_panels["pa2"]).proposed_level == "second"


@pytest.mark.django_db
def test_a_chair_who_is_conflicted_but_not_a_scorer_cannot_adjust(two_panels, organization, make_expert, agency):
    # Panel B gets a spare member, so chair_b's withdrawn assignment on pb is replaced and pb
    # keeps a result; chair_b stays the chair but is now conflicted with pb.
    spare = make_expert("乙组备用")
    services.add_panel_member(panel=two_panels["panel_b"], expert=spare, actor=agency)
    chair = two_panels["chair_b"]
    services.declare_conflict(expert=chair, organization=organization, reason="近3年曾在该单位任职", actor=chair.user)
    new = ReviewAssignment.objects.select_related("expert__user", "panel__campaign", "project").get(expert=spare)
    sign(spare, new.panel.campaign)
    services.save_score(assignment=new, actor=spare.user, points=full_points(new, 0.7), comment="评语", submit=True)
    entry = ProposalEntry.objects.get(project=two_panels["pb"])
    with pytest.raises(services.ReviewRefused, match="第二十二条"):
        services.adjust_level(entry=entry, level="third", actor=chair.user, note="x")
    entry.refresh_from_db()
    assert entry.adjusted_by is None


@pytest.mark.django_db
def test_a_chair_sees_only_the_own_panel_without_conflicted_projects(two_panels, organization, small_campaign, agency, commission):
    chair_a, chair_b = two_panels["chair_a"], two_panels["chair_b"]
    pa2, pb = two_panels["pa2"], two_panels["pb"]
    # chair_a works for pa1's applicant: only pa2 of the own panel.
    assert services.visible_proposal_projects(chair_a.user, small_campaign) == {pa2.pk}
    assert services.visible_proposal_projects(chair_b.user, small_campaign) == {pb.pk}
    # A conflict recorded later hides the project at once.
    services.declare_conflict(expert=chair_a, organization=pa2.organization, reason="亲属任职", actor=chair_a.user)
    assert services.visible_proposal_projects(chair_a.user, small_campaign) == set()
    assert services.visible_proposal_projects(agency, small_campaign) is None
    assert services.visible_proposal_projects(commission, small_campaign) is None


@pytest.mark.django_db
def test_a_plain_member_sees_no_ranking(two_panels, small_campaign):
    member = ReviewAssignment.objects.filter(panel=two_panels["panel_a"]).exclude(expert=two_panels["chair_a"]).first().expert
    with pytest.raises(services.ReviewRefused, match="第二十三条"):
        services.visible_proposal_projects(member.user, small_campaign)


@pytest.mark.django_db
def test_only_programme_staff_export_the_ranking(two_panels, agency, commission):
    assert services.may_export_ranking(commission) and services.may_export_ranking(agency)
    assert not services.may_export_ranking(two_panels["chair_a"].user)


# ---- the screens -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_results_page_of_a_chair_lists_the_own_panel_only(client, two_panels, organization, agency):
    chair = two_panels["chair_a"]
    client.force_login(chair.user)
    body = client.get(reverse("experts:results")).content.decode()
    # pa1 is the chair's employer's project: neither it nor panel B's project is listed.
    assert "甲组项目二" in body and "甲组项目一" not in body and "乙组项目" not in body
    assert "最佳组织奖" not in body and "导出Excel" not in body
    assert client.get(reverse("experts:results_export")).status_code == 403
    entry = ProposalEntry.objects.get(project=two_panels["pa1"])
    r = client.post(reverse("experts:adjust", args=[entry.pk]), {"level": "first", "note": "提为一等奖"})
    assert r.status_code == 403
    entry.refresh_from_db()
    assert entry.adjusted_by is None


@pytest.mark.django_db
def test_the_agency_reads_everything_but_gets_no_adjust_form(client, two_panels, agency):
    client.force_login(agency)
    body = client.get(reverse("experts:results")).content.decode()
    assert "甲组项目一" in body and "乙组项目" in body and "最佳组织奖建议（第十六条" in body
    assert 'action="/review/results/entries/' not in body and "调整理由" not in body
    assert client.get(reverse("experts:results_export")).status_code == 200
    entry = ProposalEntry.objects.get(project=two_panels["pb"])
    r = client.post(reverse("experts:adjust", args=[entry.pk]), {"level": "", "note": "第三方机构调整"})
    assert r.status_code == 403
    entry.refresh_from_db()
    assert entry.adjusted_by is None
