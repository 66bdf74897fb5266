"""Load on three pages through gunicorn with the production settings, against the floor.

Starts gunicorn on 127.0.0.1 (loopback only) with DEBUG off on the given database, then drives
it with locust (as a library, headless) at concurrency 1, 8 and 32 for ``--seconds`` each:

- the public award list ``/awards/<year>/``;
- the approval list ``/campaigns/<year>/approval/``, logged in as the commission;
- a project page ``/projects/<pk>/``, logged in as its organisation.

Each page and the floor (a bare view rendering the same number of rows through the same base
template, see ``pages.py``) take turns under the same load, ``--window`` seconds each (5) until
each had ``--seconds``: a machine whose speed drifts during the run weighs on both alike. It
prints requests/s, p50, p99 and errors for each, and the ratio of requests/s to the floor's
(goal: at least 0.7, no errors at 32).

    .venv/bin/python benchmarks/load.py --database-url postgres://postgres@127.0.0.1:5432/tjqa_scale

The deadline-rush scenario (200 applicants over 10 minutes) is ``benchmarks/rush.py``.
"""

# locust patches the standard library for gevent; that must happen before anything imports ssl.
import locust  # noqa: F401, I001

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_ENV = {
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "TJQA_SITE_URL": "https://tjqa.example.org",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database_url, port, workers, redis_url=""):
    env = dict(os.environ, DATABASE_URL=database_url, **BENCH_ENV)
    env.pop("DJANGO_DEBUG", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    cmd = [
        str(Path(sys.executable).with_name("gunicorn")),
        "benchmarks.bench_wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--timeout", "60",
        "--log-level", "warning",
    ]
    process = subprocess.Popen(cmd, cwd=ROOT, env=env)
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def session_cookies(database_url):
    """Session cookies for the commission and an applicant, made through Django's own login."""
    os.environ.update(BENCH_ENV, DATABASE_URL=database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from apps.accounts.models import User
    from apps.campaigns.models import Campaign
    from benchmarks.pages import sign_in
    from apps.projects.models import Project

    settings.ALLOWED_HOSTS = ["*"]
    cookies = {}
    for username in ("bench_commission", "bench_org0"):
        client = Client()
        sign_in(client, User.objects.get(username=username))
        cookies[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    year = Campaign.objects.order_by("-year").values_list("year", flat=True).first()
    org = User.objects.get(username="bench_org0").organization_id
    project = Project.objects.filter(organization_id=org).order_by("-pk").values_list("pk", flat=True).first()
    return cookies, year, project


def run_locust(host, path, cookie, users, seconds):
    """One window of ``seconds`` under ``users``: locust's statistics entry for it."""
    import gevent
    from locust import HttpUser, constant, task
    from locust.env import Environment

    class PageUser(HttpUser):
        wait_time = constant(0)

        def on_start(self):
            if cookie:
                self.client.cookies.set("sessionid", cookie)

        @task
        def page(self):
            with self.client.get(path, name="page", catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")

    PageUser.host = host
    env = Environment(user_classes=[PageUser])
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(seconds)
    runner.quit()
    return env.stats.get("page", "GET")


def interleaved(host, targets, users, seconds, window):
    """Each of ``targets`` ((path, cookie), …) loaded for ``seconds`` in all, in turns of
    ``window`` seconds (the page, the floor, the page, …), so that a change in the machine's
    speed during the run weighs on both alike: requests/s, p50, p99 and errors of each."""
    totals = [None] * len(targets)
    done = 0
    while done < seconds:
        step = min(window, seconds - done)
        for i, (path, cookie) in enumerate(targets):
            stats = run_locust(host, path, cookie, users, step)
            if totals[i] is None:
                totals[i] = stats
            else:
                totals[i].extend(stats)
        done += step
    return [
        {
            "rps": stats.num_requests / seconds,
            "p50": stats.get_response_time_percentile(0.5),
            "p99": stats.get_response_time_percentile(0.99),
            "errors": stats.num_failures,
            "requests": stats.num_requests,
        }
        for stats in totals
    ]


def rows_on(host, path, cookie):
    import requests

    from benchmarks.pages import rows_rendered

    response = requests.get(host + path, cookies={"sessionid": cookie} if cookie else None, timeout=60)
    return rows_rendered(response.text), response.status_code


def main():
    parser = argparse.ArgumentParser(description="Load on three pages through gunicorn, against the floor")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--window", type=int, default=5, help="the page and the floor take turns of this many seconds")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--only", default="", help="load only pages whose label contains this")
    args = parser.parse_args()

    cookies, year, project = session_cookies(args.database_url)
    port = free_port()
    server = start_gunicorn(args.database_url, port, args.workers, args.redis_url)
    host = f"http://127.0.0.1:{port}"
    pages = [
        ("public award list", f"/awards/{year - 1}/", None),
        ("approval list (commission)", f"/campaigns/{year}/approval/", cookies["bench_commission"]),
        ("project page (applicant)", f"/projects/{project}/", cookies["bench_org0"]),
    ]
    pages = [page for page in pages if args.only in page[0]]
    try:
        print(f"{'page':<30} {'users':>5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}  {'floor req/s':>11} {'p50':>5} {'p99':>5} {'ratio':>6}")
        for label, path, cookie in pages:
            n_rows, status = rows_on(host, path, cookie)
            floor = f"/__floor__/{n_rows}/"
            for users in [int(n) for n in args.concurrency.split(",")]:
                page, base = interleaved(host, [(path, cookie), (floor, cookie)], users, args.seconds, args.window)
                ratio = page["rps"] / base["rps"] if base["rps"] else 0
                print(
                    f"{label:<30} {users:>5} {page['rps']:>8.1f} {page['p50']:>7.0f} {page['p99']:>7.0f} {page['errors']:>6}  "
                    f"{base['rps']:>11.1f} {base['p50']:>5.0f} {base['p99']:>5.0f} {ratio:>6.2f}",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = os.getloadavg()
    print(f"gunicorn: {args.workers} workers; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
