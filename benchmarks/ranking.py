"""第十六条 ranking: 3,000 reviewed projects with 15,000 scores (5 experts each, 500 experts).

Builds a throwaway SQLite database (or uses --database-url, e.g. a PostgreSQL scratch
database), fills it with bulk inserts, then times

- the one-pass computation alone (aggregate → rank → levels → best organisations) on the
  15,000 rows, with and without z-score normalisation;
- ``apps.review.services.compute(campaign)``: the database read plus the pass;
- ``refresh_proposal``: the whole proposal written (first time: inserts; again: no changes).

    .venv/bin/python benchmarks/ranking.py [--projects 3000] [--scorers 5] [--experts 500]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(fn, repeat=5):
    runs = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t)
    return result, statistics.median(runs), min(runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=3000)
    parser.add_argument("--scorers", type=int, default=5)
    parser.add_argument("--experts", type=int, default=500)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        tmp = tempfile.mkdtemp(prefix="tjqa-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from decimal import Decimal

    from django.db import transaction

    from apps.accounts.models import User
    from apps.campaigns.models import Campaign
    from apps.campaigns.services import create_default_rubric
    from apps.review import ranking, services
    from apps.review.models import Expert, Panel, ReviewAssignment, Score
    from apps.organizations.credit_code import make_credit_code
    from apps.organizations.models import Organization
    from apps.projects.models import Project
    from apps.projects.states import State
    from apps.recommenders.models import RecommenderUnit
    from tests.factories import open_dates

    rng = random.Random(16)
    n_projects, n_scores = args.projects, args.projects * args.scorers
    t0 = time.perf_counter()
    with transaction.atomic():
        campaign = Campaign.objects.create(year=2099, title="基准测试", published=True, **open_dates())
        create_default_rubric(campaign=campaign)
        units = [RecommenderUnit.objects.create(name=f"推荐单位{i}", kind="district_amr") for i in range(40)]
        orgs = Organization.objects.bulk_create(
            [
                Organization(name=f"企业{i}", credit_code=make_credit_code("91", "120116", f"{30000000 + i}"), district="binhai",
                             industry="equipment", contact_name="x", contact_phone="1")
                for i in range(1000)
            ]
        )
        users = User.objects.bulk_create([User(username=f"bench{i}", full_name=f"专家{i}") for i in range(args.experts)])
        experts = Expert.objects.bulk_create([Expert(user=u, name=u.full_name, employer_name=f"大学{i}") for i, u in enumerate(users)])
        panel = Panel.objects.create(campaign=campaign, name="基准评审组")
        projects = Project.objects.bulk_create(
            [
                Project(campaign=campaign, organization=orgs[i % len(orgs)], recommender=units[i % len(units)], title=f"项目{i}",
                        state=State.UNDER_REVIEW, submitted_at=campaign.created_at)
                for i in range(n_projects)
            ],
            batch_size=1000,
        )
        assignments = []
        for i, p in enumerate(projects):
            for e in rng.sample(experts, args.scorers):
                assignments.append(ReviewAssignment(panel=panel, project=p, expert=e))
        assignments = ReviewAssignment.objects.bulk_create(assignments, batch_size=2000)
        quality = {p.pk: rng.uniform(55, 92) for p in projects}
        Score.objects.bulk_create(
            [
                Score(assignment=a, status="submitted",
                      total=Decimal(str(round(min(100, max(0, rng.gauss(quality[a.project_id], 6))), 2))))
                for a in assignments
            ],
            batch_size=2000,
        )
    print(f"数据准备：{n_projects}个项目、{n_scores}个评分、{args.experts}名专家（{time.perf_counter() - t0:.1f}秒）")

    rows = [
        (p, e, t)
        for p, e, t in ReviewAssignment.objects.filter(panel__campaign=campaign).values_list("project_id", "expert_id", "score__total")
    ]
    quotas = {"first": 50, "second": 100, "third": 200}

    def one_pass(normalise):
        def run():
            results = ranking.aggregate(rows, normalise=normalise)
            ordered = ranking.propose_levels(ranking.rank(results), quotas=quotas)
            ranking.best_organizations({}, [(None, r.level) for r in ordered], quota=5)
            return ordered

        return run

    ordered, med, best = timed(one_pass(False))
    print(f"一次遍历计算（不标准化）：中位数 {med * 1000:.0f} ms，最快 {best * 1000:.0f} ms（{len(ordered)}个项目排名）")
    _, med, best = timed(one_pass(True))
    print(f"一次遍历计算（z分数标准化）：中位数 {med * 1000:.0f} ms，最快 {best * 1000:.0f} ms")
    ordered, med, best = timed(lambda: services.compute(campaign))
    print(f"compute()（含数据库读取）：中位数 {med * 1000:.0f} ms，最快 {best * 1000:.0f} ms")
    _, first, _ = timed(lambda: services.refresh_proposal(campaign=campaign), repeat=1)
    _, again, _ = timed(lambda: services.refresh_proposal(campaign=campaign), repeat=3)
    print(f"refresh_proposal()（写入建议名单）：首次 {first * 1000:.0f} ms，无变化再算 {again * 1000:.0f} ms")
    top = ordered[0]
    print(f"第1名：项目#{top.project_id}，最终得分 {top.final:.2f}")


if __name__ == "__main__":
    main()
