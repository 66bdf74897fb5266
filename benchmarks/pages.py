"""Every list and detail page of every role, measured against the framework's floor.

Run it on a database filled by ``benchmarks/seed_scale.py`` (design scale: 3,000 projects a
year), and optionally on a second, small one (100 a year) for the query counts:

    .venv/bin/python benchmarks/pages.py \
        --database-url postgres://postgres@127.0.0.1:5432/tjqa_scale \
        --small-database-url postgres://postgres@127.0.0.1:5432/tjqa_scale_small

For each page it prints the query count (small and design scale), the median latency over
``--requests`` requests interleaved with the floor, the ratio to the floor, the bytes served
and the table rows rendered. The floor is a bare Django view that renders the same number
of project rows through the same base template, with DEBUG off, in the same process.

Goals (issue 12): every page within 2x the floor, no page rendering more than 100 rows, query
counts that do not depend on the number of rows. The script only measures; it asserts nothing.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FLOOR_TEMPLATE = """{% extends "base.html" %}{% block content %}<main><h1>floor</h1><table>
<thead><tr><th>编号</th><th>项目名称</th><th>申报组织</th><th>状态</th></tr></thead><tbody>
{% for pk, title, org, state in rows %}<tr><td>{{ pk }}</td><td>{{ title }}</td><td>{{ org }}</td><td>{{ state }}</td></tr>
{% endfor %}</tbody></table></main>{% endblock %}"""


def setup(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("TJQA_SITE_URL", "https://tjqa.example.org")
    os.environ.pop("DJANGO_DEBUG", None)
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.ROOT_URLCONF = "benchmarks.pages_urls"


def sign_in(client, user):
    """A complete sign-in, second factor included (as the test suite's force_login does)."""
    from tests.factories import verify_second_factor

    client.force_login(user)
    verify_second_factor(client, user)


def floor_view(request, n):
    from django.shortcuts import render
    from django.template import engines

    from apps.projects.models import Project

    rows = list(Project.objects.order_by("-pk").values_list("pk", "title", "organization__name", "state")[:n])
    template = engines["django"].from_string(FLOOR_TEMPLATE)
    from django.http import HttpResponse

    return HttpResponse(template.render({"rows": rows}, request))


def accounts():
    from apps.accounts.models import User

    return {u.username: u for u in User.objects.filter(username__in=["bench_commission", "bench_agency", "bench_unit0", "bench_org0", "bench_expert0"])}


def page_list():
    """(label, account or None, path) for every list and detail page, resolved from the data."""
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.campaigns.models import Campaign
    from apps.projects.models import Project

    from django.apps import apps
    from django.db.models import Count

    Panel = apps.get_model("experts", "Panel")
    Expert = apps.get_model("experts", "Expert")
    ReviewAssignment = apps.get_model("experts", "ReviewAssignment")
    Certificate = apps.get_model("awards", "Certificate")

    year = Campaign.objects.order_by("-year").values_list("year", flat=True).first()
    past = year - 1
    org = User.objects.get(username="bench_org0").organization_id
    unit = User.objects.get(username="bench_unit0").recommender_id
    own = (
        Project.objects.filter(organization_id=org, state="under_review").order_by("pk").values_list("pk", flat=True).first()
        or Project.objects.filter(organization_id=org).exclude(state="draft").order_by("-pk").values_list("pk", flat=True).first()
    )
    routed = (
        Project.objects.filter(recommender_id=unit, state="submitted").order_by("pk").values_list("pk", flat=True).first()
        or Project.objects.filter(recommender_id=unit).exclude(state__in=["draft", "withdrawn"]).order_by("-pk").values_list("pk", flat=True).first()
    )
    any_project = own
    # The busiest panel of the year: the page with the most assignments to show.
    panel = (
        Panel.objects.filter(campaign__year=year)
        .annotate(n=Count("assignments"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    expert = Expert.objects.order_by("pk").values_list("pk", flat=True).first()
    assignment = (
        ReviewAssignment.objects.filter(expert__user__username="bench_expert0", project__campaign__year=year, status="active")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    certificate = Certificate.objects.order_by("pk").values_list("code", flat=True).first()

    pages = [
        ("public: home", None, "/"),
        ("public: plan", None, f"/plan/{past}/"),
        ("public: awards", None, f"/awards/{past}/"),
        ("public: awards of a level", None, f"/awards/{past}/?level=third"),
        ("public: notice", None, f"/notice/{past}/"),
        ("public: verify", None, f"/verify/{certificate}/"),
        ("applicant: workbench", "bench_org0", "/workbench/"),
        ("applicant: projects", "bench_org0", "/projects/"),
        ("applicant: project", "bench_org0", f"/projects/{own}/"),
        ("applicant: certificates", "bench_org0", "/awards/mine/"),
        ("applicant: inbox", "bench_org0", "/notifications/"),
        ("unit: workbench", "bench_unit0", "/workbench/"),
        ("unit: inbox", "bench_unit0", "/recommenders/"),
        ("unit: review", "bench_unit0", f"/recommenders/projects/{routed}/"),
        ("unit: projects", "bench_unit0", "/projects/"),
        ("unit: notifications", "bench_unit0", "/notifications/"),
        ("commission: workbench", "bench_commission", "/workbench/"),
        ("commission: projects", "bench_commission", "/projects/"),
        ("commission: project", "bench_commission", f"/projects/{any_project}/"),
        ("commission: campaigns", "bench_commission", "/campaigns/"),
        ("commission: campaign", "bench_commission", f"/campaigns/{year}/"),
        ("commission: approval", "bench_commission", f"/campaigns/{year}/approval/"),
        ("commission: dashboard", "bench_commission", f"/campaigns/{year}/dashboard/"),
        ("commission: ranking", "bench_commission", "/experts/results/"),
        ("commission: ranking of a level", "bench_commission", "/experts/results/?level=none"),
        ("commission: decision", "bench_commission", f"/awards/manage/{past}/"),
        ("commission: certificates", "bench_commission", f"/awards/manage/{past}/certificates/"),
        ("commission: objections", "bench_commission", "/awards/manage/objections/"),
        ("agency: pool", "bench_agency", "/experts/pool/"),
        ("agency: expert", "bench_agency", f"/experts/pool/{expert}/"),
        ("agency: panels", "bench_agency", "/experts/panels/"),
        ("agency: panel", "bench_agency", f"/experts/panels/{panel}/"),
        ("agency: audit", "bench_agency", "/experts/audit/"),
        ("agency: training", "bench_agency", "/training/"),
        ("agency: tracking", "bench_agency", "/training/tracking/"),
        ("expert: my reviews", "bench_expert0", "/experts/"),
        ("expert: review", "bench_expert0", f"/experts/review/{assignment}/" if assignment else "/experts/"),
    ]
    return pages


class QueryCounter:
    """Counts the statements a request runs (works with DEBUG off, unlike connection.queries)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def count_queries(client, path):
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        client.get(path)
    return counter.count


def rows_rendered(html: str) -> int:
    body_rows = len(re.findall(r"<tr[\s>]", html))
    header_rows = len(re.findall(r"<thead", html))
    return max(body_rows - header_rows, 0)


def measure_counts(database_url):
    """Query count of each page (one request after a warm-up), as JSON on stdout."""
    setup(database_url)
    from django.test import Client

    users = accounts()
    result = {}
    for label, username, path in page_list():
        client = Client()
        if username:
            sign_in(client, users[username])
        client.get(path)
        result[label] = count_queries(client, path)
    print(json.dumps(result, ensure_ascii=False))


def main():
    parser = argparse.ArgumentParser(description="Page latency against the floor")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--small-database-url", default="")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--slow", type=float, default=5.0, help="time a page this slow (s) only once")
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    parser.add_argument("--counts-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.counts_only:
        measure_counts(args.database_url)
        return

    small_counts = {}
    if args.small_database_url:
        out = subprocess.run(
            [sys.executable, __file__, "--counts-only", "--database-url", args.small_database_url],
            check=True, capture_output=True, text=True,
        ).stdout
        small_counts = json.loads(out.strip().splitlines()[-1])

    setup(args.database_url)
    from django.test import Client

    users = accounts()
    print(f"{'page':<28} {'q@100':>6} {'q@3000':>6} {'status':>6} {'ms':>8} {'floor':>8} {'ratio':>6} {'KiB':>7} {'rows':>5}")
    ratios = []
    for label, username, path in page_list():
        if args.only and args.only not in label:
            continue
        client = Client()
        if username:
            sign_in(client, users[username])
        t = time.perf_counter()
        response = client.get(path)
        first = time.perf_counter() - t
        html = response.content.decode("utf-8", "replace") if not getattr(response, "streaming", False) else ""
        n_rows = rows_rendered(html)
        floor_path = f"/__floor__/{n_rows}/"
        client.get(floor_path)
        queries = count_queries(client, path) if first <= args.slow else "-"
        page_times, floor_times = [], []
        # A page slower than --slow seconds is timed once: twenty of them would take the night.
        repeats = 1 if first > args.slow else args.requests
        for _ in range(repeats):
            t = time.perf_counter()
            client.get(path)
            page_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            client.get(floor_path)
            floor_times.append(time.perf_counter() - t)
        page_ms, floor_ms = statistics.median(page_times) * 1000, statistics.median(floor_times) * 1000
        ratio = page_ms / floor_ms
        ratios.append(ratio)
        print(
            f"{label:<28} {small_counts.get(label, '-'):>6} {queries:>6} {response.status_code:>6} "
            f"{page_ms:>8.1f} {floor_ms:>8.1f} {ratio:>6.2f} {len(response.content) / 1024:>7.1f} {n_rows:>5}",
            flush=True,
        )
    if ratios:
        print(f"pages: {len(ratios)}; median ratio {statistics.median(ratios):.2f}; worst {max(ratios):.2f}")
    load = os.getloadavg()
    print(f"load average during the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
