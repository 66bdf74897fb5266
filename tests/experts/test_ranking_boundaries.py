"""第十六条: each threshold of the ranking on both sides of its boundary. Every expected value is
worked out by hand in the comment next to it, never by the code under test."""

import pytest

from apps.review import ranking


def rows(table):
    return [(p, e, t) for p, scores in table.items() for e, t in scores.items()]


def one(scores, **kwargs):
    return ranking.aggregate(rows({1: dict(enumerate(scores))}), **kwargs)[1]


# ---- trimming: with 5 or more scores drop one highest and one lowest ------------------------


def test_four_scores_are_not_trimmed():
    # (60 + 70 + 80 + 100) / 4 = 77.5; trimmed it would be (70 + 80) / 2 = 75.
    r = one([60, 70, 80, 100])
    assert r.raw == 77.5
    assert r.final == 77.5


def test_five_scores_drop_the_highest_and_the_lowest():
    # (70 + 80 + 90) / 3 = 80; untrimmed it would be 390 / 5 = 78.
    r = one([50, 70, 80, 90, 100])
    assert r.raw == 80
    assert r.mean_all == 78


def test_six_scores_drop_only_one_highest_and_one_lowest():
    # (60 + 70 + 80 + 90) / 4 = 75.
    assert one([50, 60, 70, 80, 90, 100]).raw == 75


def test_trimmed_mean_directly():
    assert ranking.trimmed_mean([60, 70, 80, 100]) == 77.5
    assert ranking.trimmed_mean([100, 50, 90, 70, 80]) == 80


# ---- the spread flag: highest − lowest at or above 20 ---------------------------------------


def test_spread_of_exactly_20_is_flagged():
    r = one([70, 90])
    assert r.spread == 20
    assert r.flagged is True


def test_spread_of_19_is_not_flagged():
    r = one([71, 90])
    assert r.spread == 19
    assert r.flagged is False


def test_spread_of_19_99_is_not_flagged():
    assert one([70.01, 90]).flagged is False


# ---- minimum scores per level: a score exactly at the minimum reaches the level --------------


def ordered(finals):
    return ranking.rank(ranking.aggregate(rows({i: {"a": f} for i, f in enumerate(finals, start=1)})))


QUOTAS = {"first": 5, "second": 5, "third": 5}
MINIMUMS = {"first": 85, "second": 75, "third": 60}


def test_score_exactly_at_each_minimum_gets_that_level():
    levels = [r.level for r in ranking.propose_levels(ordered([85, 75, 60]), quotas=QUOTAS, minimums=MINIMUMS)]
    assert levels == ["first", "second", "third"]


def test_score_just_below_each_minimum_drops_a_level():
    levels = [r.level for r in ranking.propose_levels(ordered([84.99, 74.99, 59.99]), quotas=QUOTAS, minimums=MINIMUMS)]
    assert levels == ["second", "third", ""]


def test_minimums_given_as_decimals_compare_like_numbers():
    from decimal import Decimal

    minimums = {"first": Decimal("85.00"), "second": Decimal("75.00"), "third": Decimal("60.00")}
    levels = [r.level for r in ranking.propose_levels(ordered([85, 75, 60, 59]), quotas=QUOTAS, minimums=minimums)]
    assert levels == ["first", "second", "third", ""]


def test_a_full_quota_passes_the_project_to_the_next_level():
    levels = [
        r.level
        for r in ranking.propose_levels(ordered([95, 94, 93, 92]), quotas={"first": 1, "second": 1, "third": 1}, minimums=MINIMUMS)
    ]
    assert levels == ["first", "second", "third", ""]


# ---- z-scores: an expert whose scores do not vary contributes 0 ------------------------------


def test_expert_without_variation_contributes_zero():
    # A scores P 90, Q 70, R 80: μ 80, σ √(200/3) = 8.165 → z P +1.2247, Q −1.2247, R 0.
    # C scores P 80, R 80: σ 0 → z 0 for both (never 1, never a division by zero).
    # Mean z: P (1.2247 + 0) / 2 = 0.6124, Q −1.2247, R (0 + 0) / 2 = 0.
    # Raw: P (90 + 80) / 2 = 85, Q 70, R (80 + 80) / 2 = 80 → rescaled onto [70, 85]:
    # R = 70 + (0 + 1.2247) / (0.6124 + 1.2247) × 15 = 70 + (2/3) × 15 = 80.
    table = {"P": {"A": 90, "C": 80}, "Q": {"A": 70}, "R": {"A": 80, "C": 80}}
    norm = ranking.aggregate(rows(table), normalise=True)
    assert norm["P"].final == pytest.approx(85)
    assert norm["Q"].final == pytest.approx(70)
    assert norm["R"].final == pytest.approx(80)


def test_nobody_varies_keeps_the_raw_results():
    # Every expert gives every project the same total: all z are 0, nothing to rescale.
    table = {"P": {"A": 90, "B": 70}, "Q": {"A": 90, "B": 70}}
    norm = ranking.aggregate(rows(table), normalise=True)
    assert norm["P"].final == 80 and norm["Q"].final == 80


# ---- the best-organisation proposal ----------------------------------------------------------


def test_no_best_organisation_award_for_a_unit_without_an_award():
    # Unit 1: 10 applications, no award: 40 × 10/10 + 60 × 0/1 = 40.
    # Unit 2: 1 application, one 三等奖: 40 × 1/10 + 60 × 1/1 = 64.
    units = ranking.best_organizations({1: 10, 2: 1}, [(2, "third"), (1, "")], quota=2)
    assert [(u.recommender_id, u.rank, u.score, u.awards, u.proposed) for u in units] == [
        (2, 1, 64.0, 1, True),
        (1, 2, 40.0, 0, False),
    ]


def test_unit_ranks_start_at_one_and_the_quota_stops_the_proposal():
    # Each unit 1 application and one award: 40 + 60 = 100; weighted awards 3 > 2 > 1 decide.
    units = ranking.best_organizations({7: 1, 8: 1, 9: 1}, [(7, "third"), (8, "first"), (9, "second")], quota=2)
    assert [(u.recommender_id, u.rank, u.proposed) for u in units] == [(8, 1, True), (9, 2, True), (7, 3, False)]


def test_project_ranks_start_at_one():
    assert [(r.project_id, r.rank) for r in ordered([70, 90, 80])] == [(2, 1), (3, 2), (1, 3)]


def test_a_chairs_adjustment_uses_exactly_one_place_of_its_quota():
    # 一等奖 quota 2: project 4's fixed 一等奖 takes one place, the best-ranked project the other.
    levels = [
        r.level
        for r in ranking.propose_levels(
            ordered([91, 90, 85, 80]), quotas={"first": 2, "second": 1, "third": 1}, fixed={4: "first"}
        )
    ]
    assert levels == ["first", "second", "third", "first"]


def test_weighted_awards_break_a_tie_of_unit_scores():
    # Same applications and award count → same score 100; weights 一等奖 3 > 二等奖 2 > 三等奖 1
    # decide before the unit id does (so the larger ids come first here).
    units = ranking.best_organizations({9: 1, 8: 1}, [(9, "first"), (8, "second")], quota=1)
    assert [u.recommender_id for u in units] == [9, 8]
    units = ranking.best_organizations({9: 1, 8: 1}, [(9, "second"), (8, "third")], quota=1)
    assert [u.recommender_id for u in units] == [9, 8]
    assert [u.weighted_awards for u in units] == [2, 1]


# ---- rounding: results are compared to six decimals -----------------------------------------


def test_differences_below_a_millionth_are_ties():
    # 80.0000004 and 80 agree to six decimals in the final, the untrimmed mean and the lowest
    # score: the tie goes to the lower project number.
    results = ranking.aggregate(rows({2: {"a": 80.0000004}, 1: {"a": 80}}))
    assert [r.project_id for r in ranking.rank(results)] == [1, 2]


def test_a_millionth_decides_at_each_tie_break():
    # Final: A (70 + 80 + 80 + 80 + 90.01002 → middle three) 80.000004 beats B's 80, although
    # A's untrimmed mean (80.000004×3 + 60 + 90) / 5 = 78.0000024 is lower.
    final = ranking.aggregate(rows({2: dict(enumerate([60, 80.000004, 80.000004, 80.000004, 90])), 1: dict(enumerate([70, 80, 80, 80, 90]))}))
    assert [r.project_id for r in ranking.rank(final)] == [2, 1]
    # Untrimmed mean: both finals 80; A (69.99 + 240 + 90.01002) / 5 = 80.000004 beats B's 80,
    # although A's lowest 69.99 is below B's 70.
    mean = ranking.aggregate(rows({2: dict(enumerate([69.99, 80, 80, 80, 90.01002])), 1: dict(enumerate([70, 80, 80, 80, 90]))}))
    assert [r.project_id for r in ranking.rank(mean)] == [2, 1]
    # Lowest: both means 80; A's lowest 70.000004 beats B's 70, although B has the lower number.
    lowest = ranking.aggregate(rows({2: {"a": 70.000004, "b": 89.999996}, 1: {"a": 70, "b": 90}}))
    assert [r.project_id for r in ranking.rank(lowest)] == [2, 1]


# ---- the best-organisation score when nobody has applications or awards ------------------------


def test_a_unit_with_awards_but_no_counted_applications():
    # Unit 5 is not in the applications map: 0 applications; no unit has any, so the divisor
    # stays 1: 40 × 0/1 + 60 × 1/1 = 60. 一等奖 weighs 3.
    units = ranking.best_organizations({}, [(5, "first")], quota=1)
    assert [(u.recommender_id, u.applications, u.awards, u.weighted_awards, u.score, u.rank, u.proposed) for u in units] == [
        (5, 0, 1, 3, 60.0, 1, True)
    ]


def test_no_award_anywhere_proposes_nobody():
    # No award anywhere, the divisor stays 1: unit 1 40 × 3/3 + 60 × 0/1 = 40, unit 2 0.
    units = ranking.best_organizations({1: 3, 2: 0}, [], quota=5)
    assert [(u.recommender_id, u.score, u.rank, u.proposed) for u in units] == [(1, 40.0, 1, False), (2, 0.0, 2, False)]


def test_an_expert_whose_totals_vary_by_less_than_a_point_still_counts():
    # A scores P 81, Q 80: μ 80.5, σ 0.5 → z P +1, Q −1. B scores P 70, R 90: σ 10 → z P −1, R +1.
    # Mean z: P 0, Q −1, R +1. Raw: P 75.5, Q 80, R 90 → rescaled onto [75.5, 90]:
    # P = 75.5 + (0 + 1) / 2 × 14.5 = 82.75, Q 75.5, R 90.
    norm = ranking.aggregate(rows({"P": {"A": 81, "B": 70}, "Q": {"A": 80}, "R": {"B": 90}}), normalise=True)
    assert norm["P"].final == pytest.approx(82.75)
    assert norm["Q"].final == pytest.approx(75.5)
    assert norm["R"].final == pytest.approx(90)


def test_unit_scores_are_compared_to_six_decimals():
    # One award each (60 points); applications 100 000 000 against 99 999 999 give 100 and
    # 99.9999996, equal to six decimals: the weighted awards (一等奖 3 > 三等奖 1) put unit 2 first.
    units = ranking.best_organizations({1: 100_000_000, 2: 99_999_999}, [(1, "third"), (2, "first")], quota=1)
    assert [u.recommender_id for u in units] == [2, 1]
    # 10 000 000 against 9 999 999: 100 and 99.999996 differ at the sixth decimal: unit 1 first.
    units = ranking.best_organizations({1: 10_000_000, 2: 9_999_999}, [(1, "third"), (2, "first")], quota=1)
    assert [u.recommender_id for u in units] == [1, 2]
