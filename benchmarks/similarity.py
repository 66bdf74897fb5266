"""第七条(四) duplicate check at 15,000 earlier projects: a web worker's memory and boot time,
the submit's latency and one check's work. Runs against any checkout of the repository, so the
same figures can be taken before and after a change:

    .venv/bin/python benchmarks/similarity.py --code . --db /tmp/tjqa-sim/after.sqlite3
    git archive main | tar -x -C /tmp/tjqa-main
    .venv/bin/python benchmarks/similarity.py --code /tmp/tjqa-main --db /tmp/tjqa-sim/before.sqlite3

1. (once per --db) builds a SQLite database: 5 earlier campaigns × 3,000 synthetic applications
   with two metrics each, stored for the check the way that checkout stores a submission
   (``similarity.store_fingerprint``), plus this year's drafts of one applicant;
2. starts gunicorn with that checkout's ``tjqa/gunicorn.conf.py`` and one worker, and times the
   first answer from the moment it is started (boot);
3. logs in as the applicant and times ``submit`` of a near-copy of an earlier project through
   /projects/<pk>/act/, then ``withdraw`` of another through the same view, reading the worker's
   RSS (VmRSS) after the first answer and after each action;
4. times one check of a new application in a separate process (``check_on_submit``: the first
   one in a fresh process and the median of the next ones).

``--redis URL`` runs the web worker with Celery on that broker (the check is queued, not run in
the worker); without it Celery is eager and the check runs inside the submit.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BUILD = textwrap.dedent(
    r'''
    import os, random, sys, time, django
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")
    django.setup()
    from decimal import Decimal
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    call_command("migrate", verbosity=0)
    from apps.accounts.roles import Role
    from apps.campaigns.models import Campaign
    from apps.projects import similarity
    from apps.projects.models import Metric, Project
    from tests.factories import OrganizationFactory, RecommenderFactory, make_user, open_dates, ready_application

    N = int(os.environ["BENCH_PROJECTS"])
    rng = random.Random(7)
    PRODUCTS = ["轴承套圈", "层压板", "座椅骨架", "贴片电路板", "冻干制剂", "速冻水饺", "换热器", "热轧带钢", "配电网", "齿轮箱",
                "液压阀", "注塑件", "锂电池极片", "光纤预制棒", "不锈钢管", "铝合金轮毂", "混凝土预制件", "医用导管", "变压器", "纺织面料"]
    DEFECTS = ["烧伤", "分层", "返修", "虚焊", "异物", "破损", "泄漏", "边裂", "停电", "异响", "渗漏", "缩痕", "毛刺", "气泡", "色差",
               "尺寸超差", "裂纹", "变形", "锈蚀", "断线"]
    METHODS = ["鱼骨图", "排列图", "正交试验", "控制图", "5W1H", "头脑风暴", "关联图", "系统图", "FMEA", "散布图", "直方图", "PDPC法"]
    CAUSES = ["工艺参数不合理", "设备精度下降", "检测方法不统一", "原材料批次波动", "操作人员技能不足", "环境温湿度变化", "工装夹具磨损",
              "作业指导书缺失", "来料检验不严", "保养周期过长", "模具设计缺陷", "冷却时间不足"]
    CHARS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
             "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那"
             "社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并")
    OWN = [a + b for a, b in zip(CHARS[::2], CHARS[1::2])] + [a + b for a, b in zip(CHARS[1::3], CHARS[2::3])]
    WORDS = ["质量", "效率", "成本", "稳定", "改进", "车间", "班组", "客户", "投诉", "标准", "数据", "统计", "分析", "确认", "验证",
             "实施", "培训", "巡检", "工序", "产线", "能耗", "交付", "合格率", "一次交检", "返工", "报废", "良品", "节拍", "产能", "点检"]

    def text():
        product, defect = rng.choice(PRODUCTS), rng.choice(DEFECTS)
        title = f"降低{product}{defect}不合格率" if rng.random() < 0.7 else f"提高{product}{rng.choice(WORDS)}水平"
        sections = []
        for _ in range(9):
            parts = [f"{rng.choice(WORDS)}{rng.choice(WORDS)}方面，运用{rng.choice(METHODS)}发现{rng.choice(CAUSES)}，"
                     f"{product}{defect}比例为{rng.randint(1, 99)}.{rng.randint(0, 9)}%，{rng.choice(WORDS)}{rng.choice(WORDS)}"
                     for _ in range(rng.randint(3, 6))]
            sections.append("；".join(parts) + "。" + "".join(rng.choice(OWN) for _ in range(rng.randint(20, 40))) + "。")
        return title, sections

    t0 = time.perf_counter()
    years = list(range(2021, 2027))
    campaigns = {y: Campaign.objects.create(year=y, title=f"{y}年工作方案", published=True, **open_dates()) for y in years}
    orgs = [OrganizationFactory() for _ in range(50)]
    unit = RecommenderFactory()
    with transaction.atomic():
        batch = []
        for n in range(N):
            title, sections = text()
            batch.append(Project(campaign=campaigns[years[n * 5 // N]], organization=orgs[n % 50], title=title,
                                 submitted_at=timezone.now(), **dict(zip(Project.PDCA_FIELDS, sections))))
        Project.objects.bulk_create(batch, batch_size=1000)
        projects = list(Project.objects.select_related("campaign", "organization").order_by("pk"))
        Metric.objects.bulk_create(
            [Metric(project=p, name=f"{p.title[2:8]}率", unit="%", baseline=Decimal(rng.randint(20, 90)) / 10, target=Decimal(rng.randint(1, 19)) / 10) for p in projects]
            + [Metric(project=p, name="年节约成本", unit="万元", baseline=0, target=rng.randint(10, 300)) for p in projects],
            batch_size=2000,
        )
        for p in projects:
            similarity.store_fingerprint(p)
    print(f"built {N} earlier projects in {time.perf_counter() - t0:.0f}s", file=sys.stderr)

    applicant = make_user(Role.APPLICANT, organization=orgs[0], username="bench_applicant")
    applicant.set_password("bench-pass-2026")
    applicant.save()
    source = projects[len(projects) // 2]
    copy_fields = {f: getattr(source, f).replace("运用", "采用") for f in Project.PDCA_FIELDS}
    drafts = [ready_application(campaign=campaigns[2026], organization=orgs[0], recommender=unit, created_by=applicant,
                                title=source.title + "（二期）", **copy_fields) for _ in range(3)]
    for i in range(3):
        title, sections = text()
        drafts.append(ready_application(campaign=campaigns[2026], organization=orgs[0], recommender=unit, created_by=applicant,
                                        title=title, **dict(zip(Project.PDCA_FIELDS, sections))))
    print(" ".join(str(d.pk) for d in drafts))
    '''
)

CHECK = textwrap.dedent(
    r'''
    import os, sys, time, statistics, django
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")
    django.setup()
    import resource
    from apps.projects import similarity
    from apps.projects.models import Project
    ids = [int(x) for x in sys.argv[1:]]
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, cpu = [], []
    for pk in ids:
        p = Project.objects.select_related("campaign", "organization").get(pk=pk)
        t, c = time.perf_counter(), time.process_time()
        similarity.check_on_submit(p)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"first_ms": times[0] * 1000, "next_ms": [t * 1000 for t in times[1:]],
                      "first_cpu_ms": cpu[0] * 1000, "next_cpu_ms": [c * 1000 for c in cpu[1:]],
                      "peak_rss_growth_mib": (rss1 - rss0) / 1024}))
    '''
).replace("import os, sys", "import json, os, sys")


def rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def cpu_s(pid):
    """User + system CPU seconds of a process so far (robust to a loaded machine, unlike wall time)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pid(master):
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else None


class Client:
    def __init__(self, base):
        self.base, self.cookies = base, {}

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if data is not None:
            req.add_header("Referer", self.base + path)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **k):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            resp = opener.open(req, timeout=120)
        except urllib.error.HTTPError as e:
            resp = e
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return resp.status, resp.read().decode("utf-8", "replace")

    def csrf(self, path):
        _, html = self.request(path)
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return m.group(1) if m else self.cookies.get("csrftoken", "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", default=".", help="checkout to measure")
    parser.add_argument("--db", required=True, help="SQLite file (built on first use)")
    parser.add_argument("--projects", type=int, default=15000)
    parser.add_argument("--port", type=int, default=8055)
    parser.add_argument("--redis", default="", help="Celery broker for the web worker (default: eager)")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    code = Path(args.code).resolve()
    python = str(Path(__file__).resolve().parents[1] / ".venv" / "bin" / "python")
    db = Path(args.db).resolve()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "TJQA_MEDIA_ROOT": str(db.parent / "media"),
           "BENCH_PROJECTS": str(args.projects), "PYTHONPATH": str(code)}
    env.pop("REDIS_URL", None)
    ids_file = db.with_suffix(".ids")
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        out = subprocess.run([python, "-c", BUILD], cwd=code, env=env, capture_output=True, text=True)
        if out.returncode:
            sys.exit(out.stderr)
        print(out.stderr.strip())
        ids_file.write_text(out.stdout.strip().splitlines()[-1])
    if args.build_only:
        return
    ids = [int(x) for x in ids_file.read_text().split()]
    copies, others = ids[:3], ids[3:]

    web_env = {**env, "GUNICORN_WORKERS": "1", "GUNICORN_BIND": f"127.0.0.1:{args.port}"}
    if args.redis:
        web_env["REDIS_URL"] = args.redis
    gunicorn = str(Path(python).parent / "gunicorn")
    started = time.perf_counter()
    master = subprocess.Popen([gunicorn, "-c", "tjqa/gunicorn.conf.py", "tjqa.wsgi:application"], cwd=code, env=web_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result = {"code": str(code), "celery": "redis" if args.redis else "eager", "load_average": os.getloadavg()[0]}
    try:
        client = Client(f"http://127.0.0.1:{args.port}")
        while True:
            try:
                status, _ = client.request("/accounts/login/")
                if status == 200:
                    break
            except OSError:
                pass
            if time.perf_counter() - started > 120:
                sys.exit("no answer within 120 s")
            time.sleep(0.05)
        result["boot_to_first_answer_s"] = round(time.perf_counter() - started, 2)
        worker = worker_pid(master.pid)
        result["worker_cpu_to_first_answer_s"] = round(cpu_s(worker), 2)
        result["worker_rss_after_first_answer_mib"] = round(rss_mib(worker), 1)
        token = client.csrf("/accounts/login/")
        status, _ = client.request("/accounts/login/", {"csrfmiddlewaretoken": token, "username": "bench_applicant", "password": "bench-pass-2026"})
        assert status == 302, f"login failed ({status})"
        client.request("/")
        result["worker_rss_logged_in_mib"] = round(rss_mib(worker), 1)

        def submit(pk, state):
            # The submission screen with the authenticity commitment ticked (第二十一条); a
            # checkout from before it submits through the generic action URL.
            status, _ = client.request(f"/projects/{pk}/submit/")
            screen = status == 200
            token = client.csrf(f"/projects/{pk}/submit/" if screen else f"/projects/{pk}/")
            data = {"csrfmiddlewaretoken": token, "expected_state": state}
            data.update({"commitment": "on"} if screen else {"name": "submit"})
            t, c = time.perf_counter(), cpu_s(worker)
            status, _ = client.request(f"/projects/{pk}/submit/" if screen else f"/projects/{pk}/act/", data)
            took, cpu = time.perf_counter() - t, cpu_s(worker) - c
            assert status == 302, f"submit answered {status}"
            return round(took * 1000), round(cpu * 1000)

        submits = [submit(pk, "draft") for pk in copies]
        result["submit_ms"] = [t for t, _ in submits]
        result["submit_worker_cpu_ms"] = [c for _, c in submits]
        result["worker_rss_after_submits_mib"] = round(rss_mib(worker), 1)
        withdraws = [act(pk, "withdraw", "submitted") for pk in copies]
        result["withdraw_ms"] = [t for t, _ in withdraws]
        result["withdraw_worker_cpu_ms"] = [c for _, c in withdraws]
        result["worker_rss_end_mib"] = round(rss_mib(worker), 1)
    finally:
        master.terminate()
        master.wait(timeout=30)

    out = subprocess.run([python, "-c", CHECK, *map(str, others)], cwd=code, env=env, capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr)
    check = json.loads(out.stdout.strip().splitlines()[-1])
    result["check_first_ms"] = round(check["first_ms"])
    result["check_next_ms"] = [round(t) for t in check["next_ms"]]
    result["check_first_cpu_ms"] = round(check["first_cpu_ms"])
    result["check_next_cpu_ms"] = [round(t) for t in check["next_cpu_ms"]]
    result["check_process_peak_rss_growth_mib"] = round(check["peak_rss_growth_mib"], 1)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
