#!/usr/bin/env bash
# CI production pass (CI=true, after the other passes): the portal as deployed, on PostgreSQL and
# Redis with DEBUG off — collectstatic (WhiteNoise), `check --deploy --fail-level WARNING`,
# gunicorn on a free port, a real Celery worker and beat, smoke requests over HTTP for every demo
# role, and `kill -9` of the worker in the middle of a certificate run (every certificate must
# still be issued exactly once). Any failure fails the pass; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
prefix="${TJQA_CI_DB_PREFIX:-tjqa_ci}"
db="${prefix}_prod"
redis_db="${TJQA_CI_PROD_REDIS_DB:-10}"
work=$(mktemp -d /tmp/tjqa-production-pass.XXXXXX)
port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pids=()

cleanup() {
  status=$?
  for pidfile in "$work"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  sleep 2
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  if [ $status -ne 0 ]; then
    for log in "$work"/*.log; do echo "---- $log (last lines)"; tail -n 40 "$log"; done
  fi
  psql "postgres://postgres@127.0.0.1:5432/postgres" -q -c "DROP DATABASE IF EXISTS $db" 2>/dev/null || true
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT

psql "postgres://postgres@127.0.0.1:5432/postgres" -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
redis-cli -h 127.0.0.1 -p 6379 -n "$redis_db" flushdb >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
export REDIS_URL="redis://127.0.0.1:6379/$redis_db"
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="ci-$($PY -c 'import secrets; print(secrets.token_urlsafe(48))')"
export TJQA_SITE_URL="http://127.0.0.1:$port"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export TJQA_MEDIA_ROOT="$work/media" TJQA_STATIC_ROOT="$work/static"
export DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
# A crashed worker's certificates are picked up 15 s after they were taken; the sweeper runs every 5 s.
export TJQA_CERTIFICATE_STUCK_SECONDS=15 TJQA_SWEEP_SECONDS=5
export PYTHONUNBUFFERED=1

echo "-- migrate, cache table, collectstatic (WhiteNoise)"
$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable
$PY manage.py collectstatic --noinput -v0
ls "$TJQA_STATIC_ROOT"/admin/css/base.css.gz >/dev/null

echo "-- check --deploy --fail-level WARNING (production settings, HTTPS on)"
TJQA_HTTPS=1 TJQA_SITE_URL="https://tjqa.example.cn" $PY manage.py check --deploy --fail-level WARNING

start() {  # start NAME COMMAND...: in its own process group, output to $work/NAME.log
  local name=$1; shift
  setsid "$@" >"$work/$name.log" 2>&1 &
  echo $! >"$work/$name.pid"
  pids+=("$!")
}

echo "-- gunicorn on 127.0.0.1:$port, a Celery worker and beat"
start gunicorn .venv/bin/gunicorn tjqa.wsgi:application -c tjqa/gunicorn.conf.py --bind "127.0.0.1:$port" --workers 2
start worker1 .venv/bin/celery -A tjqa worker -l info -c 2 -n "ci-worker1@%h" --without-gossip --without-mingle
start beat .venv/bin/celery -A tjqa beat -l info --schedule "$work/celerybeat-schedule"

echo "-- demo data (its certificates rendered by the worker)"
$PY manage.py seed_demo --quiet

echo "-- smoke requests over HTTP, then kill -9 of the worker during a certificate run"
$PY .ci/production_check.py --base "http://127.0.0.1:$port" --work "$work" --certificates "${TJQA_CI_CERTIFICATES:-60}"
echo "-- production pass green"
