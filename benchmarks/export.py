"""The Excel export of the project list at design scale, against the floor.

Run it on a database filled by ``benchmarks/seed_scale.py`` (about 18,000 projects):

    .venv/bin/python benchmarks/export.py --database-url postgres://postgres@127.0.0.1:5432/tjqa_scale

Each measurement runs in a fresh process with DEBUG off (production settings), alternating:

- ``portal``: ``GET /projects/export.xlsx`` as the commission (all projects it may see),
  through the view and its response, the streamed body written to a file;
- ``floor``: the same rows and columns (the same visible queryset) fetched with
  ``values_list(...).iterator()``, the labels looked up in dicts, written by a bare openpyxl
  write-only workbook to a file.

It prints, for each, the median time over ``--repeat`` runs, the process's peak RSS (ru_maxrss,
Django and everything loaded included), its growth during the export, the query count, the rows
written and the file size. Goals (issue 12): at most 150 MiB and at most 1.5x the floor's time.
It only measures; it asserts nothing.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MEMORY_GOAL_MIB = 150
TIME_GOAL_RATIO = 1.5


def rss_mib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def floor_rows(user):
    """The export's rows, the least the framework can do: values_list and dict lookups."""
    from django.utils import timezone

    from apps.campaigns.models import ProjectType
    from apps.organizations.choices import District, Industry
    from apps.projects.choices import Category
    from apps.projects.selectors import visible_projects
    from apps.projects.states import State

    labels = [dict(c.choices) for c in (District, Industry, Category, ProjectType, State)]
    district, industry, category, kind, state = labels
    qs = visible_projects(user).order_by("-created_at", "-pk").values_list(
        "pk", "campaign__year", "title", "organization__name", "organization__district", "organization__industry",
        "category", "project_type", "recommender__name", "state", "submitted_at",
    )
    for pk, year, title, org, dis, ind, cat, typ, unit, st, submitted in qs.iterator(chunk_size=2000):
        yield (
            f"ZLGG{year}{pk:05d}", year, title, org, district.get(dis, dis), industry.get(ind, ind), category.get(cat, cat),
            kind.get(typ, typ), unit or "", state.get(st, st),
            timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M") if submitted else "",
        )


def measure(which, database_url, out):
    from benchmarks.pages import setup, sign_in

    setup(database_url)
    from django.db import connection
    from django.test import Client
    from openpyxl import Workbook

    from apps.accounts.models import User

    user = User.objects.get(username="bench_commission")
    client = Client()
    sign_in(client, user)
    client.get("/projects/")  # templates, URL resolver and the session warm
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    before = rss_mib()
    started = time.perf_counter()
    with connection.execute_wrapper(count), open(out, "wb") as handle:
        if which == "portal":
            response = client.get("/projects/export.xlsx")
            assert response.status_code == 200, response.status_code
            for chunk in response.streaming_content:
                handle.write(chunk)
            response.close()
        else:
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("项目")
            ws.append(["项目编号", "年度", "项目名称", "申报组织", "所在区", "所属行业", "攻关方向", "成果类型", "推荐单位", "状态", "提交时间"])
            for row in floor_rows(user):
                ws.append(row)
            wb.save(handle)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "before_mib": before, "queries": queries[0]}))


def rows_in(path):
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    n, cols = -1, 0
    for row in ws.iter_rows(values_only=True):
        n += 1
        cols = max(cols, len(row))
    wb.close()
    return n, cols


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default="/tmp/tjqa-export-bench")
    parser.add_argument("--measure", choices=["portal", "floor"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.database_url, Path(args.out) / f"{args.measure}.xlsx")
        return

    Path(args.out).mkdir(parents=True, exist_ok=True)
    runs = {"portal": [], "floor": []}
    for _ in range(args.repeat):
        for which in ("floor", "portal"):
            done = subprocess.run(
                [sys.executable, __file__, "--database-url", args.database_url, "--out", args.out, "--measure", which],
                capture_output=True, text=True, cwd=ROOT,
            )
            if done.returncode:
                sys.exit(done.stderr)
            runs[which].append(json.loads(done.stdout.strip().splitlines()[-1]))
    load = os.getloadavg()
    print(f"{'':<8} {'rows':>6} {'cols':>4} {'MiB file':>8} {'median s':>8} {'runs s':<20} {'peak RSS MiB':>12} {'growth MiB':>10} {'queries':>7}")
    summary = {}
    for which in ("floor", "portal"):
        path = Path(args.out) / f"{which}.xlsx"
        n, cols = rows_in(path)
        times = [r["seconds"] for r in runs[which]]
        peak = max(r["peak_mib"] for r in runs[which])
        growth = max(r["peak_mib"] - r["before_mib"] for r in runs[which])
        summary[which] = {"median": statistics.median(times), "peak": peak, "rows": n}
        print(
            f"{which:<8} {n:>6} {cols:>4} {path.stat().st_size / 2**20:>8.1f} {statistics.median(times):>8.2f} "
            f"{' '.join(f'{t:.2f}' for t in times):<20} {peak:>12.0f} {growth:>10.0f} {runs[which][-1]['queries']:>7}"
        )
    ratio = summary["portal"]["median"] / summary["floor"]["median"]
    print(f"time ratio to the floor: {ratio:.2f}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    print(f"{'PASS' if summary['portal']['peak'] <= MEMORY_GOAL_MIB else 'FAIL'}  peak RSS {summary['portal']['peak']:.0f} MiB <= {MEMORY_GOAL_MIB} MiB")
    print(f"{'PASS' if ratio <= TIME_GOAL_RATIO else 'FAIL'}  time {ratio:.2f}x the floor's <= {TIME_GOAL_RATIO}x")
    print(f"{'PASS' if summary['portal']['rows'] == summary['floor']['rows'] else 'FAIL'}  the same rows ({summary['portal']['rows']} and {summary['floor']['rows']})")


if __name__ == "__main__":
    main()
