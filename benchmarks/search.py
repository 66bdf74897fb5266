"""The project search (issue 11: at most 300 ms at 18,000 projects on PostgreSQL), through the
project list screen as the commission and as the largest unit, interleaved with the floor (a
bare Django view rendering 50 rows). One row per search term: the median over ``--requests``
requests, the ratio to the floor and the number of projects found.

    .venv/bin/python benchmarks/search.py --database-url postgres://postgres@127.0.0.1:5432/tjqa_scale

The data comes from benchmarks/seed_scale.py; its projects' search text is filled here if it
is empty (the generator writes rows straight into the tables)."""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.pages import setup, sign_in  # noqa: E402

FILL = """
UPDATE projects_project p SET search_text = lower(concat_ws(E'\\n', p.title, o.name, o.credit_code, p.plan_reason,
  p.plan_current_state, p.plan_goal, p.plan_cause_analysis, p.plan_countermeasures, p.do_implementation,
  p.check_method, p.act_standardisation, p.act_summary, p.results_summary))
FROM organizations_organization o WHERE o.id = p.organization_id AND p.search_text = ''
"""


def terms():
    """(label, term): a rare and a common two-character word, a word in every project, a
    three-character name, a credit code and two words together, drawn from the data."""
    from apps.projects.models import Project

    code = Project.objects.exclude(state="draft").order_by("pk").values_list("organization__credit_code", flat=True).first()
    return [
        ("two characters, rare", "缩痕"),
        ("two characters, common", "气孔"),
        ("in every project", "攻关"),
        ("three characters", "返修率"),
        ("organisation name", "基准制造487"),
        ("credit code", code.lower()),
        ("two words", "焊缝 气孔"),
    ]


def timed(client, path):
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, response


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=15)
    args = parser.parse_args()
    setup(args.database_url)
    from django.db import connection
    from django.test import Client

    from apps.accounts.models import User
    from apps.projects import search
    from apps.projects.selectors import visible_projects

    with connection.cursor() as cursor:
        cursor.execute(FILL)
        if cursor.rowcount:
            print(f"filled the search text of {cursor.rowcount} projects")
            cursor.execute("ANALYZE projects_project")
    print(f"PostgreSQL, {User.objects.count()} users; median of {args.requests} requests, interleaved with the floor (50 rows)")
    print(f"{'who':<11}{'search':<24}{'term':<22}{'found':>7}{'ms':>9}{'floor ms':>10}{'ratio':>8}")
    for username in ("bench_commission", "bench_unit0"):
        user = User.objects.get(username=username)
        client, floor = Client(), Client()
        sign_in(client, user)
        for label, term in terms():
            path = f"/projects/?q={term}"
            found = search.matching(visible_projects(user), term).count()
            timed(client, path), timed(floor, "/__floor__/50/")  # warm
            page, base = [], []
            for _ in range(args.requests):
                page.append(timed(client, path)[0])
                base.append(timed(floor, "/__floor__/50/")[0])
            ms, floor_ms = statistics.median(page), statistics.median(base)
            print(f"{username[6:]:<11}{label:<24}{term:<22}{found:>7}{ms:>9.0f}{floor_ms:>10.0f}{ms / floor_ms:>8.2f}")


if __name__ == "__main__":
    main()
