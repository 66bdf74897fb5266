#!/usr/bin/env bash
# CI, PostgreSQL pass: `make backup` of a database with the demo data (certificates rendered),
# `make restore` into a new database and media folder, then every table's row count must match
# and a certificate must verify (/verify/<code>/) on the restored copy, with its PDF restored.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
server="postgres://postgres@127.0.0.1:5432"
prefix="${TJQA_CI_DB_PREFIX:-tjqa_ci}"
src="${prefix}_backup"
dst="${prefix}_restored"
work=$(mktemp -d /tmp/tjqa-backup-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

psql "$server/postgres" -q -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" -c "CREATE DATABASE $src"
# A data check, not a deployment check (that is the production pass): development settings.
export DJANGO_DEBUG=1 DATABASE_URL="$server/$src" TJQA_MEDIA_ROOT="$work/media" REDIS_URL=""
$PY manage.py migrate --noinput -v0
$PY manage.py createcachetable
$PY manage.py seed_demo --quiet

backup=$(BACKUP_DIR="$work/backups" make -s backup | tail -n 1)
echo "backup: $backup ($(du -sh "$backup" | cut -f1))"
MEDIA_INTO="$work/restored-media" make -s restore FROM="$backup" INTO="$dst"
# A second restore into the same database is refused.
if MEDIA_INTO="$work/again" make -s restore FROM="$backup" INTO="$dst" 2>/dev/null; then
  echo "restore over an existing database was not refused" >&2; exit 1
fi
$PY .ci/check_restore.py --source "$server/$src" --restored "$server/$dst" --media "$work/media" --restored-media "$work/restored-media"
psql "$server/postgres" -q -c "DROP DATABASE IF EXISTS $dst" -c "DROP DATABASE IF EXISTS $src"
