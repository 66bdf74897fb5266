"""The deadline rush: the last day before the application deadline, as in production.

Prepares a fresh PostgreSQL database (migrations, the cache table, collectstatic) with a
campaign whose application window closes tomorrow, one district bureau (滨海新区) with one
staff user, and ``--users`` applicant organisations of that district (valid Tianjin credit
codes, so the bureau's scope covers them, 第六条) with one applicant user each. Then it starts,
as deployed (``docker-compose.yml``, ``.ci/production-pass.sh``): gunicorn with
``tjqa/gunicorn.conf.py`` on 127.0.0.1 with DEBUG off, a Celery worker and beat on Redis.

Locust (as a library, headless) then lets the ``--users`` applicants arrive evenly over
``--minutes``; each goes once, over HTTP through gunicorn, through what a person does in the
browser (every form is read from the page it came on, as a browser would post it):

1. opens the login page and logs in;
2. opens the new-application form and saves a draft: the PDCA text, a metric, the team (第七条);
3. opens the edit form again and uploads a 2 MB PDF (第九条);
4. opens the submission page, ticks the authenticity commitment (第二十一条) and submits (第九条);
   the duplicate check (第七条(四)) and the e-mails run on the worker.

Each applicant's text is its own (a topic of its own and its own figures), so the duplicate
check should not flag them; if it does, that is counted, not hidden.

It prints requests/s, p50, p99, max and errors for each step, then waits for the worker and
checks in the database that every applicant's project was submitted exactly once, with exactly
one submission log row and one notification (to the bureau's user), and that every duplicate
check finished. It measures and prints PASS or FAIL for each goal; it does not exit non-zero.
Everything it started is stopped at the end, also on Ctrl-C; the database and the logs are left
for a look (``--drop`` drops the database), the uploaded files are removed.

    .venv/bin/python benchmarks/rush.py --database-url postgres://postgres@127.0.0.1:5432/tjqa_rush \\
        --redis-url redis://127.0.0.1:6379/6
"""

# locust patches the standard library for gevent; that must happen before anything imports ssl.
import locust  # noqa: F401, I001

import argparse
import datetime
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import BENCH_ENV, free_port  # noqa: E402

PASSWORD = "Rush@2026-deadline"
UNIT_NAME = "天津市滨海新区市场监督管理局（冲刺）"
UNIT_USER = "rush_unit"
DIVISION = "120116"  # 滨海新区: the bureau's district
PDF_BYTES = 2 * 1024 * 1024
# (name of the step, what counts as success) in the order of the flow; the table's rows.
STEPS = [
    ("1 login page", "GET"),
    ("1 log in", "POST"),
    ("2 new application form", "GET"),
    ("2 save draft", "POST"),
    ("2 project page", "GET"),
    ("3 edit form", "GET"),
    ("3 upload 2 MB PDF", "POST"),
    ("4 submission page", "GET"),
    ("4 submit", "POST"),
    ("4 project page", "GET"),
]
UPLOAD_STEP = "3 upload 2 MB PDF"
P99_GOAL_MS = 2000

PRODUCTS = [
    "轴承套圈", "层压板", "座椅骨架", "贴片电路板", "冻干制剂", "速冻水饺", "换热器管板", "热轧带钢", "配电线路", "齿轮箱",
    "液压阀块", "注塑外壳", "锂电池极片", "光纤预制棒", "不锈钢焊管", "铝合金轮毂", "混凝土管片", "医用导管", "干式变压器", "纺织面料",
    "汽车线束", "船用螺旋桨", "风电叶片", "石油套管", "玻璃基板", "中药颗粒", "乳制品灌装", "电梯导轨", "轨道扣件", "钛合金紧固件",
]
DEFECTS = [
    "烧伤", "分层", "焊接返修", "虚焊", "异物", "破损", "泄漏", "边裂", "跳闸", "异响", "渗漏", "缩痕", "毛刺", "气泡", "色差",
    "尺寸超差", "裂纹", "变形", "锈蚀", "断线",
]


_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
    "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那"
    "社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并"
)
OWN_WORDS = [a + b for a, b in zip(_CHARS[::2], _CHARS[1::2])] + [a + b for a, b in zip(_CHARS[1::3], _CHARS[2::3])]


def application(i):
    """The ``i``-th applicant's own application: title, PDCA text and metric."""
    from apps.projects.demo import application_text

    rng = random.Random(7919 * i + 13)
    product = PRODUCTS[i % len(PRODUCTS)]
    defect = DEFECTS[(i // len(PRODUCTS) + i) % len(DEFECTS)]
    symptom = f"{product}{defect}"
    title = f"降低{symptom}不合格率"
    text = application_text(title, symptom)
    baseline = f"{rng.uniform(2.0, 9.0):.1f}{i % 7}"
    target = f"{float(baseline) * rng.uniform(0.2, 0.45):.2f}"
    loss = 30 + (i * 37) % 400
    batches = 120 + (i * 53) % 900
    text["plan_current_state"] += (
        f"抽查{batches}批{product}，{defect}比例为{baseline}%，全年因此损失约{loss}万元，"
        f"其中第{1 + i % 3}生产线占{40 + (i * 11) % 50}%。"
    )
    text["plan_goal"] += f"到年底把{symptom}比例由{baseline}%降到{target}%以下。"
    # What makes one company's account its own: its people, places and circumstances (here a
    # sentence of words drawn for this applicant, as in benchmarks/similarity.py).
    for field in text:
        own = "".join(rng.choice(OWN_WORDS) for _ in range(rng.randint(14, 24)))
        text[field] += f"{own}。"
    return title, text, {"name": f"{symptom}比例", "unit": "%", "baseline": str(baseline), "target": str(target)}


def pdf_of(size, seed):
    """A well-formed PDF of ``size`` bytes: one page and an incompressible embedded stream."""
    rng = random.Random(seed)
    payload = rng.randbytes(max(0, size - 600))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Type /EmbeddedFile /Length " + str(len(payload)).encode() + b" >>\nstream\n" + payload + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# -- setup ------------------------------------------------------------------------------------


def production_env(database_url, redis_url, port, work):
    env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis_url, **BENCH_ENV)
    env.pop("DJANGO_DEBUG", None)
    env.update(
        TJQA_SITE_URL=f"http://127.0.0.1:{port}",
        TJQA_MEDIA_ROOT=str(work / "media"),
        TJQA_STATIC_ROOT=str(work / "static"),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONUNBUFFERED="1",
    )
    return env


def fresh_database(database_url):
    import psycopg2

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def drop_database(database_url):
    import psycopg2

    parts = urllib.parse.urlsplit(database_url)
    admin = psycopg2.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}"')
    admin.close()


def manage(env, *args):
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def seed(users):
    """The campaign (deadline tomorrow), the bureau and its user, the applicants."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.accounts.roles import Role, ensure_role_groups
    from apps.campaigns.services import create_campaign
    from apps.organizations.choices import District, Industry
    from apps.organizations.credit_code import make_credit_code
    from apps.organizations.models import Organization
    from apps.recommenders.models import RecommenderKind, RecommenderUnit

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    with transaction.atomic():
        groups = ensure_role_groups()
        campaign = create_campaign(
            year=today.year,
            title=f"{today.year}年天津市质量攻关工作方案",
            published=True,
            published_at=timezone.now(),
            application_opens=today - 45 * day,
            application_closes=today + day,  # the rush is the last day
            recommendation_closes=today + 15 * day,
            approval_closes=today + 30 * day,
            results_closes=today + 120 * day,
            results_recommendation_closes=today + 130 * day,
            review_closes=today + 150 * day,
        )
        unit = RecommenderUnit.objects.create(name=UNIT_NAME, kind=RecommenderKind.DISTRICT_AMR, district=District.BINHAI)
        password = make_password(PASSWORD)
        staff = User.objects.create(username=UNIT_USER, full_name="推荐单位经办人", recommender=unit, password=password, email="unit@example.org")
        staff.groups.add(groups[Role.RECOMMENDER])
        organizations = [
            Organization(
                name=f"天津冲刺测试{i:03d}制造有限公司",
                credit_code=make_credit_code("91", DIVISION, f"{70000000 + i}"),
                district=District.BINHAI,
                industry=list(Industry)[i % len(Industry)],
                contact_name=f"联系人{i}",
                contact_phone=f"022-6{i:07d}",
            )
            for i in range(users)
        ]
        for organization in organizations:
            organization.save()  # its own save() normalises the code
        applicants = User.objects.bulk_create(
            User(
                username=f"rush{i:03d}",
                full_name=f"申报人{i}",
                email=f"rush{i:03d}@example.org",
                organization=organizations[i],
                password=password,
            )
            for i in range(users)
        )
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=groups[Role.APPLICANT].pk) for user in applicants
        )
    return campaign


# -- the processes ----------------------------------------------------------------------------


class Stack:
    """gunicorn, the Celery worker and beat, each in its own process group."""

    def __init__(self, env, work):
        self.env, self.work, self.processes = env, work, {}

    def start(self, name, *cmd, env=None):
        log = open(self.work / f"{name}.log", "wb")
        self.processes[name] = subprocess.Popen(cmd, cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(url, seconds=120):
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def warm_up(host, workers):
    """A server that has been up for a while: every gunicorn worker has answered a few pages
    (imports and templates loaded) before the first applicant arrives. Not measured."""
    import requests

    for _ in range(3 * workers):
        for path in ("/accounts/login/", "/"):
            requests.get(host + path, timeout=60)


# -- the applicants ---------------------------------------------------------------------------


class Forms(HTMLParser):
    """Every form of a page with the values a browser would post (checked boxes, selected
    options, textareas); file inputs and buttons are left to the caller."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"attrs": a, "fields": [], "names": set(), "selects": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        if "name" in a:
            self._form["names"].add(a["name"])
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("file", "submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append((a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "options": [], "selected": None}
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["selected"] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            s = self._select
            value = s["selected"] if s["selected"] is not None else (s["options"][0] if s["options"] else "")
            self._form["fields"].append((s["name"], value))
            self._form["selects"][s["name"]] = s["options"]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None

    def having(self, name):
        """The form with a field called ``name``."""
        for form in self.forms:
            if name in form["names"]:
                return form
        return None


def why(page):
    """The first error list or message of a page that came back instead of a redirect."""
    found = re.findall(r'class="(?:errorlist|messages|alert)[^"]*"[^>]*>(.*?)</(?:ul|div)>', page, re.S)
    return " | ".join(re.sub(r"<[^>]+>|\s+", " ", text).strip() for text in found)[:600]


def fill(form, values):
    """The form's fields with ``values`` put in (a list value: that many fields of the name)."""
    data = [(k, v) for k, v in form["fields"] if k not in values]
    for key, value in values.items():
        for v in value if isinstance(value, list) else [value]:
            data.append((key, v))
    return data


def run_rush(host, users, minutes, think, step_timeout):
    import gevent
    from locust import HttpUser, constant, task
    from locust.env import Environment
    from locust.exception import StopUser

    queue = list(range(users))
    interval = minutes * 60 / users
    schedule = {"start": time.monotonic()}
    outcome = {"finished": 0, "abandoned": [], "load": [os.getloadavg()[0]]}

    class Abandon(Exception):
        pass

    class Applicant(HttpUser):
        wait_time = constant(0)

        def pause(self):
            gevent.sleep(random.uniform(0.5 * think, 1.5 * think))

        def call(self, method, path, name, expect, **kwargs):
            """One request of the flow; ``expect`` is 200 or a redirect target pattern."""
            with self.client.request(method, path, name=name, catch_response=True, allow_redirects=False, timeout=step_timeout, **kwargs) as response:
                if expect == 200:
                    ok = response.status_code == 200
                else:
                    location = urllib.parse.urlsplit(response.headers.get("Location", "")).path
                    ok = response.status_code == 302 and re.fullmatch(expect, location)
                if not ok:
                    response.failure(f"HTTP {response.status_code} {response.headers.get('Location', '')} {why(response.text or '')}")
                    raise Abandon(name)
                response.success()
                return response

        @task
        def rush(self):
            if not queue:  # the spawner may top up the users that finished: nobody is left
                raise StopUser()
            i = queue.pop(0)
            # The i-th applicant arrives at its own time: evenly over the window (locust's
            # spawn rate alone is not an arrival rate: it replaces the users that finished).
            gevent.sleep(max(0.0, schedule["start"] + i * interval - time.monotonic()))
            try:
                self.flow(i)
            except Abandon as exc:
                outcome["abandoned"].append((f"rush{i:03d}", str(exc)))
            finally:
                outcome["finished"] += 1
                raise StopUser()

        def flow(self, i):
            username = f"rush{i:03d}"
            title, text, metric = application(i)
            page = self.call("GET", "/accounts/login/", "1 login page", 200)
            form = Forms(page.text).having("password")
            self.pause()
            self.call("POST", "/accounts/login/", "1 log in", r"/.*", data=fill(form, {"username": username, "password": PASSWORD}))

            page = self.call("GET", "/projects/new/", "2 new application form", 200)
            form = Forms(page.text).having("title")
            units = [v for v in form["selects"]["recommender"] if v]
            values = {
                "title": title,
                "benefit_areas": ["quality_efficiency"],
                "recommender": units[0],
                "metrics-0-name": metric["name"],
                "metrics-0-unit": metric["unit"],
                "metrics-0-direction": "lower",
                "metrics-0-baseline": metric["baseline"],
                "metrics-0-target": metric["target"],
                "team-0-name": f"张质量{i}",
                "team-1-name": f"李项目{i}",
                "team-1-phone": f"139{i:08d}",
                "then": "detail",
                **text,
            }
            for name in ("category", "project_type"):
                options = [v for v in form["selects"].get(name, []) if v]
                if options:
                    values[name] = options[i % len(options)]
            self.pause()
            saved = self.call("POST", "/projects/new/", "2 save draft", r"/projects/\d+/", data=fill(form, values))
            project = urllib.parse.urlsplit(saved.headers["Location"]).path
            pk = int(project.strip("/").split("/")[-1])
            self.call("GET", project, "2 project page", 200)

            self.pause()
            page = self.call("GET", f"/projects/{pk}/edit/", "3 edit form", 200)
            form = Forms(page.text).having("title")
            pdf = pdf_of(PDF_BYTES, seed=i)
            self.pause()
            self.call(
                "POST",
                f"/projects/{pk}/edit/",
                UPLOAD_STEP,
                rf"/projects/{pk}/",
                data=fill(form, {"then": "detail"}),
                files=[("files", (f"{title}申报书.pdf", pdf, "application/pdf"))],
            )

            self.pause()
            page = self.call("GET", f"/projects/{pk}/submit/", "4 submission page", 200)
            form = Forms(page.text).having("commitment")
            self.pause()
            self.call("POST", f"/projects/{pk}/submit/", "4 submit", rf"/projects/{pk}/", data=fill(form, {"commitment": "on"}))
            self.call("GET", project, "4 project page", 200)

    Applicant.host = host
    env = Environment(user_classes=[Applicant])
    runner = env.create_local_runner()
    # Ctrl-C (or a TERM) stops the run here, whichever greenlet the signal lands in: the caller
    # then stops gunicorn, the worker and beat.
    stop = []
    handlers = [gevent.signal_handler(sig, stop.append, sig) for sig in (signal.SIGINT, signal.SIGTERM)]
    started = schedule["start"] = time.monotonic()
    runner.start(users, spawn_rate=min(users, 50))
    while outcome["finished"] < users:
        gevent.sleep(1)
        if stop:
            runner.quit()
            for handler in handlers:
                handler.cancel()
            raise KeyboardInterrupt
        if int(time.monotonic() - started) % 10 == 0:
            outcome["load"].append(os.getloadavg()[0])
    elapsed = time.monotonic() - started
    runner.quit()
    return env.stats, elapsed, outcome


def report(stats, elapsed, outcome, users):
    load = outcome["load"]
    print(
        f"\n{users} applicants in {elapsed:.0f} s; 1-minute load average during the run (every 10 s): "
        f"min {min(load):.2f}, mean {sum(load) / len(load):.2f}, max {max(load):.2f} on {os.cpu_count()} cores"
    )
    print(f"{'step':<26} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'errors':>6}")
    failed = []
    for name, method in STEPS:
        s = stats.get(name, method)
        print(
            f"{name:<26} {s.num_requests:>8} {s.num_requests / elapsed:>7.2f} {s.get_response_time_percentile(0.5) or 0:>7.0f} "
            f"{s.get_response_time_percentile(0.99) or 0:>7.0f} {s.max_response_time or 0:>7.0f} {s.num_failures:>6}"
        )
        if s.num_failures:
            failed.append(name)
    total = stats.total
    print(
        f"{'all':<26} {total.num_requests:>8} {total.num_requests / elapsed:>7.2f} {total.get_response_time_percentile(0.5) or 0:>7.0f} "
        f"{total.get_response_time_percentile(0.99) or 0:>7.0f} {total.max_response_time or 0:>7.0f} {total.num_failures:>6}"
    )
    for error in stats.errors.values():
        print(f"  error {error.name}: {error.error} ×{error.occurrences}")
    for username, step in outcome["abandoned"][:20]:
        print(f"  {username} stopped at: {step}")
    slow = [name for name, method in STEPS if name != UPLOAD_STEP and (stats.get(name, method).get_response_time_percentile(0.99) or 0) > P99_GOAL_MS]
    verdicts = [
        ("no errors", total.num_failures == 0 and not outcome["abandoned"]),
        (f"p99 <= {P99_GOAL_MS} ms for every step but the upload" + (f" (over: {', '.join(slow)})" if slow else ""), not slow),
    ]
    return verdicts


def check_database(campaign, users, wait_seconds):
    """After the worker: each applicant's project submitted once, one log row, one notification,
    every duplicate check done."""
    from django.db.models import Count

    from apps.notifications.models import Notification
    from apps.projects import similarity
    from apps.projects.models import Project, ProjectFingerprint, ProjectTransition

    projects = Project.objects.filter(campaign=campaign)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        pending = ProjectFingerprint.objects.filter(project__in=projects, status="pending").count()
        mail_pending = Notification.objects.filter(project__in=projects, email_status="pending").count()
        if not pending and not mail_pending:
            break
        time.sleep(2)
    per_org = list(projects.values("organization").annotate(n=Count("pk")).values_list("n", flat=True))
    submitted = projects.filter(state="submitted").count()
    logs = dict(
        ProjectTransition.objects.filter(project__in=projects, transition="submit")
        .values("project").annotate(n=Count("pk")).values_list("project", "n")
    )
    notes = dict(
        Notification.objects.filter(project__in=projects).values("project").annotate(n=Count("pk")).values_list("project", "n")
    )
    fingerprints = ProjectFingerprint.objects.filter(project__in=projects)
    statuses = dict(fingerprints.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    flagged = sum(1 for f in fingerprints if f.max_score >= similarity.THRESHOLD)
    mail = dict(Notification.objects.filter(project__in=projects).values("email_status").annotate(n=Count("pk")).values_list("email_status", "n"))
    pks = list(projects.values_list("pk", flat=True))
    once = sum(1 for pk in pks if logs.get(pk) == 1)
    one_note = sum(1 for pk in pks if notes.get(pk) == 1)
    print(f"\nin the database: {len(pks)} projects of {len(per_org)} organisations (most of one organisation: {max(per_org, default=0)})")
    print(f"  submitted: {submitted}; with exactly one submit log row: {once}; more than one: {sum(1 for n in logs.values() if n > 1)}")
    print(f"  with exactly one notification: {one_note}; notifications in all: {sum(notes.values())}; e-mail: {mail}")
    print(f"  duplicate checks: {statuses}; flagged (score >= {similarity.THRESHOLD}): {flagged}")
    return [
        (
            f"every submission recorded exactly once ({submitted}/{users} submitted, {once} with one log row, {one_note} with one notification)",
            len(pks) == users and submitted == users and once == users and one_note == users and max(per_org, default=0) == 1,
        ),
        (f"every duplicate check finished ({statuses.get('done', 0)}/{users})", statuses.get("done", 0) == users and len(statuses) == 1),
        (f"no submission flagged as a duplicate ({flagged})", flagged == 0),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database, dropped and created afresh")
    parser.add_argument("--redis-url", required=True, help="a Redis database of its own (flushed)")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a person's steps")
    parser.add_argument("--gunicorn-workers", type=int, default=None, help="default: tjqa/gunicorn.conf.py")
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--wait", type=int, default=600, help="seconds to wait for the worker at the end")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tjqa-rush."))
    port = free_port()
    env = production_env(args.database_url, args.redis_url, port, work)
    stack = Stack(env, work)
    previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        t0 = time.monotonic()
        fresh_database(args.database_url)
        subprocess.run(["redis-cli", "-u", args.redis_url, "flushdb"], check=True, stdout=subprocess.DEVNULL)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput", "-v0")
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")
        import django

        django.setup()
        campaign = seed(args.users)
        from django.db import connection

        connection.close()
        print(f"database ready in {time.monotonic() - t0:.0f} s: campaign {campaign.year}, applications close {campaign.application_closes}")

        web_env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}")
        if args.gunicorn_workers:
            web_env["GUNICORN_WORKERS"] = str(args.gunicorn_workers)
        bin_dir = ROOT / ".venv" / "bin"  # the project's own, whichever Python runs locust
        stack.start("gunicorn", str(bin_dir / "gunicorn"), "tjqa.wsgi:application", "-c", "tjqa/gunicorn.conf.py", env=web_env)
        stack.start("worker", str(bin_dir / "celery"), "-A", "tjqa", "worker", "-l", "info", "--concurrency", str(args.worker_concurrency),
                    "-n", f"rush-{port}@%h", "--without-gossip", "--without-mingle")
        stack.start("beat", str(bin_dir / "celery"), "-A", "tjqa", "beat", "-l", "info", "--schedule", str(work / "celerybeat-schedule"))
        host = f"http://127.0.0.1:{port}"
        wait_for(host + "/accounts/login/")
        warm_up(host, args.gunicorn_workers or 4)
        print(f"gunicorn on {host} (workers: {web_env.get('GUNICORN_WORKERS', 'conf default')}), Celery worker (concurrency {args.worker_concurrency}) and beat on {args.redis_url}; logs in {work}")
        print(f"{args.users} applicants arriving over {args.minutes:g} minutes …", flush=True)

        stats, elapsed, outcome = run_rush(host, args.users, args.minutes, args.think, step_timeout=120)
        verdicts = report(stats, elapsed, outcome, args.users)
        verdicts += check_database(campaign, args.users, args.wait)
        print()
        for label, ok in verdicts:
            print(f"{'PASS' if ok else 'FAIL'}  {label}")
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    finally:
        stack.stop()
        signal.signal(signal.SIGTERM, previous)
        # The logs stay for a look; the 400 MB of uploads and the collected static files do not.
        for folder in ("media", "static"):
            shutil.rmtree(work / folder, ignore_errors=True)
        if args.drop:
            from django.db import connections

            connections.close_all()
            drop_database(args.database_url)


if __name__ == "__main__":
    main()
