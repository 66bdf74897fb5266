"""A REAL Celery worker on Redis (not eager) for the end-to-end tests of the queued work.

The worker runs as a subprocess (`celery -A tjqa worker`) against the pytest test database
(PostgreSQL; the tests use transaction=True so it sees committed rows) and REDIS_URL. Without
PostgreSQL or REDIS_URL the tests skip with the reason — except with CI=true, where they fail."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _unavailable() -> str | None:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL=postgres://…): the worker must share the test database"
    if not django_settings.REDIS_URL:
        return "needs REDIS_URL (redis://…): the worker takes its tasks from Redis"
    if django_settings.CELERY_TASK_ALWAYS_EAGER:
        return "Celery is eager; set REDIS_URL"
    return None


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s["HOST"] or "127.0.0.1"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{s['NAME']}"


class Worker:
    """Start/stop one `celery -A tjqa worker`; its output goes to ``log``."""

    def __init__(self, media_root: Path, log: Path):
        self.media_root, self.log = media_root, log
        self.name = f"tjqa-test-{uuid.uuid4().hex[:8]}@localhost"
        self.proc = None

    def start(self, timeout=60):
        from tjqa.celery import app

        env = dict(
            os.environ,
            DATABASE_URL=_database_url(),
            REDIS_URL=django_settings.REDIS_URL,
            TJQA_MEDIA_ROOT=str(self.media_root),
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
            PYTHONUNBUFFERED="1",
        )
        self._out = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tjqa", "worker", "-l", "info", "-P", "prefork", "-c", "2", "-n", self.name, "--without-gossip", "--without-mingle"],
            cwd=ROOT,
            env=env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so kill9() takes the pool too
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Celery worker exited with {self.proc.returncode}:\n{self.output()[-3000:]}")
            replies = app.control.ping(destination=[self.name], timeout=0.5)
            if replies:
                return self
        self.stop()
        raise RuntimeError(f"Celery worker not ready after {timeout}s:\n{self.output()[-3000:]}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # warm shutdown: running tasks finish, unacked ones return
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None:
            self._out.close()
        self.proc = None

    def kill9(self):
        """SIGKILL the worker and its pool processes at once (a crash: nothing is acked)."""
        import signal

        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self._out.close()
        self.proc = None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture
def celery_worker(settings, tmp_path, transactional_db):
    """A controller of one real worker: ``celery_worker.start()``; stopped after the test."""
    reason = _unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI: the real-worker tests must run: {reason}")
        pytest.skip(reason)
    from tjqa.celery import app

    app.control.purge()  # nothing left over from an earlier run
    worker = Worker(Path(settings.MEDIA_ROOT), tmp_path / "worker.log")
    yield worker
    worker.stop()


def wait_for(predicate, timeout=90, interval=0.2, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
