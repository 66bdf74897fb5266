"""第十六条: from the experts' weighted totals to a ranked proposal within the quotas (第四条).

Pure functions over plain rows, so the whole campaign is computed in one pass:

- a project's result exists once every active assignment has a submitted score; recused and
  unfinished scores are excluded, never counted as zero;
- the raw result is the mean of the weighted totals; with 5 or more scores one highest and one
  lowest are dropped (去掉一个最高分和一个最低分);
- with normalisation, each expert's totals become z-scores over the projects that expert scored,
  the (equally trimmed) mean z per project is rescaled to the range of the raw results;
- ties are broken by :data:`TIE_BREAK_RULES`, in that order.
"""

import math
from dataclasses import dataclass, field

TRIM_FROM = 5  # 第十六条 practice: with ≥5 scores drop one highest and one lowest
SPREAD_FLAG = 20.0  # highest − lowest counted total at or above this: discuss before proposing

TIE_BREAK_RULES = [
    "最终得分高者在前；",
    "最终得分相同的，全部有效评分（不去掉最高分、最低分）的平均分高者在前；",
    "仍相同的，最低有效评分高者在前（专家意见更一致）；",
    "仍相同的，成果材料提交时间早者在前；",
    "仍相同的，按项目编号先后排列。",
]

LEVELS = ("first", "second", "third")


@dataclass
class Result:
    project_id: int
    totals: list = field(default_factory=list)  # counted weighted totals
    experts: list = field(default_factory=list)
    raw: float = 0.0  # trimmed mean of the totals
    mean_all: float = 0.0
    lowest: float = 0.0
    spread: float = 0.0
    final: float = 0.0
    flagged: bool = False
    rank: int = 0
    level: str = ""


def trimmed_mean(values):
    values = sorted(values)
    if len(values) >= TRIM_FROM:
        values = values[1:-1]
    return sum(values) / len(values)


def aggregate(rows, *, normalise=False):
    """``rows``: iterable of (project_id, expert_id, total or None, complete_flag ignored) where
    ``total`` is None for an assignment without a submitted score. Returns {project_id: Result}
    for the projects whose every active assignment has a submitted score."""
    by_project, incomplete = {}, set()
    by_expert = {}
    for project_id, expert_id, total in rows:
        if total is None:
            incomplete.add(project_id)
            continue
        total = float(total)
        r = by_project.get(project_id)
        if r is None:
            r = by_project[project_id] = Result(project_id)
        r.totals.append(total)
        r.experts.append(expert_id)
        by_expert.setdefault(expert_id, []).append(total)
    results = {pid: r for pid, r in by_project.items() if pid not in incomplete}
    for r in results.values():
        r.raw = trimmed_mean(r.totals)
        r.mean_all = sum(r.totals) / len(r.totals)
        r.lowest = min(r.totals)
        r.spread = max(r.totals) - r.lowest
        r.flagged = r.spread >= SPREAD_FLAG
        r.final = r.raw
    if normalise and results:
        stats = {}
        for expert_id, totals in by_expert.items():
            mu = sum(totals) / len(totals)
            sd = math.sqrt(sum((t - mu) ** 2 for t in totals) / len(totals))
            stats[expert_id] = (mu, sd)
        zbar = {}
        for r in results.values():
            zs = []
            for expert_id, total in zip(r.experts, r.totals):
                mu, sd = stats[expert_id]
                zs.append((total - mu) / sd if sd > 0 else 0.0)
            zbar[r.project_id] = trimmed_mean(zs)
        lo, hi = min(r.raw for r in results.values()), max(r.raw for r in results.values())
        zlo, zhi = min(zbar.values()), max(zbar.values())
        if zhi > zlo:
            for r in results.values():
                r.final = lo + (zbar[r.project_id] - zlo) / (zhi - zlo) * (hi - lo)
    return results


def rank(results, submitted_at=None):
    """Order by :data:`TIE_BREAK_RULES`; ranks are 1, 2, 3, … (no shared ranks: the last rule
    decides). ``submitted_at`` maps project id → a sortable results-submission time."""
    submitted_at = submitted_at or {}
    far = float("inf")

    def key(r):
        when = submitted_at.get(r.project_id)
        return (
            -round(r.final, 6),
            -round(r.mean_all, 6),
            -round(r.lowest, 6),
            when.timestamp() if when is not None else far,
            r.project_id,
        )

    ordered = sorted(results.values() if isinstance(results, dict) else results, key=key)
    for i, r in enumerate(ordered, start=1):
        r.rank = i
    return ordered


def propose_levels(ordered, *, quotas, minimums=None, fixed=None):
    """第四条/第十六条: walk the ranking and give each project the best level that still has room
    and whose minimum score (if any) it reaches. ``fixed`` (project id → level, "" = none) are
    the chair's adjustments: they keep their level and use up its quota first — as far as the
    quota goes (it may have been lowered since); the best-ranked keep theirs, the rest are
    proposed like any other."""
    minimums = minimums or {}
    used = {level: 0 for level in LEVELS}
    kept = {}
    for r in ordered:
        level = (fixed or {}).get(r.project_id)
        if level is None or (level and used[level] >= quotas[level]):
            continue
        kept[r.project_id] = level
        if level:
            used[level] += 1
    fixed = kept
    for r in ordered:
        if r.project_id in fixed:
            r.level = fixed[r.project_id]
            continue
        r.level = ""
        for level in LEVELS:
            minimum = minimums.get(level)
            if used[level] < quotas[level] and (minimum is None or r.final >= float(minimum)):
                r.level = level
                used[level] += 1
                break
    return ordered


LEVEL_WEIGHT = {"first": 3, "second": 2, "third": 1}

BEST_ORGANIZATION_FORMULA = (
    "综合得分 = 40 × 本单位推荐申报数 ÷ 各单位中最多的推荐申报数 + "
    "60 × 本单位建议获奖数 ÷ 各单位中最多的建议获奖数；"
    "得分相同的，按加权获奖数（一等奖×3、二等奖×2、三等奖×1）、建议获奖数、推荐申报数依次比较。"
    "建议获奖数为0的单位不予推荐；按综合得分从高到低取前N名（N为最佳组织奖名额，不超过5个，第四条）。"
)


@dataclass
class UnitResult:
    recommender_id: int
    applications: int = 0
    awards: int = 0
    weighted_awards: int = 0
    score: float = 0.0
    rank: int = 0
    proposed: bool = False


def best_organizations(applications, levels, *, quota):
    """第十六条: ``applications`` maps recommender id → number of applications it brought;
    ``levels`` is a list of (recommender id, proposed level) for the ranked projects."""
    units = {rid: UnitResult(rid, applications=n) for rid, n in applications.items() if rid}
    for rid, level in levels:
        if not rid or not level:
            continue
        u = units.setdefault(rid, UnitResult(rid))
        u.awards += 1
        u.weighted_awards += LEVEL_WEIGHT[level]
    max_apps = max((u.applications for u in units.values()), default=0) or 1
    max_awards = max((u.awards for u in units.values()), default=0) or 1
    for u in units.values():
        u.score = 40.0 * u.applications / max_apps + 60.0 * u.awards / max_awards
    ordered = sorted(
        units.values(), key=lambda u: (-round(u.score, 6), -u.weighted_awards, -u.awards, -u.applications, u.recommender_id)
    )
    taken = 0
    for i, u in enumerate(ordered, start=1):
        u.rank = i
        if u.awards > 0 and taken < quota:
            u.proposed = True
            taken += 1
    return ordered
