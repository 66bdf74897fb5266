"""第十六条 aggregation and ranking on hand-computed examples; 第四条 quotas never exceeded,
also by the chair's adjustments; closing the review hands the proposal on."""

import pytest

from apps.review import ranking, services
from apps.review.models import BestOrganizationEntry, Panel, ProposalEntry, ReviewAssignment
from apps.review.selectors import best_organization_proposal, proposal_for_campaign
from apps.projects.states import State

from .conftest import sign


def rows(table):
    """{project: {expert: total or None}} → the rows aggregate() takes."""
    return [(p, e, t) for p, scores in table.items() for e, t in scores.items()]


def test_trimmed_mean_ties_and_exclusions():
    results = ranking.aggregate(
        rows(
            {
                1: {"a": 90, "b": 80, "c": 70, "d": 60, "e": 100},  # 5 scores: drop 100 and 60 → 80
                2: {"a": 85, "b": 75, "c": 80},  # fewer than 5: plain mean → 80
                3: {"a": 80, "b": 80, "c": 80, "d": 80},  # 80
                4: {"a": 70, "b": None},  # unfinished: no result at all (never a zero)
            }
        )
    )
    assert set(results) == {1, 2, 3}
    assert results[1].raw == 80 and results[1].mean_all == 80 and results[1].spread == 40 and results[1].flagged
    assert results[2].raw == 80 and not results[2].flagged
    # All three at 80 and with the same untrimmed mean: the higher lowest score goes first.
    ordered = ranking.rank(results)
    assert [r.project_id for r in ordered] == [3, 2, 1]
    assert [r.rank for r in ordered] == [1, 2, 3]


def test_tie_broken_by_submission_time_then_number():
    import datetime

    results = ranking.aggregate(rows({7: {"a": 88, "b": 90}, 5: {"a": 88, "b": 90}, 6: {"a": 88, "b": 90}}))
    t = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.timezone.utc)
    submitted = {7: t, 5: t + datetime.timedelta(hours=1), 6: t + datetime.timedelta(hours=1)}
    assert [r.project_id for r in ranking.rank(results, submitted)] == [7, 5, 6]


def test_untrimmed_mean_breaks_a_tie_of_trimmed_means():
    results = ranking.aggregate(
        rows({1: {"a": 70, "b": 80, "c": 80, "d": 80, "e": 90}, 2: {"a": 60, "b": 80, "c": 80, "d": 80, "e": 90}})
    )
    assert results[1].final == results[2].final == 80
    assert [r.project_id for r in ranking.rank(results)] == [1, 2]


def test_normalisation_by_hand():
    table = {
        "X": {"A": 90, "B": 70},
        "Y": {"A": 70, "B": 74, "C": 80},
        "Z": {"B": 78, "C": 76},
    }
    raw = ranking.aggregate(rows(table))
    assert [r.project_id for r in ranking.rank(raw)] == ["X", "Z", "Y"]
    assert raw["X"].raw == 80 and raw["Z"].raw == 77 and raw["Y"].raw == pytest.approx(74.6667, abs=1e-4)
    # A: μ80 σ10 → X +1, Y −1; B: μ74 σ3.266 → X −1.2247, Y 0, Z +1.2247; C: μ78 σ2 → Y +1, Z −1.
    # Mean z: X −0.1124, Y 0, Z +0.1124 → rescaled onto [74.667, 80].
    norm = ranking.aggregate(rows(table), normalise=True)
    assert norm["Z"].final == pytest.approx(80)
    assert norm["X"].final == pytest.approx(74.6667, abs=1e-4)
    assert norm["Y"].final == pytest.approx(77.3333, abs=1e-4)
    assert [r.project_id for r in ranking.rank(norm)] == ["Z", "Y", "X"]


def test_levels_respect_quotas_minimums_and_fixed_choices():
    def ordered(finals):
        res = ranking.aggregate(rows({i: {"a": f} for i, f in enumerate(finals, start=1)}))
        return ranking.rank(res)

    quotas = {"first": 1, "second": 1, "third": 1}
    levels = [r.level for r in ranking.propose_levels(ordered([91, 90, 85, 80]), quotas=quotas, minimums={"first": 92})]
    assert levels == ["second", "third", "", ""]
    levels = [r.level for r in ranking.propose_levels(ordered([91, 90, 85, 80]), quotas=quotas, fixed={4: "first"})]
    assert levels == ["second", "third", "", "first"]
    levels = [r.level for r in ranking.propose_levels(ordered([99, 98, 97, 96, 95]), quotas={"first": 2, "second": 1, "third": 1})]
    assert levels == ["first", "first", "second", "third", ""]
    # Adjustments beyond a quota lowered afterwards: the best-ranked keeps it, the other is re-proposed.
    levels = [r.level for r in ranking.propose_levels(ordered([91, 90, 85, 80]), quotas=quotas, fixed={3: "first", 4: "first"})]
    assert levels == ["second", "third", "first", ""]


def test_best_organisation_formula():
    units = ranking.best_organizations(
        {1: 10, 2: 5, 3: 2, 4: 5}, [(1, "third"), (2, "first"), (2, "second"), (4, "third"), (4, "third")], quota=2
    )
    by_id = {u.recommender_id: u for u in units}
    assert by_id[1].score == pytest.approx(40 + 30)
    assert by_id[2].score == pytest.approx(20 + 60)
    assert by_id[4].score == pytest.approx(20 + 60)
    assert by_id[3].score == pytest.approx(8)
    # 2 and 4 tie on the score; 2's awards weigh more (3+2 > 1+1).
    assert [u.recommender_id for u in units] == [2, 4, 1, 3]
    assert [u.proposed for u in units] == [True, True, False, False]


# ---- in the database ----------------------------------------------------------------------


@pytest.fixture
def scored(make_expert, make_project, make_panel, agency, small_campaign):
    """Three projects, three experts each, all scores in: totals 90/80/70 by project."""
    experts = [make_expert() for _ in range(3)]
    projects = [make_project() for _ in range(3)]
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=projects, actor=agency)
    for e in experts:
        sign(e, small_campaign)
    for share, p in zip((0.9, 0.8, 0.7), projects):
        for a in ReviewAssignment.objects.filter(project=p).select_related("panel__campaign", "project"):
            criteria = small_campaign.rubric_for(p.project_type)
            points = {c.pk: c.max_points * share for c in criteria}
            services.save_score(assignment=a, actor=a.expert.user, points=points, comment="评语", submit=True)
    return {"projects": projects, "panel": panel, "experts": experts}


@pytest.mark.django_db
def test_proposal_is_ranked_and_written(scored, small_campaign):
    entries = list(proposal_for_campaign(small_campaign))
    assert [e.project for e in entries] == scored["projects"]
    assert [float(e.score) for e in entries] == [90, 80, 70]
    # Minimum scores 85 / 75 / 60 (the work plan's defaults): 90, 80 and 70 get one level each.
    assert [e.proposed_level for e in entries] == ["first", "second", "third"]
    units = list(best_organization_proposal(small_campaign))
    assert len(units) == 1 and units[0].proposed and units[0].proposed_awards == 3


@pytest.mark.django_db
def test_chair_adjustments_never_exceed_a_quota(scored, small_campaign, agency, make_expert):
    small_campaign.quota_first = 1
    small_campaign.quota_second = 1
    small_campaign.save()  # the open proposal follows the new quotas at once (第四条)
    assert [e.proposed_level for e in proposal_for_campaign(small_campaign)] == ["first", "second", "third"]
    chair = scored["panel"].chair.user
    third = ProposalEntry.objects.get(rank=3)
    services.adjust_level(entry=third, level="first", actor=chair, note="效果突出，组长提议")
    levels = {e.rank: e.proposed_level for e in proposal_for_campaign(small_campaign)}
    assert levels == {1: "second", 2: "third", 3: "first"}  # the others moved down, quota kept
    with pytest.raises(services.ReviewRefused, match="第四条"):
        services.adjust_level(entry=ProposalEntry.objects.get(rank=1), level="first", actor=chair, note="再加一个")
    assert ProposalEntry.objects.filter(proposed_level="first").count() == 1
    # A plain expert may not adjust.
    other = make_expert()
    with pytest.raises(services.ReviewRefused):
        services.adjust_level(entry=third, level="", actor=other.user, note="x")
    # Through the view the refusal is shown, nothing changes.
    from django.test import Client
    from django.urls import reverse

    c = Client()
    c.force_login(chair)
    r = c.post(reverse("experts:adjust", args=[ProposalEntry.objects.get(rank=2).pk]), {"level": "first", "note": "y"}, follow=True)
    assert "第四条" in r.content.decode()
    assert ProposalEntry.objects.filter(proposed_level="first").count() == 1
    # A quota lowered after the chair's adjustment: the adjustment gives way, the quota holds.
    small_campaign.quota_first = 0
    small_campaign.save()
    assert not ProposalEntry.objects.filter(proposed_level="first").exists()


@pytest.mark.django_db
def test_close_review_moves_projects_and_finalises(scored, small_campaign, agency, make_project):
    services.close_review(campaign=small_campaign, actor=agency)
    for p in scored["projects"]:
        p.refresh_from_db()
        assert p.state == State.REVIEWED
    assert not Panel.objects.filter(status="open").exists()
    assert all(e.finalised for e in ProposalEntry.objects.all())
    assert all(u.finalised for u in BestOrganizationEntry.objects.all())
    with pytest.raises(services.ReviewRefused, match="评审已结束"):
        services.adjust_level(entry=ProposalEntry.objects.first(), level="", actor=scored["panel"].chair.user, note="x")


@pytest.mark.django_db
def test_close_refused_while_scores_are_missing(make_expert, make_project, make_panel, agency, small_campaign):
    experts = [make_expert() for _ in range(3)]
    project = make_project()
    services.assign_projects(panel=make_panel(experts), projects=[project], actor=agency)
    with pytest.raises(services.ReviewRefused, match="未全部提交"):
        services.close_review(campaign=small_campaign, actor=agency)
    project.refresh_from_db()
    assert project.state == State.UNDER_REVIEW


@pytest.mark.django_db
def test_recused_scores_are_excluded_not_zero(scored, small_campaign, agency, make_expert):
    # Reopen one score of the top project: it drops out of the ranking until resubmitted.
    top = scored["projects"][0]
    score = ReviewAssignment.objects.filter(project=top).first().score
    services.reopen_score(score=score, actor=agency, reason="核对")
    assert not ProposalEntry.objects.filter(project=top).exists()


@pytest.mark.django_db
def test_a_chair_adjusts_only_the_projects_of_the_own_panel(scored, small_campaign, agency, make_expert, make_project, make_panel):
    others = [make_expert() for _ in range(3)]
    panel2 = make_panel(others, name="第二评审组")
    services.assign_projects(panel=panel2, projects=[make_project()], actor=agency)
    entry = ProposalEntry.objects.get(rank=1)  # a project of the first panel
    with pytest.raises(services.ReviewRefused, match="组长"):
        services.adjust_level(entry=entry, level="second", actor=panel2.chair.user, note="不是本组项目")
    services.adjust_level(entry=entry, level="second", actor=scored["panel"].chair.user, note="本组组长调整")
    assert ProposalEntry.objects.get(project=entry.project).proposed_level == "second"


@pytest.mark.django_db
def test_results_page_shows_minimum_scores_plainly(client, scored, small_campaign, agency):
    from decimal import Decimal

    from django.urls import reverse

    small_campaign.min_score_third = Decimal("80")
    small_campaign.save()
    client.force_login(agency)
    body = client.get(reverse("experts:results")).content.decode()
    assert "最低分 80<" in body and "最低分 80.00" not in body


@pytest.mark.django_db
def test_results_page_names_the_missing_scorers(client, small_campaign, agency, make_expert, make_project, make_panel):
    from django.urls import reverse

    from .conftest import full_points

    experts = [make_expert("周教授"), make_expert("吴研究员"), make_expert("郑高工")]
    panel = make_panel(experts)
    project = make_project(title="降低焊缝探伤返修率")
    assigned, refused = services.assign_projects(panel=panel, projects=[project], actor=agency, seed="missing")
    assert assigned and not refused, refused
    for expert in experts:
        sign(expert, small_campaign)
    assignment = ReviewAssignment.objects.get(project=project, expert=experts[1])
    services.save_score(assignment=assignment, actor=experts[1].user, points=full_points(assignment), submit=True)
    client.force_login(agency)
    body = client.get(reverse("experts:results")).content.decode()
    assert "1 / 3，缺：周教授、郑高工" in body
    # A recused expert is neither counted nor awaited (第二十二条); nobody is left to replace them.
    recused = ReviewAssignment.objects.get(project=project, expert=experts[2])
    assert services.recuse(assignment=recused, actor=agency, reason="与申报组织存在合作关系") is None
    body = client.get(reverse("experts:results")).content.decode()
    assert "1 / 2，缺：周教授<" in body


@pytest.mark.django_db
def test_results_page_counts_the_units_proposed_for_the_best_organisation_award(client, scored, small_campaign, agency):
    from django.urls import reverse

    unit = BestOrganizationEntry.objects.get(campaign=small_campaign)
    client.force_login(agency)
    body = client.get(reverse("experts:results")).content.decode()
    assert f'<div class="n">1 / {small_campaign.quota_best_organization}</div><div class="l">最佳组织奖建议数' in body
    assert body.count('<span class="pill level-first">最佳组织奖</span>') == 1
    BestOrganizationEntry.objects.filter(pk=unit.pk).update(proposed=False)
    body = client.get(reverse("experts:results")).content.decode()
    assert f'<div class="n">0 / {small_campaign.quota_best_organization}</div><div class="l">最佳组织奖建议数' in body
    assert unit.recommender.name in body  # still ranked, not proposed
