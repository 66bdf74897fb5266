"""CI production pass, over HTTP against gunicorn and with the real worker and beat:

1. public pages, static files (WhiteNoise) and /healthz;
2. every demo role logs in over HTTP (CSRF token from the form) and opens its start pages;
3. a certificate run of N new awards: the worker is killed with SIGKILL (its whole process
   group) after a few certificates, a new worker is started, and the beat's sweeper must bring
   the run to the end with every certificate issued exactly once.

Run by .ci/production-pass.sh with the production environment (DATABASE_URL, REDIS_URL, …)."""

import argparse
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")

DEMO_PASSWORD = "Tjqa@2026"
ROLES = {  # demo user → pages that must answer 200 once signed in
    "admin": ["/admin/"],
    "shijianwei": ["/workbench/", "/campaigns/", "/awards/manage/"],
    "disanfang": ["/workbench/", "/experts/pool/", "/experts/panels/"],
    "tuijian": ["/workbench/", "/recommenders/"],
    "qiye": ["/workbench/", "/projects/", "/awards/mine/"],
    "zhuanjia": ["/workbench/", "/experts/"],
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode("utf-8", "replace")

    def expect(self, path, status=200):
        got, headers, body = self.request(path)
        if got != status:
            fail(f"GET {path}: {got} (expected {status}) {headers.get('Location', '')} {body[:300]}")
        return body

    def login(self, username):
        status, _, body = self.request("/accounts/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            fail(f"login page: {status}, no CSRF token")
        status, headers, body = self.request(
            "/accounts/login/", {"csrfmiddlewaretoken": match.group(1), "username": username, "password": DEMO_PASSWORD}
        )
        if status != 302:
            fail(f"login {username}: {status} {body[:300]}")
        landing = headers.get("Location", "")
        status, headers, body = self.request(urllib.parse.urlsplit(landing).path or "/")
        if status == 302 and "/otp/" in headers.get("Location", ""):
            landing = self.second_factor(username, headers["Location"])
        return landing

    def second_factor(self, username, location):
        """Staff and experts type the code of their authenticator: the demo's accounts share the
        demo secret (README; `manage.py demo_otp_code`), so the code is computed here."""
        from apps.accounts import second_factor
        from apps.accounts.models import User

        path = location.replace(self.base, "")
        status, _, body = self.request(path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            fail(f"second factor page for {username}: {status}")
        code = second_factor.current_code(second_factor.confirmed_device(User.objects.get(username=username)))
        status, headers, body = self.request(path, {"csrfmiddlewaretoken": match.group(1), "token": code})
        if status != 302:
            fail(f"second factor of {username} refused: {status} {body[:300]}")
        return headers.get("Location", "") + " after the second factor"


def fail(message):
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def wait_for(what, predicate, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    fail(f"timed out after {timeout}s waiting for {what}")


def smoke(base):
    import django

    django.setup()
    from apps.awards.models import Certificate, CertificateRunItem
    from apps.campaigns.models import Campaign

    wait_for(
        "the demo's certificates (rendered by the worker)",
        lambda: not CertificateRunItem.objects.filter(status="pending").exists() and Certificate.objects.exclude(pdf="").exists(),
        timeout=120,
    )
    browser = Browser(base)
    health = json.loads(browser.expect("/healthz"))
    if health != {"status": "ok"}:
        fail(f"/healthz: {health}")
    pages = ["/", "/workflow/", "/verify/", "/static/admin/css/base.css"]
    for campaign in Campaign.objects.filter(published=True):
        pages.append(f"/plan/{campaign.year}/")
    cert = Certificate.objects.exclude(pdf="").filter(kind="project", project__state="awarded").first()
    pages += [f"/awards/{cert.campaign.year}/", f"/verify/{cert.code}/"]
    for path in pages:
        body = browser.expect(path)
    if cert.serial not in body:
        fail("/verify/<code>/ does not show the certificate's serial")
    print(f"public: {len(pages)} pages 200 (incl. a static file through WhiteNoise), /healthz ok")
    for username, paths in ROLES.items():
        user_browser = Browser(base)
        landing = user_browser.login(username)
        for path in paths:
            user_browser.expect(path)
        user_browser.expect("/healthz")
        print(f"{username}: logged in over HTTP (→ {landing}), {len(paths)} pages 200")


def awarded_projects(n):
    """A new campaign with ``n`` awards announced through the real services."""
    from django.db.models import Max

    from apps.accounts.roles import Role
    from apps.awards.services import decisions
    from apps.campaigns.models import Campaign
    from apps.review.models import ProposalEntry
    from tests.awards.conftest import publish
    from tests.factories import CampaignFactory, OrganizationFactory, RecommenderFactory, bring_to, make_user, ready_application

    year = (Campaign.objects.aggregate(y=Max("year"))["y"] or 2026) + 1
    campaign = CampaignFactory(year=year)
    organization, unit = OrganizationFactory(name="天津生产演练制造有限公司"), RecommenderFactory(name="生产演练推荐单位")
    actors = {
        "applicant": make_user(Role.APPLICANT, organization=organization),
        "recommender": make_user(Role.RECOMMENDER, recommender=unit),
        "commission": make_user(Role.COMMISSION),
        "agency": make_user(Role.AGENCY),
    }
    for i in range(n):
        p = ready_application(campaign=campaign, organization=organization, recommender=unit, created_by=actors["applicant"], title=f"生产演练攻关项目{i + 1}")
        bring_to(p, "reviewed", actors=actors)
        ProposalEntry.objects.create(campaign=campaign, project=p, rank=i + 1, score=95 - i * 0.1, proposed_level=["first", "second", "third"][i % 3])
    publish(campaign, actors["commission"], days_ago=campaign.notice_days)
    decisions.announce(campaign=campaign, actor=actors["commission"])
    return campaign, actors


def start_worker(work, name):
    log = open(Path(work) / f"{name}.log", "ab")
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "tjqa", "worker", "-l", "info", "-c", "2", "-n", f"ci-{name}@%h", "--without-gossip", "--without-mingle"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    (Path(work) / f"{name}.pid").write_text(str(proc.pid))
    return proc


def crash_run(work, n):
    from apps.awards.models import Certificate, CertificateRun, CertificateRunItem
    from apps.awards.services.certificates import start_run
    from apps.notifications.models import Notification

    started = time.monotonic()
    campaign, actors = awarded_projects(n)
    print(f"certificate run: {n} awards announced in {time.monotonic() - started:.0f}s")
    run = start_run(campaign=campaign, actor=actors["agency"])
    wait_for("the first certificates", lambda: CertificateRun.objects.get(pk=run.pk).counts()["done"] >= 5, timeout=120, interval=0.1)
    pid = int((Path(work) / "worker1.pid").read_text())
    os.killpg(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    at_kill = CertificateRun.objects.get(pk=run.pk).counts()
    print(f"kill -9 of the worker (process group {pid}) at done={at_kill['done']} pending={at_kill['pending']} failed={at_kill['failed']}")
    if at_kill["pending"] == 0:
        fail("the run finished before the kill; start a larger run (--certificates)")
    start_worker(work, "worker2")
    counts = wait_for(
        "the run to finish through the beat's sweeper",
        lambda: (c := CertificateRun.objects.get(pk=run.pk).counts())["finished"] and c,
        timeout=180,
        interval=1,
    )
    print(f"after the crash: finished in {time.monotonic() - killed_at:.0f}s: done={counts['done']} failed={counts['failed']}")
    if counts["done"] != n or counts["failed"]:
        fail(f"certificates: {counts}")
    certs = list(Certificate.objects.filter(campaign=campaign))
    if len(certs) != n or len({c.serial for c in certs}) != n or len({c.code for c in certs}) != n:
        fail(f"{len(certs)} certificates for {n} awards")
    for cert in certs:
        if not cert.rendered_at or not cert.pdf or Path(cert.pdf.path).read_bytes()[:5] != b"%PDF-":
            fail(f"certificate {cert.serial} without its PDF")
    titles = list(Notification.objects.filter(recipient=actors["applicant"], title__startswith="获奖证书已生成").values_list("title", flat=True))
    if len(titles) != n or len(set(titles)) != n:
        fail(f"{len(titles)} 'issued' notifications ({len(set(titles))} distinct) for {n} certificates")
    attempts = sum(CertificateRunItem.objects.filter(run=run).values_list("attempts", flat=True))
    print(f"every certificate issued exactly once: {n} certificates, {n} PDFs, {n} notifications; {attempts} render attempts in all")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--certificates", type=int, default=60)
    args = parser.parse_args()
    wait_for("gunicorn", lambda: _answers(args.base), timeout=60)
    smoke(args.base)
    crash_run(args.work, args.certificates)


def _answers(base):
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


if __name__ == "__main__":
    main()
